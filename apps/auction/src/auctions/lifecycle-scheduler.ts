import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { AuctionLifecycleJob, openJobId, QueueName, SettleJob, settleJobId } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * Schedules an auction's opening at its start and its settlement at its end as delayed BullMQ jobs. Best effort: if Redis
 * is unavailable the worker's sweep finds the auction from PostgreSQL once it is due.
 */
@Injectable()
export class LifecycleScheduler {
  private readonly logger = new Logger(LifecycleScheduler.name);

  constructor(@InjectQueue(QueueName.auctionLifecycle) private readonly queue: Queue<SettleJob>) {}

  async openAt(auctionId: string, startsAt: Date): Promise<void> {
    try {
      await this.queue.add(AuctionLifecycleJob.open, { auctionId }, { jobId: openJobId(auctionId, startsAt), delay: Math.max(0, startsAt.getTime() - Date.now()) });
    } catch (error) {
      this.logger.warn(`Could not schedule the opening of ${auctionId} (it opens at its first bid): ${(error as Error).message}`);
    }
  }

  async settleAt(auctionId: string, dueAt: Date): Promise<void> {
    try {
      await this.queue.add(AuctionLifecycleJob.settle, { auctionId }, { jobId: settleJobId(auctionId, dueAt), delay: Math.max(0, dueAt.getTime() - Date.now()) });
    } catch (error) {
      this.logger.warn(`Could not schedule settlement of ${auctionId} (the sweep will): ${(error as Error).message}`);
    }
  }
}
