import { Injectable } from '@nestjs/common';
import { Actor, SystemActor } from '@lib/auth';
import { currentCorrelationId } from '@lib/observability';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ChainedFields, GENESIS_HASH, hashEntry } from './hash-chain';

export interface AuditEntryInput {
  actor: Actor | SystemActor;
  /** `<entity>.<past-tense verb>`, e.g. `organisation.verified`. */
  action: string;
  entityType: string;
  entityId: string;
  /** The organisation the entity belongs to (defaults to the actor's). */
  organisationId?: string | null;
  /** Snapshots before and after the change: never secrets, password hashes or dossier content. */
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Any 64-bit key: serialises appends to the one chain across every service. */
const CHAIN_LOCK_KEY = 7_364_912_001;

/**
 * Appends to the hash-chained audit log inside the caller's transaction, so the entry exists
 * if and only if the change it records was committed.
 */
@Injectable()
export class AuditLog {
  async append(manager: EntityManager, input: AuditEntryInput): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditLog.append must run inside the transaction of the change it records');
    }
    // Held until commit or rollback: the next appender reads the hash this entry commits.
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    const [last] = await manager.query('SELECT hash FROM audit.entries ORDER BY seq DESC LIMIT 1');
    const [{ seq }] = await manager.query(`SELECT nextval(pg_get_serial_sequence('audit.entries', 'seq'))::text AS seq`);
    const prevHash: string = last?.hash ?? GENESIS_HASH;
    const fields: ChainedFields = {
      seq,
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      actorId: input.actor.userId,
      actorRole: input.actor.role,
      organisationId: input.organisationId !== undefined ? input.organisationId : input.actor.organisationId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      before: normalise(input.before),
      after: normalise(input.after),
      reason: input.reason ?? null,
      correlationId: currentCorrelationId() ?? null,
    };
    await manager.query(
      `INSERT INTO audit.entries (seq, id, occurred_at, actor_id, actor_role, organisation_id, action, entity_type,
         entity_id, before, after, reason, correlation_id, prev_hash, hash)
       OVERRIDING SYSTEM VALUE
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        fields.seq,
        fields.id,
        fields.occurredAt,
        fields.actorId,
        fields.actorRole,
        fields.organisationId,
        fields.action,
        fields.entityType,
        fields.entityId,
        fields.before === null ? null : JSON.stringify(fields.before),
        fields.after === null ? null : JSON.stringify(fields.after),
        fields.reason,
        fields.correlationId,
        prevHash,
        hashEntry(prevHash, fields),
      ],
    );
  }
}

/** What PostgreSQL's jsonb will give back: plain JSON, dates as ISO strings, no undefined. */
function normalise(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}
