export * from './trade.patterns';
