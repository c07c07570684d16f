export * from './auction.dto';
export * from './auction.patterns';
export * from './auction.views';
