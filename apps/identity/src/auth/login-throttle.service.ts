import { Injectable } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import { DomainError } from '@lib/errors';
import { RedisConnection } from '@lib/redis';
import { createHash } from 'node:crypto';
import { judgeLoginAttempt } from '../domain/login-throttle';

const accountKey = (email: string) => `auth:login-failures:account:${createHash('sha256').update(email).digest('hex')}`;
const clientKey = (address: string) => `auth:login-failures:client:${address}`;

/** Counts failed logins per account and per client address in Redis (shared by all replicas). */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
  ) {}

  async assertAllowed(email: string, clientAddress: string): Promise<void> {
    const results = await this.redis.client
      .multi()
      .get(accountKey(email))
      .ttl(accountKey(email))
      .get(clientKey(clientAddress))
      .ttl(clientKey(clientAddress))
      .exec();
    const value = (i: number) => Number(results?.[i]?.[1] ?? 0) || 0;
    const decision = judgeLoginAttempt(
      { account: value(0), accountResetsIn: value(1), client: value(2), clientResetsIn: value(3) },
      this.config.auth.loginThrottle,
    );
    if (!decision.allowed) {
      throw new DomainError(
        'AUTH.TOO_MANY_ATTEMPTS',
        'rate_limited',
        `Too many failed logins for this ${decision.scope}; try again in ${decision.retryAfterSeconds} s`,
        { details: { retryAfterSeconds: decision.retryAfterSeconds, scope: decision.scope } },
      );
    }
  }

  async recordFailure(email: string, clientAddress: string): Promise<void> {
    const window = this.config.auth.loginThrottle.windowSeconds;
    await this.redis.client
      .multi()
      .incr(accountKey(email))
      .expire(accountKey(email), window, 'NX')
      .incr(clientKey(clientAddress))
      .expire(clientKey(clientAddress), window, 'NX')
      .exec();
  }

  /** A successful login clears the account's counter (not the client's). */
  async recordSuccess(email: string): Promise<void> {
    await this.redis.client.del(accountKey(email));
  }
}
