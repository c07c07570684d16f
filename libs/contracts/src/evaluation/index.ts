export * from './evaluation.dto';
export * from './evaluation.patterns';
export * from './evaluation.views';
export * from './percent';
