export * from './catalogue';
export * from './ipc-code';
export * from './listing-enums';
export * from './listing.dto';
export * from './listing.views';
export * from './listings.patterns';
export * from './money';
export * from './patent-number';
