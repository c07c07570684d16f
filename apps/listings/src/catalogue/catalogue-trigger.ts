import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CoalescedTrigger, QueueName, SearchIndexingJob } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * Changes committed this close together make one relay job: a settlement burst marks hundreds of
 * listings sold a second, and one job per change meant one relay run (and one Meilisearch task)
 * per listing. The first change of a quiet moment is relayed at once, so freshness loses nothing.
 */
export const CATALOGUE_HINT_COALESCE_MS = 50;

/**
 * After a listing change commits, asks the worker to relay the outbox now. Best effort: if Redis
 * is down the change is still in the outbox and the worker's periodic sweep applies it later.
 */
@Injectable()
export class CatalogueTrigger implements OnApplicationShutdown {
  private readonly logger = new Logger(CatalogueTrigger.name);
  private readonly trigger = new CoalescedTrigger(() => this.queueRelay(), CATALOGUE_HINT_COALESCE_MS, { leading: true });

  constructor(@InjectQueue(QueueName.searchIndexing) private readonly queue: Queue) {}

  /**
   * Coalesced, never dropped, never deduplicated in BullMQ: a job is queued at the first change,
   * and one more when the window closes if others came meanwhile, after they committed, so the
   * relay it starts claims them (a deduplicated job arriving while a relay is finishing could be
   * dropped and its change left for the sweep). Extra jobs find nothing and end at once.
   */
  changed(): void {
    this.trigger.signal();
  }

  onApplicationShutdown(): void {
    this.trigger.stop();
  }

  private queueRelay(): void {
    this.queue
      .add(SearchIndexingJob.relayCatalogue, {}, { attempts: 1, removeOnComplete: true, removeOnFail: 100 })
      .catch((error) => this.logger.warn(`Could not trigger catalogue relay (the sweep will catch up): ${(error as Error).message}`));
  }
}
