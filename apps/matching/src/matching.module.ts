import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lib/audit';
import { ServiceKernelModule } from '@lib/microservice';
import { QueueName, QueuesModule } from '@lib/queues';
import { SearchModule } from '@lib/search';
import { DemandEntity } from './demands/demand.entity';
import { DemandIndexer } from './demands/demand-indexer';
import { DemandSearch } from './demands/demand-search';
import { DemandsHandlers } from './demands/demands.handlers';
import { DemandsService } from './demands/demands.service';
import { OrganisationStandingClient } from './demands/organisation-standing';
import { MatchCandidates } from './matcher/candidates';
import { ListingsClient } from './matcher/listings-client';
import { MatchEntity } from './matcher/match.entity';
import { MatchNotifier } from './matcher/match-notifier';
import { MatchTrigger } from './matcher/match-trigger';
import { MatcherService } from './matcher/matcher.service';
import { MatchesHandlers } from './matcher/matches.handlers';

/** Demands, the matcher and its matches (issue 7). */
@Module({
  imports: [
    ServiceKernelModule.forService('matching'),
    TypeOrmModule.forFeature([DemandEntity, MatchEntity]),
    AuditModule,
    QueuesModule.forRoot([QueueName.matching]),
    SearchModule,
  ],
  controllers: [DemandsHandlers, MatchesHandlers],
  providers: [
    DemandsService,
    DemandIndexer,
    DemandSearch,
    OrganisationStandingClient,
    MatcherService,
    MatchCandidates,
    ListingsClient,
    MatchNotifier,
    MatchTrigger,
  ],
})
export class MatchingModule {}
