export * from './auctions';
export * from './identity';
export * from './listings';
export * from './shared';
export * from './trades';
