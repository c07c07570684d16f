import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import Redis from 'ioredis';

/**
 * A shared ioredis connection for caches, counters and throttling. Keys are written under the
 * deployment's prefix (`<prefix>:`), so two deployments or test runs never see each other.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.client = new Redis(config.redis.url, {
      keyPrefix: `${config.redis.keyPrefix}:`,
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    // Errors surface through commands and readiness; an unhandled 'error' event would crash.
    this.client.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}

@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
