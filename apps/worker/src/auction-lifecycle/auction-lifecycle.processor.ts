import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuctionPatterns, ListingsPatterns, MarkSoldManyItem, SettleAnswer, SettleManyItem, TransactionMode } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { AUCTION_LIFECYCLE_WORKER_OPTIONS, AUCTION_SWEEP_EVERY_MS, AuctionLifecycleJob, openJobId, QueueName, SettleJob, settleJobId } from '@lib/queues';
import { Job, Queue } from 'bullmq';
import { CoalescedCall } from '../coalesced-call';

type MarkSold = { listingId: string; auctionId: string; tradeId?: string; transactionMode: TransactionMode | null };

/** Jobs whose settlements (and sales) go to the services in one round trip; two round trips in flight keep them busy. */
const SETTLE_BATCHES_IN_FLIGHT = 2;
const SETTLE_BATCH = AUCTION_LIFECYCLE_WORKER_OPTIONS.concurrency / SETTLE_BATCHES_IN_FLIGHT;

/**
 * Settles auctions when they close. The auction service settles exactly once (row lock, unique
 * trade, ledger posting keyed by the auction), so a retried or duplicated job is harmless. An
 * auction whose end moved (soft close) is re-scheduled for its new end; a sold one marks its
 * listing sold, retried until listings confirms.
 */
@Processor(QueueName.auctionLifecycle, AUCTION_LIFECYCLE_WORKER_OPTIONS)
export class AuctionLifecycleProcessor extends WorkerHost {
  private readonly logger = new Logger(AuctionLifecycleProcessor.name);
  /**
   * A burst of closings runs hundreds of settle jobs a second: jobs running at the same time share
   * one request (each auction still settled in its own transaction, exactly once). An auction that
   * failed in a batch is asked alone, so its job fails with the service's own error.
   */
  private readonly settlements = new CoalescedCall<string, SettleManyItem>(
    (auctionIds) => this.services.send<SettleManyItem[]>(AuctionPatterns.settleMany, { actor: null, input: { auctionIds } }),
    SETTLE_BATCH,
    SETTLE_BATCHES_IN_FLIGHT,
  );
  private readonly sales = new CoalescedCall<MarkSold, MarkSoldManyItem>(
    (items) => this.services.send<MarkSoldManyItem[]>(ListingsPatterns.markSoldMany, { actor: null, input: { items } }),
    SETTLE_BATCH,
    SETTLE_BATCHES_IN_FLIGHT,
  );

  constructor(
    private readonly services: ServiceClient,
    @InjectQueue(QueueName.auctionLifecycle) private readonly queue: Queue<SettleJob>,
  ) {
    super();
  }

  async process(job: Job<SettleJob>): Promise<unknown> {
    if (job.name === AuctionLifecycleJob.sweep) return this.sweep();
    if (job.name === AuctionLifecycleJob.open) {
      return this.services.send(AuctionPatterns.open, { actor: null, input: { auctionId: job.data.auctionId } });
    }
    const answer = await this.settle(job.data.auctionId);
    if (answer.state === 'not_closed') {
      const dueAt = new Date(answer.dueAt);
      await this.queue.add(AuctionLifecycleJob.settle, { auctionId: job.data.auctionId }, { jobId: settleJobId(job.data.auctionId, dueAt), delay: Math.max(0, dueAt.getTime() - Date.now()) });
      return answer;
    }
    if (answer.state === 'settled' && answer.outcome === 'sold') {
      const sale: MarkSold = { listingId: answer.listingId, auctionId: job.data.auctionId, tradeId: answer.tradeId ?? undefined, transactionMode: answer.transactionMode };
      const sold = await this.sales.call(sale);
      if (!sold.ok) await this.services.send(ListingsPatterns.markSold, { actor: null, input: sale });
    }
    return answer;
  }

  private async settle(auctionId: string): Promise<SettleAnswer> {
    const settled = await this.settlements.call(auctionId);
    if (settled.ok) return settled.answer;
    return this.services.send<SettleAnswer>(AuctionPatterns.settle, { actor: null, input: { auctionId } });
  }

  /**
   * Finds auctions past their end that are not settled, and scheduled ones whose start has come
   * (lost jobs: Redis flushed, say), and queues them.
   */
  private async sweep(): Promise<{ queued: number; opening: number }> {
    const due = await this.services.send<{ auctionId: string; dueAt: string }[]>(AuctionPatterns.due, { actor: null, input: { limit: 1000 } });
    if (due.length) {
      await this.queue.addBulk(
        due.map((d) => ({ name: AuctionLifecycleJob.settle, data: { auctionId: d.auctionId }, opts: { jobId: settleJobId(d.auctionId, new Date(d.dueAt)) } })),
      );
      this.logger.log(`Sweep queued ${due.length} due auction(s)`);
    }
    const toOpen = await this.services.send<{ auctionId: string; startsAt: string }[]>(AuctionPatterns.dueToOpen, { actor: null, input: { limit: 1000 } });
    if (toOpen.length) {
      // The sweep's own job ids, removed once done, so a later sweep may queue an auction again if it is still not open.
      await this.queue.addBulk(
        toOpen.map((d) => ({
          name: AuctionLifecycleJob.open,
          data: { auctionId: d.auctionId },
          opts: { jobId: `${openJobId(d.auctionId, new Date(d.startsAt))}-swept`, removeOnComplete: true },
        })),
      );
      this.logger.log(`Sweep queued the opening of ${toOpen.length} auction(s)`);
    }
    return { queued: due.length, opening: toOpen.length };
  }
}

@Injectable()
export class AuctionSweepScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.auctionLifecycle) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'auction-sweep',
      { every: AUCTION_SWEEP_EVERY_MS },
      { name: AuctionLifecycleJob.sweep, data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
