export * from './catalogue-index';
export * from './search.module';
export * from './demand-index';
