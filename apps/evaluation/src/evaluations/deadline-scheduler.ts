import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { EvaluationDeadlineJob, EvaluationDeadlineJobData, evaluationDeadlineJobId, QueueName } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * Schedules each assignment's reminder and deadline as delayed BullMQ jobs. Best effort: if Redis
 * is unavailable the worker's sweep finds them from PostgreSQL once they are due.
 */
@Injectable()
export class DeadlineScheduler {
  private readonly logger = new Logger(DeadlineScheduler.name);

  constructor(@InjectQueue(QueueName.evaluationDeadlines) private readonly queue: Queue<EvaluationDeadlineJobData>) {}

  async schedule(assignments: { id: string; reminderAt: Date; deadline: Date }[]): Promise<void> {
    const now = Date.now();
    try {
      await this.queue.addBulk(
        assignments.flatMap((a) => [
          {
            name: EvaluationDeadlineJob.reminder,
            data: { assignmentId: a.id },
            opts: { jobId: evaluationDeadlineJobId('reminder', a.id), delay: Math.max(0, a.reminderAt.getTime() - now) },
          },
          {
            name: EvaluationDeadlineJob.missed,
            data: { assignmentId: a.id },
            opts: { jobId: evaluationDeadlineJobId('missed', a.id), delay: Math.max(0, a.deadline.getTime() - now) },
          },
        ]),
      );
    } catch (error) {
      this.logger.warn(`Could not schedule evaluation deadlines (the sweep will): ${(error as Error).message}`);
    }
  }
}
