import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { QueueName, SearchIndexingJob } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * After a listing change commits, asks the worker to relay the outbox now. Best effort: if Redis
 * is down the change is still in the outbox and the worker's periodic sweep applies it later.
 */
@Injectable()
export class CatalogueTrigger {
  private readonly logger = new Logger(CatalogueTrigger.name);

  constructor(@InjectQueue(QueueName.searchIndexing) private readonly queue: Queue) {}

  async changed(): Promise<void> {
    try {
      await this.queue.add(SearchIndexingJob.relayCatalogue, {}, { deduplication: { id: 'relay-catalogue-trigger', ttl: 200 }, attempts: 1 });
    } catch (error) {
      this.logger.warn(`Could not trigger catalogue relay (the sweep will catch up): ${(error as Error).message}`);
    }
  }
}
