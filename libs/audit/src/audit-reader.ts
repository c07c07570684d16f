import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChainedEntry, ChainVerdict, GENESIS_HASH, verifyChain } from './hash-chain';

export interface AuditFilter {
  actorId?: string;
  organisationId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  /** Entries with a sequence number below this one (for paging back in time). */
  beforeSeq?: string;
}

const SELECT_ENTRY = `SELECT seq::text AS seq, id, occurred_at AS "occurredAt", actor_id AS "actorId", actor_role AS "actorRole",
  organisation_id AS "organisationId", action, entity_type AS "entityType", entity_id AS "entityId", before, after,
  reason, correlation_id AS "correlationId", prev_hash AS "prevHash", hash FROM audit.entries e`;
// Order by the bigint column `e.seq`, not the text alias `seq` (which would sort 10 before 2).

function fromRow(row: Record<string, unknown>): ChainedEntry {
  return { ...(row as unknown as ChainedEntry), occurredAt: (row.occurredAt as Date).toISOString() };
}

@Injectable()
export class AuditReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first. */
  async list(filter: AuditFilter): Promise<ChainedEntry[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.actorId) add('actor_id = ?', filter.actorId);
    if (filter.organisationId) add('organisation_id = ?', filter.organisationId);
    if (filter.entityType) add('entity_type = ?', filter.entityType);
    if (filter.entityId) add('entity_id = ?', filter.entityId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.from) add('occurred_at >= ?', filter.from);
    if (filter.to) add('occurred_at < ?', filter.to);
    if (filter.beforeSeq) add('e.seq < ?', filter.beforeSeq);
    params.push(filter.limit);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.dataSource.query(`${SELECT_ENTRY} ${where} ORDER BY e.seq DESC LIMIT $${params.length}`, params);
    return rows.map(fromRow);
  }

  /** Verifies the whole chain in batches, in one repeatable-read snapshot. */
  async verify(batchSize = 2000): Promise<ChainVerdict> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      let checked = 0;
      let prevHash = GENESIS_HASH;
      let afterSeq = '0';
      for (;;) {
        const rows = await runner.query(`${SELECT_ENTRY} WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`, [afterSeq, batchSize]);
        if (rows.length === 0) break;
        const entries = rows.map(fromRow);
        const verdict = verifyChain(entries, prevHash);
        if (!verdict.valid) return { ...verdict, checked: checked + verdict.checked };
        checked += verdict.checked;
        prevHash = entries[entries.length - 1].hash;
        afterSeq = entries[entries.length - 1].seq;
      }
      return { valid: true, checked };
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}
