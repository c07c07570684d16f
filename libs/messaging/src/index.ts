export * from './nats-transport';
export * from './service-client';
