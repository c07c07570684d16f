export * from './access-token';
export * from './actor';
export * from './ownership';
export * from './roles';
