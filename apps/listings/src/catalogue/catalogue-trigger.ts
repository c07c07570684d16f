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

  /**
   * One job per change, never deduplicated: a deduplicated trigger arriving while a relay is
   * finishing could be dropped and its change left for the sweep. Extra jobs find nothing and end at once.
   */
  async changed(): Promise<void> {
    try {
      await this.queue.add(SearchIndexingJob.relayCatalogue, {}, { attempts: 1, removeOnComplete: true, removeOnFail: 100 });
    } catch (error) {
      this.logger.warn(`Could not trigger catalogue relay (the sweep will catch up): ${(error as Error).message}`);
    }
  }
}
