export * from './notification.patterns';
export * from './inbox';
