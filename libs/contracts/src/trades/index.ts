export * from './trade.dto';
export * from './trade.patterns';
export * from './trade.views';
