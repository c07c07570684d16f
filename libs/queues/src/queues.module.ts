import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import type { DefaultJobOptions } from 'bullmq';
import { QueueName } from './queue-names';

/** Retries with exponential backoff; finished jobs are kept briefly for inspection. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function redisConnectionOf(config: AppConfig) {
  const url = new URL(config.redis.url);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers block on Redis; they must retry forever rather than fail a command.
    maxRetriesPerRequest: null,
  };
}

@Module({})
export class QueuesModule {
  /** The BullMQ connection and the given queues, all under the deployment's key prefix. */
  static forRoot(queues: QueueName[]): DynamicModule {
    return {
      module: QueuesModule,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: redisConnectionOf(config),
            prefix: `${config.redis.keyPrefix}:bull`,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        ...queues.map((name) => BullModule.registerQueue({ name })),
      ],
      exports: [BullModule],
    };
  }
}
