import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { appendedIn, forgetAppended } from './audit-log';
import { entryOf, SELECT_ENTRY } from './audit-rows';
import { ChainTail, sealEntries } from './hash-chain';

/** Any 64-bit key: one sealer at a time extends the chain, whichever replica of whichever service it runs in. */
export const AUDIT_CHAIN_LOCK_KEY = 7_364_912_001;
/** Entries linked per transaction: the chain's lock is held for one batch only. */
export const SEAL_BATCH = 1000;
/** After a commit that appended: wait this long, so one batch takes the entries of many commits. */
const KICK_DELAY_MS = 20;
/** Another sealer held the chain: it may have read the unsealed entries before ours committed, so look again after it. */
const BUSY_RETRY_MS = 100;

export interface SealOutcome {
  /** Entries this call linked into the chain. */
  sealed: number;
  /** Another sealer held the chain (its batch covers what was committed before it began). */
  busy: boolean;
}

/**
 * Links committed audit entries into the hash chain, in batches, in the order it sees them
 * committed: each gets the next chain position, the previous entry's hash and its own
 * (`sealEntries`). One transaction per batch holds the chain's advisory lock, taken with a try-lock:
 * a sealer that finds it held leaves the work to the holder and looks again shortly after.
 *
 * Every app that appends seals its own entries just after their transaction commits (a TypeORM
 * subscriber sees the commit), so the chain normally trails the log by a few tens of milliseconds;
 * the worker also asks identity to seal every second (`audit-sealing` queue), which covers entries
 * whose app stopped between commit and seal. Either way, an entry waits unsealed for about a second
 * at most.
 */
@Injectable()
export class AuditSealer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuditSealer.name);
  private running: Promise<SealOutcome> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private kickedWhileRunning = false;
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const sealer = this;
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit(event: TransactionCommitEvent) {
        if (!appendedIn(event.queryRunner)) return;
        forgetAppended(event.queryRunner);
        sealer.kick();
      },
      afterTransactionRollback(event: TransactionRollbackEvent) {
        forgetAppended(event.queryRunner);
      },
    };
    this.dataSource.subscribers.push(subscriber);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Entries were committed: seal them soon (many commits share one batch). */
  kick(delayMs = KICK_DELAY_MS): void {
    if (this.stopped) return;
    if (this.running) {
      this.kickedWhileRunning = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sealKicked();
    }, delayMs);
    this.timer.unref();
  }

  /** Seals every entry committed so far, batch after batch (concurrent callers share the run). */
  seal(): Promise<SealOutcome> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async sealKicked(): Promise<void> {
    let retryIn: number | null = null;
    try {
      if ((await this.seal()).busy) retryIn = BUSY_RETRY_MS;
    } catch (error) {
      // The worker's periodic sealing catches up; nothing the caller did depends on this.
      this.logger.warn(`Sealing the audit chain failed, will retry: ${(error as Error).message}`);
      retryIn = BUSY_RETRY_MS;
    }
    if (this.kickedWhileRunning) {
      this.kickedWhileRunning = false;
      retryIn ??= KICK_DELAY_MS;
    }
    if (retryIn !== null) this.kick(retryIn);
  }

  private async run(): Promise<SealOutcome> {
    let sealed = 0;
    for (;;) {
      const batch = await this.sealBatch();
      if (batch === null) return { sealed, busy: true };
      sealed += batch;
      if (batch < SEAL_BATCH || this.stopped) return { sealed, busy: false };
    }
  }

  /** One batch in one transaction under the chain's lock; null if another sealer holds it. */
  private sealBatch(): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [AUDIT_CHAIN_LOCK_KEY]);
      if (!locked) return null;
      // Read after the lock is held, so the previous sealer's batch (committed before it let go) is seen.
      const rows = await manager.query(`${SELECT_ENTRY} WHERE e.chain_seq IS NULL ORDER BY e.seq LIMIT $1`, [SEAL_BATCH]);
      if (rows.length === 0) return 0;
      const [tail]: ChainTail[] = await manager.query(
        `SELECT chain_seq::text AS "chainSeq", hash FROM audit.entries WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`,
      );
      const sealed = sealEntries(rows.map(entryOf), tail ?? null);
      await manager.query(
        `UPDATE audit.entries e SET chain_seq = s.chain_seq, prev_hash = s.prev_hash, hash = s.hash
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS s(seq, chain_seq, prev_hash, hash)
         WHERE e.seq = s.seq AND e.chain_seq IS NULL`,
        [sealed.map((e) => e.seq), sealed.map((e) => e.chainSeq), sealed.map((e) => e.prevHash), sealed.map((e) => e.hash)],
      );
      return sealed.length;
    });
  }
}
