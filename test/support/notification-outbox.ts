import { NotificationRequest, NotifyingService } from '@lib/contracts';
import { withTestDatabase } from './database';

/**
 * The notification requests a service commits to its outbox from now on, in the order written (what
 * the worker's relay will deliver). Rows are written in the transaction of the change, so once an
 * API call has answered, its notices are here.
 */
export async function watchNotificationOutbox(service: NotifyingService) {
  const table = `${service}.notification_outbox`;
  const since = await withTestDatabase(async (db) => (await db.query(`SELECT coalesce(max(id), 0)::text AS id FROM ${table}`)).rows[0].id as string);
  return {
    requests: () =>
      withTestDatabase(async (db) => (await db.query(`SELECT request FROM ${table} WHERE id > $1 ORDER BY id`, [since])).rows.map((r) => r.request as NotificationRequest)),
  };
}

/** The state of outbox rows by request key: whether the relay has had them delivered. */
export function outboxRows(service: NotifyingService, keys: string[]) {
  return withTestDatabase(
    async (db) =>
      (
        await db.query(`SELECT key, sent_at IS NOT NULL AS sent, attempts FROM ${service}.notification_outbox WHERE key = ANY($1) ORDER BY id`, [keys])
      ).rows as { key: string; sent: boolean; attempts: number }[],
  );
}
