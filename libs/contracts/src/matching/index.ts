export * from './parties';
export * from './demand.dto';
export * from './demand.views';
export * from './demand-search';
export * from './demand.patterns';
export * from './match.dto';
export * from './match.views';
export * from './match.patterns';
