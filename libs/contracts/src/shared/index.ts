export * from './date-only';
export * from './envelope';
export * from './paging';
export * from './regions';
export * from './technical-field';
export * from './transforms';
export * from './unified-social-credit-code';
export * from './validators';
