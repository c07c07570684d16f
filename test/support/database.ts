import { readAppConfig } from '@lib/config';
import { assertTestDatabaseName } from '@lib/database';
import { Client } from 'pg';

/** A direct connection to this run's test database, for assertions and deliberate tampering. */
export async function withTestDatabase<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const config = readAppConfig('cli');
  assertTestDatabaseName(config.database.name);
  const client = new Client({ connectionString: config.database.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
