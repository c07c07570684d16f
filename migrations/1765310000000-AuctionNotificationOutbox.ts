import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The auction service's notification outbox: trade notices (created, each step, disputes and
 * overdue signatures, the operators' notices) are written here in the transaction of the change
 * they announce, and relayed to the inbox by the worker (see `@lib/outbox`), so a notice is never
 * lost with NATS, Redis or a process killed after the commit. One row per request key (a step
 * retried writes nothing new); `claimed_until` is a relay's lease; `sent_at` is set once the inbox
 * holds the entries. Each notifying service has its own table in its own schema.
 */
export class AuctionNotificationOutbox1765310000000 implements MigrationInterface {
  name = 'AuctionNotificationOutbox1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auction.notification_outbox (
        id bigserial PRIMARY KEY,
        key text NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 300),
        request jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX notification_outbox_unsent ON auction.notification_outbox (id) WHERE sent_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auction.notification_outbox`);
  }
}
