import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { AppConfigModule } from '@lib/config';
import { createValidationPipe, RpcErrorFilter } from '@lib/errors';
import { pingControllerFor, pingProviders } from '@lib/microservice';
import { ObservabilityModule } from '@lib/observability';
import { QueueName, QueuesModule } from '@lib/queues';
import { RedisModule } from '@lib/redis';
import { ServiceClient } from '@lib/messaging';
import { SearchModule } from '@lib/search';
import { CatalogueRelay } from './search-indexing/catalogue-relay';
import { AuctionLifecycleProcessor, AuctionSweepScheduler } from './auction-lifecycle/auction-lifecycle.processor';
import { CatalogueSweepScheduler, SearchIndexingProcessor } from './search-indexing/search-indexing.processor';
import { HeartbeatProcessor, HeartbeatScheduler } from './system/heartbeat.processor';
import { QueuesProbe } from './system/queues.probe';
import { QueueWorkers } from './queue-workers';
import { CatalogueMatching } from './matching/catalogue-matching';
import { MatchingProcessor, MatchingSweepScheduler } from './matching/matching.processor';

/** Runs the BullMQ queues (heartbeat, catalogue indexing, auction settlement, matching); answers `worker.ping` on NATS like every service. */
@Module({
  imports: [
    AppConfigModule.forRoot('worker'),
    ObservabilityModule.forRoot('rpc'),
    RedisModule,
    DiscoveryModule,
    QueuesModule.forRoot([QueueName.system, QueueName.searchIndexing, QueueName.auctionLifecycle, QueueName.matching]),
    SearchModule,
  ],
  controllers: [pingControllerFor('worker')],
  providers: [
    HeartbeatProcessor,
    QueueWorkers,
    HeartbeatScheduler,
    ServiceClient,
    CatalogueRelay,
    SearchIndexingProcessor,
    CatalogueSweepScheduler,
    AuctionLifecycleProcessor,
    AuctionSweepScheduler,
    CatalogueMatching,
    MatchingProcessor,
    MatchingSweepScheduler,
    QueuesProbe,
    ...pingProviders([QueuesProbe]),
    { provide: APP_FILTER, useClass: RpcErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class WorkerModule {}
