import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { RedisConnection } from '@lib/redis';
import { JobSchedulerJson, Queue } from 'bullmq';

/** Redis key (under the deployment prefix) whose absence means Redis lost its keys since the last check. */
export const RECONCILER_SENTINEL_KEY = 'reconciler:sentinel';
/** How often each worker replica checks that Redis still holds the queues' job schedulers. */
export const RECONCILE_EVERY_MS = 3000;
/** The first check, soon after start-up: by then every scheduler has been upserted once (and is learnt). */
const FIRST_CHECK_AFTER_MS = 1000;

export interface ReconcileOutcome {
  /** Whether Redis had lost its state (sentinel or schedulers missing) and this pass put it back. */
  recovered: boolean;
  schedulers: number;
  recreated: string[];
}

/**
 * Redis is a queue and a cache, never the source of truth, and it keeps nothing on disk: if it
 * restarts or is flushed, every queued and delayed job is gone, and so are the BullMQ job
 * schedulers that run the sweeps — which are what re-find due work in PostgreSQL (auctions to open
 * and settle, outbox rows to index, agreed negotiations without a trade, evaluation deadlines,
 * demands never matched). Without them nothing would notice until the worker restarted.
 *
 * Every few seconds each worker replica reads the job schedulers of every queue it serves (so a
 * scheduler added anywhere in the worker is learnt without being listed here) and checks a sentinel
 * key. If the sentinel or a known scheduler is missing, Redis lost its state: the schedulers are
 * upserted again from what was learnt, every sweep is run at once (not at its next period), and the
 * sentinel is written back. Upserts and sweeps are idempotent, so replicas doing it together is
 * harmless. Session revocation marks are put back by identity (`RevocationMarks`).
 */
@Injectable()
export class RedisReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RedisReconciler.name);
  private readonly known = new Map<string, { queue: Queue; scheduler: JobSchedulerJson }>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ReconcileOutcome> | null = null;
  /** How many times this replica found Redis had lost its state and put it back. */
  recoveries = 0;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly redis: RedisConnection,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => void this.reconcile().catch((error) => this.logger.warn(`Reconciliation failed, will retry: ${(error as Error).message}`));
    this.timer = setTimeout(() => {
      tick();
      this.timer = setInterval(tick, RECONCILE_EVERY_MS);
      this.timer.unref();
    }, FIRST_CHECK_AFTER_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** One pass (concurrent callers share it). */
  reconcile(): Promise<ReconcileOutcome> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private queues(): Queue[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is Queue => instance instanceof Queue);
  }

  private async pass(): Promise<ReconcileOutcome> {
    const present = new Set<string>();
    for (const queue of this.queues()) {
      for (const scheduler of await queue.getJobSchedulers(0, -1, true)) {
        const key = `${queue.name}/${scheduler.key}`;
        present.add(key);
        this.known.set(key, { queue, scheduler });
      }
    }
    const sentinel = await this.redis.client.get(RECONCILER_SENTINEL_KEY);
    const missing = [...this.known.keys()].filter((key) => !present.has(key));
    if (sentinel && missing.length === 0) return { recovered: false, schedulers: this.known.size, recreated: [] };

    for (const key of missing) {
      const { queue, scheduler } = this.known.get(key)!;
      await queue.upsertJobScheduler(scheduler.key, repeatOf(scheduler), { name: scheduler.name, data: scheduler.template?.data ?? {}, opts: scheduler.template?.opts ?? {} });
    }
    // Run every sweep now rather than at its next period: due work is found in PostgreSQL at once.
    const now = Date.now();
    for (const { queue, scheduler } of this.known.values()) {
      await queue.add(scheduler.name, scheduler.template?.data ?? {}, { ...(scheduler.template?.opts ?? {}), jobId: `reconcile-${scheduler.key}-${now}`, removeOnComplete: true, removeOnFail: 100 });
    }
    await this.redis.client.set(RECONCILER_SENTINEL_KEY, new Date(now).toISOString());
    if (sentinel === null && missing.length === 0 && this.recoveries === 0 && present.size === this.known.size) {
      // A Redis this deployment had not used yet (or a first start): nothing was lost, the sweeps ran once.
      return { recovered: false, schedulers: this.known.size, recreated: [] };
    }
    this.recoveries++;
    this.logger.warn(
      `Redis had lost its queue state (${sentinel === null ? 'sentinel gone' : 'sentinel present'}, ${missing.length} of ${this.known.size} job schedulers missing): ` +
        `schedulers re-created and every sweep run now; due work is re-found in PostgreSQL`,
    );
    return { recovered: true, schedulers: this.known.size, recreated: missing };
  }
}

function repeatOf(scheduler: JobSchedulerJson) {
  const repeat: Record<string, unknown> = {};
  for (const key of ['every', 'pattern', 'tz', 'limit', 'startDate', 'endDate', 'offset'] as const) {
    if (scheduler[key] !== undefined && scheduler[key] !== null) repeat[key] = scheduler[key];
  }
  return repeat;
}
