import { Injectable } from '@nestjs/common';
import { Actor, SystemActor } from '@lib/auth';
import { currentCorrelationId } from '@lib/observability';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson, ChainedFields } from './hash-chain';

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
    const fields: Omit<ChainedFields, 'seq'> = {
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
    // One statement (migration 1765160000000): waits for the chain's lock, which it holds until
    // commit or rollback, reads the last hash, takes the next sequence number and inserts the entry
    // hashed as `hashEntry` hashes it. The lock is held for this round trip and the commit only.
    await manager.query('SELECT audit.append_entry($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)', [
      CHAIN_LOCK_KEY,
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
      canonicalJsonBeforeSeq(fields),
    ]);
  }
}

const SEQ_PLACEHOLDER = '0';

/**
 * The entry's canonical JSON up to its `seq`, which comes last (keys are sorted) and is known only
 * under the chain's lock: `audit.append_entry` adds `,"seq":"<seq>"}` and hashes the previous hash,
 * a newline and the whole, exactly as `hashEntry` does.
 */
export function canonicalJsonBeforeSeq(fields: Omit<ChainedFields, 'seq'>): string {
  const whole = canonicalJson({ ...fields, seq: SEQ_PLACEHOLDER });
  const tail = `,"seq":"${SEQ_PLACEHOLDER}"}`;
  if (!whole.endsWith(tail)) throw new Error('audit entry: seq is not the last key of its canonical JSON');
  return whole.slice(0, -tail.length);
}

/** What PostgreSQL's jsonb will give back: plain JSON, dates as ISO strings, no undefined. */
function normalise(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}
