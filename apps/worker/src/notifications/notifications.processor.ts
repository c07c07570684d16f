import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { IdentityPatterns, NotificationInboxPatterns, notificationOutboxPatternsOf, StoreNotificationsAnswer, UsersOfOrganisationsAnswer } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { DeliverNotificationJob, NotificationJob, QueueName } from '@lib/queues';
import { Job } from 'bullmq';
import { DELIVERY_CHANNELS, DeliveryChannel } from './delivery-channel';
import { NotificationOutboxRelay, RelayOutcome } from './notification-outbox-relay';

/**
 * One notification request: its recipient organisations expanded into their users (asked of identity)
 * plus the users named directly (and every operator, if asked); one inbox entry per user stored by the
 * matching service (idempotent on the key); then every delivery channel; then, for a request from an
 * outbox, the row is marked sent. A failure anywhere retries the job with backoff; channels that
 * already delivered are remembered in the job's data and skipped on the retry.
 * The same queue runs the outbox relay (`relay-outbox` jobs).
 */
@Processor(QueueName.notifications, { concurrency: 10 })
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly services: ServiceClient,
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
      const answer = await this.services.send<UsersOfOrganisationsAnswer>(IdentityPatterns.usersOfOrganisations, {
        actor: null,
        input: { organisationIds: request.recipientOrganisationIds, operators: request.recipientOperators ?? false },
      });
      for (const user of answer.users) users.add(user.userId);
    }
    const stored = await this.services.send<StoreNotificationsAnswer>(NotificationInboxPatterns.store, {
      actor: null,
      input: { request, recipientUserIds: [...users] },
    });
    const delivered = new Set(job.data.deliveredChannels ?? []);
    for (const channel of this.channels) {
      if (delivered.has(channel.name)) continue;
      await channel.deliver(stored.entries);
      delivered.add(channel.name);
      await job.updateData({ ...job.data, deliveredChannels: [...delivered] });
    }
    if (job.data.outbox) {
      const { service, outboxId } = job.data.outbox;
      await this.services.send(notificationOutboxPatternsOf(service).ack, { actor: null, input: { outboxIds: [outboxId] } });
    }
    if (users.size === 0) this.logger.warn(`Notification ${request.key} has no recipient`);
    return { recipients: users.size, created: stored.created };
  }
}
