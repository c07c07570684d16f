export * from './auctions';
export * from './identity';
export * from './listings';
export * from './shared';
export * from './trades';
export * from './matching';
export * from './notifications';
export * from './reports';
