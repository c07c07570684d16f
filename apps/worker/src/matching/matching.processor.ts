import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { MatchingRunAnswer, MatchingSweepAnswer, MatchPatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { MATCHING_SWEEP_EVERY_MS, MatchDemandJob, matchDemandJobId, MatchingJob, MatchListingJob, QueueName, RetireListingsJob } from '@lib/queues';
import { Job, Queue } from 'bullmq';

/** A run reads Meilisearch, asks listings and writes its matches: allow it more than a request's 5 s. */
const RUN_TIMEOUT_MS = 30_000;

/**
 * Runs the matcher when a demand is posted or changed and when a listing enters the catalogue, and
 * retires the matches of a listing that left it. Every job is idempotent in the matching service
 * (one row per pair, notifications keyed per match), so retries and duplicates are harmless.
 */
@Processor(QueueName.matching, { concurrency: 2 })
export class MatchingProcessor extends WorkerHost {
  constructor(
    private readonly services: ServiceClient,
    @InjectQueue(QueueName.matching) private readonly queue: Queue<MatchDemandJob>,
  ) {
    super();
  }

  async process(job: Job<Partial<MatchDemandJob & MatchListingJob & RetireListingsJob>>): Promise<unknown> {
    switch (job.name) {
      case MatchingJob.matchDemand:
        return this.services.send<MatchingRunAnswer>(MatchPatterns.runForDemand, { actor: null, input: { demandId: job.data.demandId } }, RUN_TIMEOUT_MS);
      case MatchingJob.matchListing:
        return this.services.send<MatchingRunAnswer>(MatchPatterns.runForListing, { actor: null, input: { listingId: job.data.listingId } }, RUN_TIMEOUT_MS);
      case MatchingJob.retireListing:
        // `listingId`: a job queued by a worker from before retire jobs were batched.
        return this.services.send(MatchPatterns.retireListings, { actor: null, input: { listingIds: job.data.listingIds ?? [job.data.listingId] } }, RUN_TIMEOUT_MS);
      case MatchingJob.sweep:
        return this.sweep();
      default:
        throw new Error(`Unknown job ${job.name}`);
    }
  }

  /** Queues the demands whose current version was never matched (a trigger lost with Redis, say). */
  private async sweep(): Promise<{ queued: number }> {
    const answer = await this.services.send<MatchingSweepAnswer>(MatchPatterns.sweep, { actor: null, input: {} }, RUN_TIMEOUT_MS);
    if (answer.demands.length) {
      await this.queue.addBulk(
        answer.demands.map((d) => ({ name: MatchingJob.matchDemand, data: { demandId: d.demandId }, opts: { jobId: matchDemandJobId(d.demandId, d.version) } })),
      );
    }
    return { queued: answer.demands.length };
  }
}

@Injectable()
export class MatchingSweepScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.matching) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'matching-sweep',
      { every: MATCHING_SWEEP_EVERY_MS },
      { name: MatchingJob.sweep, data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
