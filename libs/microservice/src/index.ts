export * from './bootstrap';
export * from './database.probe';
export * from './ping';
export * from './service-kernel.module';
