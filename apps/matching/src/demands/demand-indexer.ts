import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@lib/config';
import { assertSucceeded, demandIndexName, ensureDemandIndex } from '@lib/search';
import { Meilisearch } from 'meilisearch';
import { DataSource } from 'typeorm';
import { DemandEntity } from './demand.entity';
import { demandDocumentOf } from './demand-views';

/**
 * Keeps the Meilisearch demand index in step with PostgreSQL. Each demand records the version last
 * written to the index (`indexed_version`); a sync locks the rows it writes, writes their current
 * document (or removes them) and records the version, all in one transaction, so a slower sync can
 * never put an older document over a newer one. A failed sync changes nothing and the sweep retries it.
 * An index found missing (Meilisearch lost its data) is created and refilled from PostgreSQL.
 */
@Injectable()
export class DemandIndexer {
  private readonly logger = new Logger(DemandIndexer.name);
  private indexReady = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly meili: Meilisearch,
    private readonly config: AppConfig,
  ) {}

  get indexName(): string {
    return demandIndexName(this.config);
  }

  /** For the sweep: notices an index that disappeared (Meilisearch lost its data), so the next sync rebuilds it. */
  async checkIndex(): Promise<void> {
    await this.meili.getIndex(this.indexName).catch((error: { cause?: { code?: string } }) => {
      if (error?.cause?.code !== 'index_not_found') throw error;
      this.indexReady = false;
    });
  }

  /** After a change: best effort (a failure is logged and left to the sweep). */
  async syncQuietly(demandId: string): Promise<void> {
    await this.sync([demandId]).catch((error: Error) => this.logger.warn(`Demand index not updated (the sweep will retry): ${error.message}`));
  }

  /** Writes the given demands (or up to `limit` of any behind) to the index. Returns how many were written or removed. */
  async sync(demandIds?: string[], limit = 200): Promise<number> {
    if (!this.indexReady) {
      // A new index (first start, or Meilisearch lost its data): every open demand is written again,
      // this sync and the sweeps after it taking them in batches.
      if (await ensureDemandIndex(this.meili, this.indexName)) {
        await this.dataSource.query(`UPDATE matching.demands SET indexed_version = NULL WHERE indexed_version IS NOT NULL`);
      }
      this.indexReady = true;
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const query = manager
          .createQueryBuilder(DemandEntity, 'd')
          .where('d.indexed_version IS DISTINCT FROM d.version')
          .andWhere(demandIds ? 'd.id IN (:...ids)' : 'TRUE', { ids: demandIds })
          .orderBy('d.id')
          .take(limit)
          .setLock('pessimistic_write');
        // The sweep skips rows another transaction holds: their change syncs them, or the next sweep does.
        // The sync of a change waits for them instead, so that the change is in the index when it is
        // answered: a demand hidden or closed must leave search at once, not when a sweep that held its
        // row (waiting on Meilisearch, or a matching run) has finished.
        const rows: DemandEntity[] = await (demandIds ? query : query.setOnLocked('skip_locked')).getMany();
        if (rows.length === 0) return 0;
        const documents = rows.map(demandDocumentOf);
        const upserts = documents.filter((d) => d !== null);
        const removals = rows.filter((_, i) => documents[i] === null).map((r) => r.id);
        const index = this.meili.index(this.indexName);
        if (upserts.length) await assertSucceeded(index.addDocuments(upserts, { primaryKey: 'id' }).waitTask({ timeout: 30_000 }), 'index demands');
        if (removals.length) await assertSucceeded(index.deleteDocuments(removals).waitTask({ timeout: 30_000 }), 'remove demands');
        // Raw SQL: the entity's @VersionColumn must not move for bookkeeping.
        await manager.query(`UPDATE matching.demands SET indexed_version = version WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
        return rows.length;
      });
    } catch (error) {
      this.indexReady = false;
      throw error;
    }
  }
}
