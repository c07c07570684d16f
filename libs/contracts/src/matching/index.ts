export * from './parties';
export * from './interest';
export * from './negotiation';
