import { AppConfig } from '@lib/config';
import type { Meilisearch, Settings } from 'meilisearch';
import { assertSucceeded } from './catalogue-index';

/**
 * The index of open demands (需求), written by the matching service. It holds open, visible demands
 * only (hidden and closed ones are removed); expired ones are filtered out by `deadlineDay` at query time.
 */
export const demandIndexName = (config: AppConfig) => `${config.meili.indexPrefix}_demands`;

export const DEMAND_INDEX_SETTINGS: Settings = {
  searchableAttributes: ['title', 'description', 'ipcCodes'],
  rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
  displayedAttributes: ['*'],
  filterableAttributes: ['field', 'direction', 'ipcPrefixes', 'minTrl', 'budgetFen', 'budgetNegotiable', 'deadlineDay', 'visibility', 'postedAt'],
  sortableAttributes: ['postedAt', 'deadlineDay', 'id'],
  pagination: { maxTotalHits: 10_000 },
};

/** Creates the demand index with its settings if it does not exist (idempotent). Answers whether it had to create it. */
export async function ensureDemandIndex(client: Meilisearch, uid: string): Promise<boolean> {
  const exists = await client
    .getIndex(uid)
    .then(() => true)
    .catch((error: { cause?: { code?: string } }) => {
      if (error?.cause?.code === 'index_not_found') return false;
      throw error;
    });
  if (!exists) await assertSucceeded(client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 30_000 }), 'create index', ['index_already_exists']);
  await assertSucceeded(client.index(uid).updateSettings(DEMAND_INDEX_SETTINGS).waitTask({ timeout: 60_000 }), 'update settings');
  return !exists;
}
