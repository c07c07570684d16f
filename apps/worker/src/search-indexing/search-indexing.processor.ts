import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { CATALOGUE_SWEEP_EVERY_MS, QueueName, SearchIndexingJob } from '@lib/queues';
import { Job, Queue } from 'bullmq';
import { CatalogueRelay } from './catalogue-relay';

@Processor(QueueName.searchIndexing, { concurrency: 1 })
export class SearchIndexingProcessor extends WorkerHost {
  constructor(private readonly relay: CatalogueRelay) {
    super();
  }

  async process(job: Job): Promise<{ applied: number | null }> {
    if (job.name !== SearchIndexingJob.relayCatalogue) throw new Error(`Unknown job ${job.name}`);
    return { applied: await this.relay.relay() };
  }
}

/** A periodic sweep, so a change whose trigger was lost (Redis down, worker restarting) is still applied. */
@Injectable()
export class CatalogueSweepScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.searchIndexing) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'catalogue-sweep',
      { every: CATALOGUE_SWEEP_EVERY_MS },
      { name: SearchIndexingJob.relayCatalogue, data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
