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
import { EvaluationDeadlinesProcessor, EvaluationSweepScheduler } from './evaluation-deadlines/evaluation-deadlines.processor';
import { CatalogueSweepScheduler, SearchIndexingProcessor } from './search-indexing/search-indexing.processor';
import { HeartbeatProcessor, HeartbeatScheduler } from './system/heartbeat.processor';
import { QueuesProbe } from './system/queues.probe';
import { QueueWorkers } from './queue-workers';
import { RedisReconciler } from './reconciler/redis-reconciler';
import { CatalogueMatching } from './matching/catalogue-matching';
import { MatchingProcessor, MatchingSweepScheduler } from './matching/matching.processor';
import { TradeDeadlinesProcessor, TradeDeadlinesScheduler } from './trade-deadlines/trade-deadlines.processor';
import { NotificationDeliveryCalls } from './notifications/delivery-calls';
import { DELIVERY_CHANNELS, InAppChannel } from './notifications/delivery-channel';
import { NotificationRequestsController } from './notifications/notification-requests.controller';
import { NotificationsProcessor } from './notifications/notifications.processor';
import { NotificationOutboxRelay } from './notifications/notification-outbox-relay';
import { NotificationOutboxHints, NotificationOutboxSweepScheduler } from './notifications/notification-outbox-sweep';
import { NegotiationTradesProcessor, NegotiationTradesSweepScheduler } from './negotiations/negotiation-trades.processor';
import { AuditSealingProcessor, AuditSealingScheduler } from './audit-sealing/audit-sealing.processor';

/** Runs the BullMQ queues (heartbeat, catalogue indexing, auction settlement, trade deadlines, notifications, negotiated trades, evaluation deadlines, matching, audit sealing); answers `worker.ping` on NATS like every service. */
@Module({
  imports: [
    AppConfigModule.forRoot('worker'),
    ObservabilityModule.forRoot('rpc'),
    RedisModule,
    DiscoveryModule,
    QueuesModule.forRoot([
      QueueName.system,
      QueueName.searchIndexing,
      QueueName.auctionLifecycle,
      QueueName.tradeDeadlines,
      QueueName.notifications,
      QueueName.negotiationTrades,
      QueueName.evaluationDeadlines,
      QueueName.matching,
      QueueName.auditSealing,
    ]),
    SearchModule,
  ],
  controllers: [pingControllerFor('worker'), NotificationRequestsController, NotificationOutboxHints],
  providers: [
    HeartbeatProcessor,
    QueueWorkers,
    RedisReconciler,
    HeartbeatScheduler,
    ServiceClient,
    CatalogueRelay,
    SearchIndexingProcessor,
    CatalogueSweepScheduler,
    AuctionLifecycleProcessor,
    AuctionSweepScheduler,
    TradeDeadlinesProcessor,
    TradeDeadlinesScheduler,
    EvaluationDeadlinesProcessor,
    EvaluationSweepScheduler,
    CatalogueMatching,
    MatchingProcessor,
    MatchingSweepScheduler,
    QueuesProbe,
    InAppChannel,
    { provide: DELIVERY_CHANNELS, inject: [InAppChannel], useFactory: (...channels: InAppChannel[]) => channels },
    NotificationsProcessor,
    NotificationDeliveryCalls,
    NotificationOutboxRelay,
    NotificationOutboxSweepScheduler,
    NegotiationTradesProcessor,
    NegotiationTradesSweepScheduler,
    AuditSealingProcessor,
    AuditSealingScheduler,
    ...pingProviders([QueuesProbe]),
    { provide: APP_FILTER, useClass: RpcErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class WorkerModule {}
