import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { DeliverNotificationJob, NotificationJob, QueueName } from '@lib/queues';
import { Job } from 'bullmq';
import { NotificationDeliveryCalls } from './delivery-calls';
import { DELIVERY_CHANNELS, DeliveryChannel } from './delivery-channel';
import { NotificationOutboxRelay, RelayOutcome } from './notification-outbox-relay';

/**
 * One notification request: its recipient organisations expanded into their users (asked of identity)
 * plus the users named directly (and every operator, if asked); one inbox entry per user stored by the
 * matching service (idempotent on the key); then every delivery channel; then, for a request from an
 * outbox, the row is marked sent. A failure anywhere retries the job with backoff; channels that
 * already delivered are remembered in the job's data and skipped on the retry. Jobs running at the
 * same time share their round trips to identity, matching and the outbox (`NotificationDeliveryCalls`),
 * hence the high concurrency: a job mostly waits.
 * The same queue runs the outbox relay (`relay-outbox` jobs).
 */
@Processor(QueueName.notifications, { concurrency: 50 })
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly calls: NotificationDeliveryCalls,
    @Inject(DELIVERY_CHANNELS) private readonly channels: DeliveryChannel[],
    private readonly relay: NotificationOutboxRelay,
  ) {
    super();
  }

  async process(job: Job): Promise<{ recipients: number; created: number } | RelayOutcome> {
    if (job.name === NotificationJob.relayOutbox) return this.relay.relay();
    if (job.name !== NotificationJob.deliver) throw new Error(`Unknown job ${job.name}`);
    return this.deliver(job);
  }

  private async deliver(job: Job<DeliverNotificationJob>): Promise<{ recipients: number; created: number }> {
    const { request } = job.data;
    const users = new Set(request.recipientUserIds);
    if (request.recipientOrganisationIds.length > 0 || request.recipientOperators) {
      for (const userId of await this.calls.recipientsOf(request.recipientOrganisationIds, request.recipientOperators ?? false)) users.add(userId);
    }
    const stored = await this.calls.store(request, [...users]);
    const delivered = new Set(job.data.deliveredChannels ?? []);
    for (const channel of this.channels) {
      if (delivered.has(channel.name)) continue;
      await channel.deliver(stored.entries);
      delivered.add(channel.name);
      await job.updateData({ ...job.data, deliveredChannels: [...delivered] });
    }
    if (job.data.outbox) {
      const { service, outboxId } = job.data.outbox;
      await this.calls.acknowledge(service, outboxId);
    }
    if (users.size === 0) this.logger.warn(`Notification ${request.key} has no recipient`);
    return { recipients: users.size, created: stored.created };
  }
}
