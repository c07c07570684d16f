import { AppConfig } from '@lib/config';
import { dataSourceOptions } from '@lib/database';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

function adminUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

async function withAdmin<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl(databaseUrl) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function createDatabaseIfMissing(config: AppConfig): Promise<boolean> {
  return withAdmin(config.database.url, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [config.database.name]);
    if (exists.rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdent(config.database.name)}`);
    return true;
  });
}

export async function dropDatabase(config: AppConfig): Promise<void> {
  await withAdmin(config.database.url, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(config.database.name)} WITH (FORCE)`),
  );
}

/** Applies pending migrations; returns the names of those it ran. */
export async function runMigrations(config: AppConfig): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

export async function revertLastMigration(config: AppConfig): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
