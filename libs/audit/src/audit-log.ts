import { Injectable } from '@nestjs/common';
import { Actor, SystemActor } from '@lib/auth';
import { currentCorrelationId } from '@lib/observability';
import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';

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

/** Marks a transaction that appended: once it commits, the sealer is asked to link the entries into the chain. */
const APPENDED = Symbol('audit entries appended');

export function appendedIn(queryRunner: QueryRunner | undefined): boolean {
  return Boolean(queryRunner && (queryRunner.data as Record<symbol, unknown>)[APPENDED]);
}

export function forgetAppended(queryRunner: QueryRunner | undefined): void {
  if (queryRunner) delete (queryRunner.data as Record<symbol, unknown>)[APPENDED];
}

/**
 * Appends to the audit log inside the caller's transaction, so the entry exists if and only if the
 * change it records was committed. The entry is not chained here: taking the end of the one chain
 * would make every audited transaction of the platform wait for the one before to commit. The
 * sealer (`AuditSealer`) links committed entries into the hash chain shortly after.
 */
@Injectable()
export class AuditLog {
  async append(manager: EntityManager, input: AuditEntryInput): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditLog.append must run inside the transaction of the change it records');
    }
    const before = normalise(input.before);
    const after = normalise(input.after);
    await manager.query(
      `INSERT INTO audit.entries (id, occurred_at, actor_id, actor_role, organisation_id, action, entity_type, entity_id, before, after, reason, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        randomUUID(),
        new Date().toISOString(),
        input.actor.userId,
        input.actor.role,
        input.organisationId !== undefined ? input.organisationId : input.actor.organisationId,
        input.action,
        input.entityType,
        input.entityId,
        before === null ? null : JSON.stringify(before),
        after === null ? null : JSON.stringify(after),
        input.reason ?? null,
        currentCorrelationId() ?? null,
      ],
    );
    (manager.queryRunner.data as Record<symbol, unknown>)[APPENDED] = true;
  }
}

/** What PostgreSQL's jsonb will give back: plain JSON, dates as ISO strings, no undefined. */
function normalise(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}
