export * from './catalogue-index';
export * from './search.module';
