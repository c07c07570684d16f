import { AuditEntry } from './hash-chain';

/** Every column of an entry, named as `AuditEntry` names them. */
export const SELECT_ENTRY = `SELECT seq::text AS seq, id, occurred_at AS "occurredAt", actor_id AS "actorId", actor_role AS "actorRole",
  organisation_id AS "organisationId", action, entity_type AS "entityType", entity_id AS "entityId", before, after,
  reason, correlation_id AS "correlationId", chain_seq::text AS "chainSeq", prev_hash AS "prevHash", hash FROM audit.entries e`;
// Order by the bigint columns `e.seq` / `e.chain_seq`, not the text aliases (which would sort 10 before 2).

export function entryOf(row: Record<string, unknown>): AuditEntry {
  return { ...(row as unknown as AuditEntry), occurredAt: (row.occurredAt as Date).toISOString() };
}
