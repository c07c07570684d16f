import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { IdentityPatterns, NotificationInboxPatterns, StoreNotificationsAnswer, UsersOfOrganisationsAnswer } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { DeliverNotificationJob, QueueName } from '@lib/queues';
import { Job } from 'bullmq';
import { DELIVERY_CHANNELS, DeliveryChannel } from './delivery-channel';

/**
 * One notification request: its recipient organisations expanded into their users (asked of identity)
 * plus the users named directly; one inbox entry per user stored by the matching service (idempotent
 * on the key); then every delivery channel. A failure anywhere retries the job with backoff; channels
 * that already delivered are remembered in the job's data and skipped on the retry.
 */
@Processor(QueueName.notifications, { concurrency: 10 })
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly services: ServiceClient,
    @Inject(DELIVERY_CHANNELS) private readonly channels: DeliveryChannel[],
  ) {
    super();
  }

  async process(job: Job<DeliverNotificationJob>): Promise<{ recipients: number; created: number }> {
    const { request } = job.data;
    const users = new Set(request.recipientUserIds);
    if (request.recipientOrganisationIds.length > 0) {
      const answer = await this.services.send<UsersOfOrganisationsAnswer>(IdentityPatterns.usersOfOrganisations, {
        actor: null,
        input: { organisationIds: request.recipientOrganisationIds },
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
    if (users.size === 0) this.logger.warn(`Notification ${request.key} has no recipient`);
    return { recipients: users.size, created: stored.created };
  }
}
