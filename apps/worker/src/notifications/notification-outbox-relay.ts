import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { notificationJobId, notificationOutboxPatternsOf, NOTIFYING_SERVICES, NotifyingService, OutboxNotification } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { currentCorrelationId } from '@lib/observability';
import { DeliverNotificationJob, NOTIFICATION_OUTBOX_LEASE_MS, NotificationJob, QueueName } from '@lib/queues';
import { JobState, Queue } from 'bullmq';

const BATCH = 100;

export type RelayStep = 'queue' | 'acknowledge' | 'retry' | 'leave';

/**
 * What the relay does with a claimed row, given the state of the delivery job with the row's job id
 * (`unknown`: there is none). No job (never queued, or lost with Redis): queue one. Completed: the
 * inbox holds the entries and only the acknowledgement was lost (or the notice came another way):
 * acknowledge. Failed (retries spent): retry it, so the row is not stuck behind a job id that a new
 * job could not take. Waiting, delayed or running: leave it to finish.
 */
export function relayStepFor(state: JobState | 'unknown'): RelayStep {
  switch (state) {
    case 'unknown':
      return 'queue';
    case 'completed':
      return 'acknowledge';
    case 'failed':
      return 'retry';
    default:
      return 'leave';
  }
}

export interface RelayOutcome {
  claimed: number;
  queued: number;
  acknowledged: number;
  retried: number;
  /** Services that could not be asked (down): their rows wait in their outbox. */
  unreachable: NotifyingService[];
}

/**
 * Relays every notifying service's outbox to the `notifications` queue. Any number of relays may run
 * at once, on any worker replica: each claim takes rows no other claim holds (SKIP LOCKED, then a
 * lease), and a delivery job's id is the request key's, so a row relayed twice is still one job and
 * one inbox entry per user. Rows are marked sent by the delivery job, after the inbox stored them,
 * so a row whose job was lost (Redis flushed) is claimed again once its lease runs out.
 */
@Injectable()
export class NotificationOutboxRelay {
  private readonly logger = new Logger(NotificationOutboxRelay.name);

  constructor(
    private readonly services: ServiceClient,
    @InjectQueue(QueueName.notifications) private readonly queue: Queue<DeliverNotificationJob>,
  ) {}

  async relay(): Promise<RelayOutcome> {
    const outcome: RelayOutcome = { claimed: 0, queued: 0, acknowledged: 0, retried: 0, unreachable: [] };
    for (const service of NOTIFYING_SERVICES) {
      try {
        await this.relayFrom(service, outcome);
      } catch (error) {
        // One service down does not hold up the others; its rows wait (and its claims' leases run out).
        outcome.unreachable.push(service);
        this.logger.warn(`Could not relay the ${service} notification outbox, will retry: ${(error as Error).message}`);
      }
    }
    return outcome;
  }

  private async relayFrom(service: NotifyingService, outcome: RelayOutcome): Promise<void> {
    const patterns = notificationOutboxPatternsOf(service);
    for (;;) {
      const rows = await this.services.send<OutboxNotification[]>(patterns.claim, { actor: null, input: { limit: BATCH, leaseMs: NOTIFICATION_OUTBOX_LEASE_MS } });
      outcome.claimed += rows.length;
      // Claimed for the first time: no relay ever queued its job, so there is no state to ask Redis
      // about, row by row; one round trip queues them all. (A job of the same id queued another way
      // makes this add a no-op; the row is then acknowledged once its lease runs out and it is claimed again.)
      const fresh = rows.filter((row) => row.attempts === 1);
      if (fresh.length > 0) {
        await this.queue.addBulk(fresh.map((row) => ({ name: NotificationJob.deliver, data: this.jobData(service, row), opts: { jobId: notificationJobId(row.request.key) } })));
        outcome.queued += fresh.length;
      }
      const delivered: string[] = [];
      for (const row of rows.filter((r) => r.attempts !== 1)) {
        const step = await this.step(service, row);
        if (step === 'queue') outcome.queued++;
        if (step === 'retry') outcome.retried++;
        if (step === 'acknowledge') delivered.push(row.outboxId);
      }
      if (delivered.length > 0) {
        await this.services.send(patterns.ack, { actor: null, input: { outboxIds: delivered } });
        outcome.acknowledged += delivered.length;
      }
      if (rows.length < BATCH) return;
    }
  }

  private async step(service: NotifyingService, row: OutboxNotification): Promise<RelayStep> {
    const jobId = notificationJobId(row.request.key);
    const existing = await this.queue.getJob(jobId);
    const step = relayStepFor(existing ? await existing.getState() : 'unknown');
    if (step === 'queue') {
      await this.queue.add(NotificationJob.deliver, this.jobData(service, row), { jobId });
    } else if (step === 'retry') {
      await existing!.updateData({ ...existing!.data, outbox: { service, outboxId: row.outboxId } });
      await existing!.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    }
    return step;
  }

  private jobData(service: NotifyingService, row: OutboxNotification): DeliverNotificationJob {
    return { request: row.request, outbox: { service, outboxId: row.outboxId }, correlationId: currentCorrelationId() };
  }
}
