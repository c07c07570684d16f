export * from './data-source-options';
export * from './database.module';
export * from './test-database-guard';
export * from './safe-query-logger';
export * from './find-for-update';
