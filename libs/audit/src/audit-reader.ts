import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { entryOf, SELECT_ENTRY } from './audit-rows';
import { AuditEntry, ChainedEntry, ChainTail, ChainVerdict, verifyChain } from './hash-chain';

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

@Injectable()
export class AuditReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first (by `seq`); entries not sealed yet have no chain position or hash. */
  async list(filter: AuditFilter): Promise<AuditEntry[]> {
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
    return rows.map(entryOf);
  }

  /**
   * Verifies the sealed chain from its first entry, in batches, in one repeatable-read snapshot, and
   * counts the entries of that snapshot still awaiting their seal.
   */
  async verify(batchSize = 2000): Promise<ChainVerdict> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const [{ awaiting }] = await runner.query(`SELECT count(*)::int AS awaiting FROM audit.entries WHERE chain_seq IS NULL`);
      let checked = 0;
      let tail: ChainTail | null = null;
      for (;;) {
        const rows = await runner.query(`${SELECT_ENTRY} WHERE e.chain_seq > $1 ORDER BY e.chain_seq LIMIT $2`, [tail?.chainSeq ?? '0', batchSize]);
        if (rows.length === 0) break;
        const entries = rows.map(entryOf) as ChainedEntry[];
        const verdict = verifyChain(entries, tail);
        if (!verdict.valid) return { ...verdict, checked: checked + verdict.checked, awaitingSeal: awaiting };
        checked += verdict.checked;
        tail = entries[entries.length - 1];
      }
      return { valid: true, checked, awaitingSeal: awaiting };
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}
