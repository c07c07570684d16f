import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { notificationJobId, NotificationPatterns, NotificationRequestDto } from '@lib/contracts';
import { currentCorrelationId } from '@lib/observability';
import { DeliverNotificationJob, NotificationJob, QueueName } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * A caller without an outbox publishes `notifications.requested` (services write to their outbox,
 * which the relay turns into the same jobs); one worker replica (queue group `worker`) turns
 * each request into a retried BullMQ job whose id is derived from the request key, so the same
 * request published twice is one job.
 */
@Controller()
export class NotificationRequestsController {
  private readonly logger = new Logger(NotificationRequestsController.name);

  constructor(@InjectQueue(QueueName.notifications) private readonly queue: Queue<DeliverNotificationJob>) {}

  @EventPattern(NotificationPatterns.requested)
  async requested(@Payload() request: NotificationRequestDto): Promise<void> {
    const { key, kind, recipientOrganisationIds, recipientUserIds, recipientOperators, title, body, subject } = request;
    await this.queue.add(
      NotificationJob.deliver,
      {
        request: { key, kind, recipientOrganisationIds, recipientUserIds, recipientOperators: recipientOperators ?? false, title, body, subject: { type: subject.type, id: subject.id } },
        correlationId: currentCorrelationId(),
      },
      { jobId: notificationJobId(key) },
    );
    this.logger.debug(`Notification ${key} queued`);
  }
}
