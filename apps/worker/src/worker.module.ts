import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AppConfigModule } from '@lib/config';
import { createValidationPipe, RpcErrorFilter } from '@lib/errors';
import { pingControllerFor, pingProviders } from '@lib/microservice';
import { ObservabilityModule } from '@lib/observability';
import { QueueName, QueuesModule } from '@lib/queues';
import { RedisModule } from '@lib/redis';
import { HeartbeatProcessor, HeartbeatScheduler } from './system/heartbeat.processor';
import { QueuesProbe } from './system/queues.probe';

/** Runs the BullMQ queues; answers `worker.ping` on NATS like every service. */
@Module({
  imports: [
    AppConfigModule.forRoot('worker'),
    ObservabilityModule.forRoot('rpc'),
    RedisModule,
    QueuesModule.forRoot([QueueName.system]),
  ],
  controllers: [pingControllerFor('worker')],
  providers: [
    HeartbeatProcessor,
    HeartbeatScheduler,
    QueuesProbe,
    ...pingProviders([QueuesProbe]),
    { provide: APP_FILTER, useClass: RpcErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class WorkerModule {}
