import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { NotificationPatterns } from '@lib/contracts';
import { CoalescedTrigger, NOTIFICATION_OUTBOX_SWEEP_EVERY_MS, NotificationJob, QueueName } from '@lib/queues';
import { Queue } from 'bullmq';

const RELAY_JOB_OPTIONS = { attempts: 1, removeOnComplete: true, removeOnFail: 100 };

/**
 * The relay runs every few seconds whatever happens, so a row whose hint was lost (NATS down, the
 * service killed right after its commit) or whose job was lost (Redis flushed; the reconciler puts
 * this scheduler back and runs it at once) is still delivered.
 */
@Injectable()
export class NotificationOutboxSweepScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.notifications) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('notification-outbox-sweep', { every: NOTIFICATION_OUTBOX_SWEEP_EVERY_MS }, { name: NotificationJob.relayOutbox, data: {}, opts: RELAY_JOB_OPTIONS });
  }
}

/** Hints arriving this close together make one relay job (a settlement burst commits thousands of notices a second). */
const HINT_COALESCE_MS = 50;

/**
 * A service committed outbox rows: relay now rather than at the next sweep. Hints are coalesced, never
 * dropped: the job is queued after the hint that asked for it arrived, so the relay it starts claims
 * that hint's rows (extra jobs find nothing and end at once).
 */
@Controller()
export class NotificationOutboxHints implements OnApplicationShutdown {
  private readonly logger = new Logger(NotificationOutboxHints.name);
  private readonly trigger = new CoalescedTrigger(
    () => this.queue.add(NotificationJob.relayOutbox, {}, RELAY_JOB_OPTIONS).catch((error) => this.logger.warn(`Could not queue the relay (the sweep will): ${(error as Error).message}`)),
    HINT_COALESCE_MS,
    { leading: false },
  );

  constructor(@InjectQueue(QueueName.notifications) private readonly queue: Queue) {}

  @EventPattern(NotificationPatterns.outboxPending)
  pending(): void {
    this.trigger.signal();
  }

  onApplicationShutdown(): void {
    this.trigger.stop();
  }
}
