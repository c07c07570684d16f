import 'tsconfig-paths/register';
import { createMeilisearchClient } from '@lib/search';
import Redis from 'ioredis';
import { Client } from 'pg';
import { dropDatabase } from '../../scripts/lib/database-admin';
import { testRunConfig } from './test-run';

/** Removes what the run created, unless KEEP_TEST_DATA=1 asks to keep it for a post-mortem. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_DATA === '1') return;
  const config = testRunConfig();
  await dropDatabase(config);
  await dropLeftoverFileDatabases(config.database.url, config.database.name);
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

/** Per-file copies of the run's database that a crashed test file did not drop. */
async function dropLeftoverFileDatabases(url: string, runDatabase: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${runDatabase}\\_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
