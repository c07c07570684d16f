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
      if (!this.indexReady) {
        await ensureCatalogueIndex(this.meili, uid);
        this.indexReady = true;
      }
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
}
