import { AppConfig } from '@lib/config';
import type { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from '../../../migrations';
import { ResilientPgClient } from './resilient-pg-client';
import { SafeQueryLogger } from './safe-query-logger';

/**
 * PostgreSQL settings shared by every app and by the migration runner. Schema changes happen
 * only through migrations (`synchronize` is always off); each service works in its own schema.
 */
export function dataSourceOptions(config: AppConfig, schema?: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    schema,
    synchronize: false,
    migrationsRun: false,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    applicationName: `${config.nats.subjectPrefix}:${config.app}`,
    poolSize: config.database.poolSize,
    extra: {
      connectionTimeoutMillis: 5000,
      // Connections that survive the server dropping them (see ResilientPgClient).
      Client: ResilientPgClient,
      // Each service sees only its own schema unless it names another explicitly.
      options: schema ? `-c search_path=${schema},public` : undefined,
    },
    logging: ['error', 'warn', 'migration'],
    // Never TypeORM's console loggers: they print a failed query with its parameters (the data written).
    logger: new SafeQueryLogger(),
  };
}
