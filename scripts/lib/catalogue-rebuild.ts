import { AppConfig } from '@lib/config';
import { assertSucceeded, catalogueIndexName, ensureCatalogueIndex } from '@lib/search';
import { Meilisearch } from 'meilisearch';
import { CatalogueOutboxService } from '../../apps/listings/src/catalogue/catalogue-outbox.service';

const BATCH = 1000;

export interface RebuildProgress {
  start(total: number): void;
  advance(done: number): void;
  stop(): void;
}

/**
 * Rebuilds the catalogue from PostgreSQL into a fresh index and swaps it in atomically, so
 * searches never see an empty or half-built catalogue. Changes committed while it runs are
 * replayed from the outbox afterwards (the worker applies them within seconds).
 */
export async function rebuildCatalogue(
  outbox: CatalogueOutboxService,
  meili: Meilisearch,
  config: AppConfig,
  progress: RebuildProgress,
): Promise<{ documents: number; replayed: number; index: string }> {
  const live = catalogueIndexName(config);
  const fresh = `${live}_rebuild_${Date.now()}`;
  const highWaterMark = await outbox.outboxHighWaterMark();
  await ensureCatalogueIndex(meili, fresh);
  const total = await outbox.countPublished();
  progress.start(total);
  let documents = 0;
  let afterId: string | null = null;
  for (;;) {
    const batch = await outbox.publishedDocuments(afterId, BATCH);
    if (batch.length === 0) break;
    await assertSucceeded(meili.index(fresh).addDocuments(batch, { primaryKey: 'id' }).waitTask({ timeout: 300_000 }), 'index a batch');
    documents += batch.length;
    afterId = batch[batch.length - 1].id;
    progress.advance(documents);
  }
  progress.stop();
  await ensureCatalogueIndex(meili, live);
  await assertSucceeded(meili.swapIndexes([{ indexes: [live, fresh], rename: false }]).waitTask({ timeout: 60_000 }), 'swap the rebuilt index in');
  await assertSucceeded(meili.deleteIndex(fresh).waitTask({ timeout: 60_000 }), 'delete the previous index');
  const replayed = await outbox.replayAfter(highWaterMark);
  return { documents, replayed, index: live };
}
