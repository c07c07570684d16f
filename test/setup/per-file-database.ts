import { readAppConfig } from '@lib/config';
import { assertTestDatabaseName } from '@lib/database';
import { Client } from 'pg';

/**
 * Each e2e test file works in its own database, copied from the run's migrated template (fast:
 * no migrations per file) and dropped afterwards. Small tests need none.
 */
const needsDatabase = /\.e2e-spec\.ts$/.test(expect.getState().testPath ?? '');

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(readAppConfig('cli').database.url);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

if (needsDatabase) {
  beforeAll(async () => {
    const name = readAppConfig('cli').database.name;
    const template = process.env.TEST_TEMPLATE_DATABASE!;
    assertTestDatabaseName(name);
    assertTestDatabaseName(template);
    // Copies of one template can be made one at a time only; retry while another file copies.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
        return;
      } catch (error) {
        if (attempt > 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });

  afterAll(async () => {
    if (process.env.KEEP_TEST_DATA === '1') return;
    const name = readAppConfig('cli').database.name;
    assertTestDatabaseName(name);
    await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });
}
