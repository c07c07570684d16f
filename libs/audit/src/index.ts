export * from './audit-log';
export * from './audit-reader';
export * from './audit-sealer';
export * from './audit.module';
export * from './hash-chain';
