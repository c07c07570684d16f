import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { AuctionLifecycleJob, QueueName, SettleJob, settleJobId } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * Schedules an auction's settlement at its end as a delayed BullMQ job. Best effort: if Redis
 * is unavailable the worker's sweep finds the auction from PostgreSQL once it is due.
 */
@Injectable()
export class LifecycleScheduler {
  private readonly logger = new Logger(LifecycleScheduler.name);

  constructor(@InjectQueue(QueueName.auctionLifecycle) private readonly queue: Queue<SettleJob>) {}

  async settleAt(auctionId: string, dueAt: Date): Promise<void> {
    try {
      await this.queue.add(AuctionLifecycleJob.settle, { auctionId }, { jobId: settleJobId(auctionId, dueAt), delay: Math.max(0, dueAt.getTime() - Date.now()) });
    } catch (error) {
      this.logger.warn(`Could not schedule settlement of ${auctionId} (the sweep will): ${(error as Error).message}`);
    }
  }
}
