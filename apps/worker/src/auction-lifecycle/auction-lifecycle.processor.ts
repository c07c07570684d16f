import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuctionPatterns, ListingsPatterns, SettleAnswer } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { AUCTION_SWEEP_EVERY_MS, AuctionLifecycleJob, openJobId, QueueName, SettleJob, settleJobId } from '@lib/queues';
import { Job, Queue } from 'bullmq';

/**
 * Settles auctions when they close. The auction service settles exactly once (row lock, unique
 * trade, ledger posting keyed by the auction), so a retried or duplicated job is harmless. An
 * auction whose end moved (soft close) is re-scheduled for its new end; a sold one marks its
 * listing sold, retried until listings confirms.
 */
// Short job locks: a settle job takes milliseconds, and if its worker dies the job must be
// picked up again in seconds (lock expiry + stall check), not minutes.
@Processor(QueueName.auctionLifecycle, { concurrency: 20, lockDuration: 10_000, stalledInterval: 5_000 })
export class AuctionLifecycleProcessor extends WorkerHost {
  private readonly logger = new Logger(AuctionLifecycleProcessor.name);

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
    const answer = await this.services.send<SettleAnswer>(AuctionPatterns.settle, { actor: null, input: { auctionId: job.data.auctionId } });
    if (answer.state === 'not_closed') {
      const dueAt = new Date(answer.dueAt);
      await this.queue.add(AuctionLifecycleJob.settle, { auctionId: job.data.auctionId }, { jobId: settleJobId(job.data.auctionId, dueAt), delay: Math.max(0, dueAt.getTime() - Date.now()) });
      return answer;
    }
    if (answer.state === 'settled' && answer.outcome === 'sold') {
      await this.services.send(ListingsPatterns.markSold, {
        actor: null,
        input: { listingId: answer.listingId, auctionId: job.data.auctionId, tradeId: answer.tradeId ?? undefined, transactionMode: answer.transactionMode },
      });
    }
    return answer;
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
