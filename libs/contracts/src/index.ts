export * from './identity';
export * from './shared';
