import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { REVOCATION_MARKS_COMPLETE_KEY, revokedSessionKey } from '@lib/auth';
import { RedisConnection } from '@lib/redis';
import { DataSource } from 'typeorm';
import { AccessTokens } from './access-tokens';

/** How often each identity replica checks that Redis still holds the marks. */
export const REVOCATION_MARKS_CHECK_EVERY_MS = 2000;

/**
 * PostgreSQL is the record of revoked sessions (`refresh_tokens.revoked_at`); Redis holds a mark per
 * session so the gateway can refuse its access tokens at once. If Redis loses its keys (it keeps
 * nothing on disk) the marks are gone, and so is the completeness marker: every replica notices
 * within seconds and writes the marks again from PostgreSQL (each with the time its session's access
 * tokens could still live), then the marker. Until then the gateway answers authenticated requests
 * 503 rather than accept a token it cannot check. A mark whose write failed after a logout (Redis
 * down at that instant) is written by the same pass.
 */
@Injectable()
export class RevocationMarks implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationMarks.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
    private readonly accessTokens: AccessTokens,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure().catch((error) => this.logger.warn(`Revocation marks not checked yet: ${(error as Error).message}`));
    this.timer = setInterval(() => void this.ensure().catch(() => undefined), REVOCATION_MARKS_CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Writes the marks again if the completeness marker is missing; returns how many were written (null: nothing to do). */
  async ensure(): Promise<number | null> {
    if (this.running) return null;
    this.running = true;
    try {
      if (await this.redis.client.exists(REVOCATION_MARKS_COMPLETE_KEY)) return null;
      const keepSeconds = this.accessTokens.ttlSeconds + 60;
      const rows: { family_id: string; remaining: number }[] = await this.dataSource.query(
        `SELECT family_id::text, ceil($1 - extract(epoch FROM now() - max(revoked_at)))::int AS remaining
           FROM identity.refresh_tokens WHERE revoked_at > now() - make_interval(secs => $1)
          GROUP BY family_id`,
        [keepSeconds],
      );
      const pipeline = this.redis.client.pipeline();
      for (const row of rows) pipeline.set(revokedSessionKey(row.family_id), '1', 'EX', Math.max(1, row.remaining));
      pipeline.set(REVOCATION_MARKS_COMPLETE_KEY, new Date().toISOString());
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
      if (rows.length) this.logger.warn(`Redis had lost the session revocation marks: ${rows.length} written again from PostgreSQL`);
      return rows.length;
    } finally {
      this.running = false;
    }
  }
}
