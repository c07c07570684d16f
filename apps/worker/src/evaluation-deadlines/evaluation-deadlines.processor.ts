import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DeadlineAnswer, DueDeadline, EvaluationPatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { EVALUATION_SWEEP_EVERY_MS, EvaluationDeadlineJob, EvaluationDeadlineJobData, QueueName } from '@lib/queues';
import { Job, Queue } from 'bullmq';

type DeadlineJobKind = typeof EvaluationDeadlineJob.reminder | typeof EvaluationDeadlineJob.missed;

/**
 * Reminds experts before their deadline and flags a missed one at it, by asking the evaluation
 * service (which records it once, audits it and publishes the notification request). A job that
 * fires early is queued again for the moment the service names. A sweep every 30 s re-queues what
 * is due but unhandled (jobs lost with Redis) and retries recording published results on listings.
 */
@Processor(QueueName.evaluationDeadlines, { concurrency: 5, lockDuration: 10_000, stalledInterval: 5_000 })
export class EvaluationDeadlinesProcessor extends WorkerHost {
  private readonly logger = new Logger(EvaluationDeadlinesProcessor.name);

  constructor(
    private readonly services: ServiceClient,
    @InjectQueue(QueueName.evaluationDeadlines) private readonly queue: Queue<EvaluationDeadlineJobData>,
  ) {
    super();
  }

  async process(job: Job<EvaluationDeadlineJobData>): Promise<unknown> {
    if (job.name === EvaluationDeadlineJob.sweep) return this.sweep();
    if (job.name !== EvaluationDeadlineJob.reminder && job.name !== EvaluationDeadlineJob.missed) throw new Error(`Unknown job ${job.name}`);
    const kind = job.name as DeadlineJobKind;
    const answer = await this.services.send<DeadlineAnswer>(EvaluationPatterns.deadline, { actor: null, input: { assignmentId: job.data.assignmentId, kind } });
    if (answer.state === 'not_due') {
      const dueAt = new Date(answer.dueAt);
      await this.queue.add(kind, { assignmentId: job.data.assignmentId }, {
        jobId: `${kind}-${job.data.assignmentId}-${dueAt.getTime()}`,
        delay: Math.max(0, dueAt.getTime() - Date.now()),
      });
    }
    return answer;
  }

  private async sweep(): Promise<{ queued: number; recorded: number }> {
    const due = await this.services.send<DueDeadline[]>(EvaluationPatterns.deadlinesDue, { actor: null, input: { limit: 1000 } });
    if (due.length) {
      // Removed on completion, so a later sweep can queue the same assignment again if it is still unhandled.
      await this.queue.addBulk(
        due.map((d) => ({ name: d.kind, data: { assignmentId: d.assignmentId }, opts: { jobId: `${d.kind}-${d.assignmentId}-swept`, removeOnComplete: true } })),
      );
      this.logger.log(`Sweep queued ${due.length} due evaluation deadline(s)`);
    }
    const { recorded } = await this.services.send<{ recorded: number }>(EvaluationPatterns.syncListings, { actor: null, input: {} });
    return { queued: due.length, recorded };
  }
}

@Injectable()
export class EvaluationSweepScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.evaluationDeadlines) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'evaluation-sweep',
      { every: EVALUATION_SWEEP_EVERY_MS },
      { name: EvaluationDeadlineJob.sweep, data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
