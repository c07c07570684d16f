export * from './correlation';
export * from './observability.module';
