export * from './queue-names';
export * from './queues.module';
export * from './coalesced-trigger';
