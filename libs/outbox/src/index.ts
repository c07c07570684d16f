export * from './notification-outbox';
export * from './notification-outbox.handlers';
