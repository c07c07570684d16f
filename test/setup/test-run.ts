import { AppConfig, readAppConfig } from '@lib/config';
import { assertTestDatabaseName } from '@lib/database';
import { randomBytes } from 'node:crypto';

/**
 * Names of everything one test run owns: its database, Redis key prefix, NATS subject prefix and
 * Meilisearch index prefix. Two runs on one machine never see each other's data.
 */
export interface TestRun {
  id: string;
  env: Record<string, string>;
}

export function newTestRun(): TestRun {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const base = readAppConfig('cli');
  const url = new URL(base.database.url);
  url.pathname = `/dualuse_test_${id}`;
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    DATABASE_URL: url.toString(),
    DATABASE_POOL_SIZE: '4',
    REDIS_KEY_PREFIX: `test-${id}`,
    NATS_SUBJECT_PREFIX: `test-${id}`,
    MEILI_INDEX_PREFIX: `test_${id}`,
    SERVICE_REQUEST_TIMEOUT_MS: '5000',
    GATEWAY_PORT: '0',
    // Test files sign up and log in hundreds of users from 127.0.0.1; the limits have their own test.
    RATE_LIMIT_LOGINS_PER_MINUTE: '1000000',
    RATE_LIMIT_REGISTRATIONS_PER_HOUR: '1000000',
    RATE_LIMIT_BIDS_PER_10_SECONDS: '1000000',
  };
  return { id, env };
}

/** The configuration of this test run; refuses any database that is not a test database. */
export function testRunConfig(env: Record<string, string> = {}): AppConfig {
  const config = readAppConfig('cli', env);
  assertTestDatabaseName(config.database.name);
  return config;
}
