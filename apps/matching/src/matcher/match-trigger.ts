import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { currentCorrelationId } from '@lib/observability';
import { MatchDemandJob, matchDemandJobId, MatchingJob, QueueName } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * After a demand is posted, changed or restored, asks the worker to match it. Best effort: if Redis
 * is down the demand still records that its version was never matched, and the worker's sweep finds it.
 */
@Injectable()
export class MatchTrigger {
  private readonly logger = new Logger(MatchTrigger.name);

  constructor(@InjectQueue(QueueName.matching) private readonly queue: Queue<MatchDemandJob>) {}

  async demandChanged(demandId: string, version: number): Promise<void> {
    try {
      await this.queue.add(MatchingJob.matchDemand, { demandId, correlationId: currentCorrelationId() }, { jobId: matchDemandJobId(demandId, version) });
    } catch (error) {
      this.logger.warn(`Could not queue matching for demand ${demandId} (the sweep will catch up): ${(error as Error).message}`);
    }
  }
}
