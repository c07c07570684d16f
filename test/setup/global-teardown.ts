import 'tsconfig-paths/register';
import { createMeilisearchClient } from '@lib/search';
import Redis from 'ioredis';
import { dropDatabase } from '../../scripts/lib/database-admin';
import { testRunConfig } from './test-run';

/** Removes what the run created, unless KEEP_TEST_DATA=1 asks to keep it for a post-mortem. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_DATA === '1') return;
  const config = testRunConfig();
  await dropDatabase(config);
  const redis = new Redis(config.redis.url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.redis.keyPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  const meili = createMeilisearchClient(config);
  const { results } = await meili.getIndexes({ limit: 1000 });
  for (const index of results.filter((i) => i.uid.startsWith(config.meili.indexPrefix))) {
    await meili.deleteIndex(index.uid);
  }
}
