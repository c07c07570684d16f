import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { QueueName, SearchIndexingJob } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * Changes committed this close together make one relay job: a settlement burst marks hundreds of
 * listings sold a second, and one job per change meant one relay run (and one Meilisearch task)
 * per listing. Short enough to leave index freshness well under its one-second target.
 */
export const CATALOGUE_HINT_COALESCE_MS = 50;

/**
 * After a listing change commits, asks the worker to relay the outbox now. Best effort: if Redis
 * is down the change is still in the outbox and the worker's periodic sweep applies it later.
 */
@Injectable()
export class CatalogueTrigger implements OnApplicationShutdown {
  private readonly logger = new Logger(CatalogueTrigger.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(@InjectQueue(QueueName.searchIndexing) private readonly queue: Queue) {}

  /**
   * Coalesced, never dropped, never deduplicated in BullMQ: the job is queued after every change it
   * answers for committed, so the relay it starts claims them (a deduplicated job arriving while a
   * relay is finishing could be dropped and its change left for the sweep). Extra jobs find nothing
   * and end at once.
   */
  changed(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.queue
        .add(SearchIndexingJob.relayCatalogue, {}, { attempts: 1, removeOnComplete: true, removeOnFail: 100 })
        .catch((error) => this.logger.warn(`Could not trigger catalogue relay (the sweep will catch up): ${(error as Error).message}`));
    }, CATALOGUE_HINT_COALESCE_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
