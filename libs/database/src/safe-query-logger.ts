import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's logger for every app: failed and slow queries, warnings and migrations go to the app's
 * structured log, and never with their parameters. The parameters of a query are the data being
 * written (dossier content, password and token hashes), so only their count is logged.
 */
export class SafeQueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Queries are not logged: the text is noise at any level, the parameters are private.
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[] | object): void {
    this.logger.warn({ query, parameterCount: countOf(parameters), error: typeof error === 'string' ? error : error.message }, 'Query failed');
  }

  logQuerySlow(time: number, query: string, parameters?: unknown[] | object): void {
    this.logger.warn({ query, parameterCount: countOf(parameters), ms: time }, 'Slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.log(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.log(String(message));
  }
}

function countOf(parameters?: unknown[] | object): number {
  if (!parameters) return 0;
  return Array.isArray(parameters) ? parameters.length : Object.keys(parameters).length;
}
