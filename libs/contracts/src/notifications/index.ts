export * from './notification.patterns';
