import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lib/audit';
import { ServiceKernelModule } from '@lib/microservice';
import { NotificationOutbox, notificationOutboxControllerFor } from '@lib/outbox';
import { QueueName, QueuesModule } from '@lib/queues';
import { SearchModule } from '@lib/search';
import { DemandEntity } from './demands/demand.entity';
import { DemandIndexer } from './demands/demand-indexer';
import { DemandSearch } from './demands/demand-search';
import { DemandsHandlers } from './demands/demands.handlers';
import { DemandsService } from './demands/demands.service';
import { OrganisationStandingClient } from './demands/organisation-standing';
import { InterestEntity } from './interests/interest.entity';
import { InterestsHandlers } from './interests/interests.handlers';
import { InterestsService } from './interests/interests.service';
import { PartiesHandlers } from './interests/parties.handlers';
import { MatchCandidates } from './matcher/candidates';
import { ListingsClient } from './matcher/listings-client';
import { MatchEntity } from './matcher/match.entity';
import { MatchNotifier } from './matcher/match-notifier';
import { MatchTrigger } from './matcher/match-trigger';
import { MatcherService } from './matcher/matcher.service';
import { MatchesHandlers } from './matcher/matches.handlers';
import { NegotiationEntity, NegotiationMessageEntity, OfferEntity } from './negotiations/negotiation.entity';
import { NegotiationsHandlers } from './negotiations/negotiations.handlers';
import { NegotiationsService } from './negotiations/negotiations.service';
import { PeerServices } from './negotiations/peer-services';
import { TradeOpener } from './negotiations/trade-opener';
import { InboxHandlers } from './notifications/inbox.handlers';
import { InboxService } from './notifications/inbox.service';
import { NotificationEntity } from './notifications/notification.entity';

/** Demands and the matcher with its matches (issue 7, first half); interest → negotiation → trade; the in-app notification inbox. */
@Module({
  imports: [
    ServiceKernelModule.forService('matching'),
    TypeOrmModule.forFeature([DemandEntity, MatchEntity, InterestEntity, NegotiationEntity, NegotiationMessageEntity, OfferEntity, NotificationEntity]),
    AuditModule,
    QueuesModule.forRoot([QueueName.matching, QueueName.negotiationTrades]),
    SearchModule,
  ],
  controllers: [DemandsHandlers, MatchesHandlers, PartiesHandlers, InterestsHandlers, NegotiationsHandlers, InboxHandlers, notificationOutboxControllerFor('matching')],
  providers: [
    NotificationOutbox,
    DemandsService,
    DemandIndexer,
    DemandSearch,
    OrganisationStandingClient,
    MatcherService,
    MatchCandidates,
    ListingsClient,
    MatchNotifier,
    MatchTrigger,
    PeerServices,
    InterestsService,
    NegotiationsService,
    TradeOpener,
    InboxService,
  ],
})
export class MatchingModule {}
