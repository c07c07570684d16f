import { ExecutionContext, Injectable, SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerRequest } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { AppConfig } from '@lib/config';
import { DomainError } from '@lib/errors';
import { RedisConnection } from '@lib/redis';
import type { RequestWithActor } from '../auth/access.guard';

export type RateLimitName = keyof AppConfig['rateLimits'];
const RATE_LIMIT = 'rate-limit';

/**
 * The limits, one named throttler each, counted in Redis under the deployment's key prefix: every
 * gateway replica increments the same counters, so a client cannot multiply its allowance by
 * spreading requests over replicas.
 */
export function rateLimitOptions(config: AppConfig, redis: RedisConnection): ThrottlerModuleOptions {
  return {
    throttlers: (Object.keys(config.rateLimits) as RateLimitName[]).map((name) => ({ name, limit: config.rateLimits[name].limit, ttl: config.rateLimits[name].ttlMs })),
    storage: new ThrottlerStorageRedisService(redis.client),
  };
}

/** Puts a route under one named limit (and only that one). */
export const RateLimited = (name: RateLimitName) => applyDecorators(SetMetadata(RATE_LIMIT, name), UseGuards(RateLimitGuard));

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const name = this.reflector.get<RateLimitName | undefined>(RATE_LIMIT, request.context.getHandler());
    if (!name || request.throttler.name !== name) return true;
    return super.handleRequest({ ...request, getTracker: (req) => this.trackerFor(name, req as RequestWithActor) });
  }

  /** Bids are counted per user (many users may share an address); logins and registrations per client address. */
  private async trackerFor(name: RateLimitName, request: RequestWithActor): Promise<string> {
    if (name === 'bid' && request.actor?.userId) return `user:${request.actor.userId}`;
    return `ip:${request.ip}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    throw new DomainError('RATE_LIMITED', 'rate_limited', `Too many requests; try again in ${retryAfterSeconds} s`, {
      details: { retryAfterSeconds, limit: detail.limit, windowSeconds: Math.round(detail.ttl / 1000) },
    });
  }
}
