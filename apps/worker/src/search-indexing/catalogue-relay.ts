import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import { CatalogueChange, ListingsPatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { RedisConnection } from '@lib/redis';
import { assertSucceeded, catalogueIndexName, ensureCatalogueIndex } from '@lib/search';
import { Meilisearch } from 'meilisearch';
import { randomUUID } from 'node:crypto';
import { CatalogueMatching } from '../matching/catalogue-matching';

const BATCH = 500;
const LOCK_KEY = 'search-indexing:relay-lock';
const LOCK_MS = 60_000;

/** Splits a batch into the documents to upsert and the ids to remove (the latest word per listing wins). */
export function planCatalogueBatch(changes: CatalogueChange[]) {
  const latest = new Map<string, CatalogueChange>();
  for (const change of changes) latest.set(change.listingId, change);
  const upserts = [...latest.values()].filter((c) => c.document !== null).map((c) => c.document!);
  const removals = [...latest.values()].filter((c) => c.document === null).map((c) => c.listingId);
  return { upserts, removals, outboxIds: changes.map((c) => c.outboxId) };
}

/**
 * Applies the listings outbox to Meilisearch. One relay at a time across all worker replicas
 * (a Redis lease), so an older document can never overwrite a newer one. If Meilisearch is
 * down the job fails, BullMQ retries it with backoff, and the outbox keeps every change.
 * Upserts and removals by id are idempotent: applying a batch twice changes nothing.
 */
@Injectable()
export class CatalogueRelay {
  private readonly logger = new Logger(CatalogueRelay.name);
  private indexReady = false;
  /** When the live index was created, as this relay last saw it: a different one means it was lost and made anew. */
  private indexCreatedAt: string | null = null;

  constructor(
    private readonly services: ServiceClient,
    private readonly meili: Meilisearch,
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
    private readonly matching: CatalogueMatching,
  ) {}

  /** Returns how many outbox rows were applied, or null if another relay holds the lease. */
  async relay(): Promise<number | null> {
    const token = randomUUID();
    const acquired = await this.redis.client.set(LOCK_KEY, token, 'PX', LOCK_MS, 'NX');
    if (!acquired) return null;
    try {
      const uid = catalogueIndexName(this.config);
      await this.ensureIndex(uid);
      let applied = 0;
      for (;;) {
        const changes = await this.services.send<CatalogueChange[]>(ListingsPatterns.claimCatalogueChanges, { actor: null, input: { limit: BATCH } });
        if (changes.length === 0) return applied;
        const { upserts, removals, outboxIds } = planCatalogueBatch(changes);
        const index = this.meili.index(uid);
        if (upserts.length) await assertSucceeded(index.addDocuments(upserts, { primaryKey: 'id' }).waitTask({ timeout: 60_000 }), 'index listings');
        if (removals.length) await assertSucceeded(index.deleteDocuments(removals).waitTask({ timeout: 60_000 }), 'remove listings');
        // Before the acknowledgement: a batch whose matching jobs could not be queued is replayed.
        await this.matching.catalogueChanged(upserts, removals);
        await this.services.send(ListingsPatterns.ackCatalogueChanges, { actor: null, input: { outboxIds } });
        applied += outboxIds.length;
        // A short batch drained the outbox: a change committed since then has queued a job of its own.
        if (changes.length < BATCH) return applied;
        await this.redis.client.pexpire(LOCK_KEY, LOCK_MS);
      }
    } catch (error) {
      this.indexReady = false;
      this.logger.warn(`Catalogue relay failed, will retry: ${(error as Error).message}`);
      throw error;
    } finally {
      // Release only our own lease.
      await this.redis.client.eval(
        `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`,
        1,
        LOCK_KEY,
        token,
      );
    }
  }

  /**
   * Meilisearch is a copy: if it lost its data (wiped, or restored from an old snapshot) the live
   * index is missing, or is another index than the one this relay wrote to (Meilisearch creates one
   * with default settings on the first write). Checked at every run, one cheap call: a lost index is
   * created with its settings and every published listing is queued again in the outbox, which this
   * run and the next write back from PostgreSQL.
   */
  private async ensureIndex(uid: string): Promise<void> {
    const current = await this.meili
      .getIndex(uid)
      .then(creationOf)
      .catch((error: { cause?: { code?: string } }) => {
        if (error?.cause?.code === 'index_not_found') return null;
        throw error;
      });
    if (this.indexReady && current !== null && current === this.indexCreatedAt) return;
    const created = await ensureCatalogueIndex(this.meili, uid);
    const replaced = !created && this.indexCreatedAt !== null && current !== this.indexCreatedAt;
    if (created || replaced) {
      const { queued } = await this.services.send<{ queued: number }>(ListingsPatterns.requeuePublished, { actor: null, input: {} });
      this.logger.warn(`The catalogue index was ${created ? 'missing' : 'replaced'} (Meilisearch lost its data?): ${queued} published listing(s) queued to be indexed again`);
    }
    this.indexCreatedAt = creationOf(await this.meili.getIndex(uid));
    this.indexReady = true;
  }
}

function creationOf(index: { createdAt?: Date | string }): string {
  return index.createdAt ? new Date(index.createdAt).toISOString() : 'unknown';
}
