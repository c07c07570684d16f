import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lib/audit';
import { ServiceKernelModule } from '@lib/microservice';
import { QueueName, QueuesModule } from '@lib/queues';
import { InterestEntity } from './interests/interest.entity';
import { InterestsHandlers } from './interests/interests.handlers';
import { InterestsService } from './interests/interests.service';
import { PartiesHandlers } from './interests/parties.handlers';
import { NegotiationEntity, NegotiationMessageEntity, OfferEntity } from './negotiations/negotiation.entity';
import { NegotiationsHandlers } from './negotiations/negotiations.handlers';
import { NegotiationsService } from './negotiations/negotiations.service';
import { PeerServices } from './negotiations/peer-services';
import { TradeOpener } from './negotiations/trade-opener';
import { InboxHandlers } from './notifications/inbox.handlers';
import { InboxService } from './notifications/inbox.service';
import { NotificationEntity } from './notifications/notification.entity';

/** Demands and matches (issue 7, first half); interest → negotiation → trade; the in-app notification inbox. */
@Module({
  imports: [
    ServiceKernelModule.forService('matching'),
    TypeOrmModule.forFeature([InterestEntity, NegotiationEntity, NegotiationMessageEntity, OfferEntity, NotificationEntity]),
    AuditModule,
    QueuesModule.forRoot([QueueName.negotiationTrades]),
  ],
  controllers: [PartiesHandlers, InterestsHandlers, NegotiationsHandlers, InboxHandlers],
  providers: [PeerServices, InterestsService, NegotiationsService, TradeOpener, InboxService],
})
export class MatchingModule {}
