import { AppConfig } from '@lib/config';
import type { Meilisearch, Settings } from 'meilisearch';

/** The live catalogue index. Rebuilds write a new index and swap it in under this name. */
export const catalogueIndexName = (config: AppConfig) => `${config.meili.indexPrefix}_catalogue`;

export const CATALOGUE_SETTINGS: Settings = {
  searchableAttributes: ['title', 'summary', 'ipcCodes'],
  // `sort` first: an explicit sort order (price, newest...) wins over relevance; without one it is a no-op.
  rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
  displayedAttributes: ['*'],
  filterableAttributes: [
    'field',
    'direction',
    'trl',
    'ipcPrefixes',
    'transactionModes',
    'askingPriceFen',
    'priceNegotiable',
    'hasEvaluation',
    'evaluationGrade',
    'publishedAt',
  ],
  sortableAttributes: ['publishedAt', 'askingPriceFen', 'trl', 'id'],
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 10_000 },
};

/** Creates the index with its settings if it does not exist (idempotent), waiting for Meilisearch. Answers whether it had to create it. */
export async function ensureCatalogueIndex(client: Meilisearch, uid: string): Promise<boolean> {
  const exists = await client
    .getIndex(uid)
    .then(() => true)
    .catch((error: { cause?: { code?: string } }) => {
      if (error?.cause?.code === 'index_not_found') return false;
      throw error;
    });
  if (!exists) await assertSucceeded(client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 30_000 }), 'create index', ['index_already_exists']);
  await assertSucceeded(client.index(uid).updateSettings(CATALOGUE_SETTINGS).waitTask({ timeout: 60_000 }), 'update settings');
  return !exists;
}

/** Meilisearch tasks fail silently unless their final status is checked. */
export async function assertSucceeded(
  task: Promise<{ status: string; error?: { code?: string; message?: string } | null }>,
  what: string,
  acceptableErrors: string[] = [],
): Promise<void> {
  const done = await task;
  if (done.status !== 'succeeded' && !acceptableErrors.includes(done.error?.code ?? '')) {
    throw new Error(`Meilisearch could not ${what}: ${done.error?.message ?? done.status}`);
  }
}
