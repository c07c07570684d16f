import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@lib/config';
import { NOTIFYING_SERVICES, NotificationPatterns, NotificationRequest, NotifyingService, OutboxNotification } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { CoalescedTrigger } from '@lib/queues';
import { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/** Marks, on the transaction's query runner, that it wrote outbox rows (read once it commits). */
const WROTE_ROWS = 'notificationOutboxRows';
/** Commits this close together send one hint (a settlement burst commits hundreds of notices a second). */
const HINT_COALESCE_MS = 20;

/**
 * A service's notification outbox (`<service>.notification_outbox`): a notice is a row written in
 * the transaction of the change it announces, so it exists exactly when the change committed, and
 * is delivered later by the worker's relay whatever happened to NATS, Redis or this process in
 * between. The request key is unique: writing the same notice twice (a retried step) keeps one row.
 *
 * After a transaction that wrote rows commits, the worker is told to relay now (a hint over NATS;
 * if it is lost, the relay's sweep finds the rows a few seconds later).
 */
@Injectable()
export class NotificationOutbox implements EntitySubscriberInterface {
  private readonly logger = new Logger(NotificationOutbox.name);
  readonly service: NotifyingService;
  private readonly table: string;
  /** Unref'd: a hint lost at shutdown is the sweep's. */
  private readonly hint = new CoalescedTrigger(
    () => void this.services.publish(NotificationPatterns.outboxPending, { service: this.service }).catch((error) => this.logger.warn(`Could not hint the relay: ${(error as Error).message}`)),
    HINT_COALESCE_MS,
    { leading: false, unref: true },
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly services: ServiceClient,
    config: AppConfig,
  ) {
    if (!(NOTIFYING_SERVICES as readonly string[]).includes(config.app)) throw new Error(`${config.app} has no notification outbox`);
    this.service = config.app as NotifyingService;
    this.table = `${this.service}.notification_outbox`;
    dataSource.subscribers.push(this);
  }

  /** Inside the caller's transaction: these notices are sent if, and only if, it commits. */
  async add(manager: EntityManager, ...requests: NotificationRequest[]): Promise<void> {
    if (requests.length === 0) return;
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('NotificationOutbox.add runs inside the transaction of the change it announces');
    await manager.query(
      `INSERT INTO ${this.table} (key, request)
       SELECT r->>'key', r FROM jsonb_array_elements($1::jsonb) AS r
       ON CONFLICT (key) DO NOTHING`,
      [JSON.stringify(requests)],
    );
    runner.data[WROTE_ROWS] = true;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!event.queryRunner.data?.[WROTE_ROWS]) return;
    delete event.queryRunner.data[WROTE_ROWS];
    // Not awaited: the caller's answer does not wait for the hint. Sent after the commits it stands
    // for, so the relay it starts finds their rows.
    this.hint.signal();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner.data) delete event.queryRunner.data[WROTE_ROWS];
  }

  /**
   * For the relay: up to `limit` unsent rows, oldest first, each claimed for `leaseMs` (another
   * relay, on any worker, skips them until then). Rows locked by a concurrent claim are skipped,
   * not waited for, so two relays never get the same row at once. A row whose lease ran out without
   * being acknowledged (its job lost with Redis, say) is claimed again.
   */
  async claim(limit: number, leaseMs: number): Promise<OutboxNotification[]> {
    const [rows]: [{ id: string; request: NotificationRequest; attempts: number }[], number] = await this.dataSource.query(
      `UPDATE ${this.table} o SET claimed_until = now() + make_interval(secs => $2::double precision / 1000), attempts = o.attempts + 1
        WHERE o.id IN (SELECT id FROM ${this.table}
                        WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until <= now())
                        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING o.id::text AS id, o.request, o.attempts`,
      [limit, leaseMs],
    );
    return rows.sort((a, b) => Number(a.id) - Number(b.id)).map((row) => ({ outboxId: row.id, request: row.request, attempts: row.attempts }));
  }

  /** The inbox holds these rows' entries: never relayed again. Repeats change nothing. */
  async acknowledge(outboxIds: string[]): Promise<number> {
    if (outboxIds.length === 0) return 0;
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE ${this.table} SET sent_at = now(), claimed_until = NULL WHERE id = ANY($1::bigint[]) AND sent_at IS NULL`,
      [outboxIds],
    );
    return affected;
  }
}
