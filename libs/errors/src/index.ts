export * from './common-errors';
export * from './domain-error';
export * from './http-error.filter';
export * from './rpc-error.filter';
export * from './validation';
export * from './transient-errors';
