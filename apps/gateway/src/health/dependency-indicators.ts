import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DomainServiceName, DOMAIN_SERVICES } from '@lib/config';
import { ServiceClient } from '@lib/messaging';
import { PingReply, pingPatternOf } from '@lib/microservice';
import { RedisConnection } from '@lib/redis';
import { Meilisearch } from 'meilisearch';

/** Apps the gateway depends on and pings through NATS. */
export const PINGED_APPS: (DomainServiceName | 'worker')[] = [...DOMAIN_SERVICES, 'worker'];

const PING_TIMEOUT_MS = 2000;

/** Readiness checks of the components under the gateway, each reported under its own key. */
@Injectable()
export class DependencyIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly redis: RedisConnection,
    private readonly services: ServiceClient,
    private readonly meili: Meilisearch,
  ) {}

  async redisReachable(): Promise<HealthIndicatorResult> {
    const check = this.health.check('redis');
    try {
      const started = Date.now();
      await this.redis.client.ping();
      return check.up({ latencyMs: Date.now() - started });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async natsReachable(): Promise<HealthIndicatorResult> {
    const check = this.health.check('nats');
    try {
      return check.up({ latencyMs: await this.services.natsRoundTrip() });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async meilisearchReachable(): Promise<HealthIndicatorResult> {
    const check = this.health.check('meilisearch');
    try {
      const { status } = await this.meili.health();
      return status === 'available' ? check.up() : check.down({ message: status });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  /** The app answers its ping over NATS and every check it runs itself is up. */
  async appReachable(app: DomainServiceName | 'worker'): Promise<HealthIndicatorResult> {
    const check = this.health.check(app);
    try {
      const reply = await this.services.send<PingReply>(pingPatternOf(app), {}, PING_TIMEOUT_MS);
      const failing = Object.entries(reply.checks).filter(([, result]) => !result.up);
      const data = { instanceId: reply.instanceId, checks: reply.checks };
      return failing.length === 0 ? check.up(data) : check.down(data);
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
