export * from './app-config';
export * from './app-config.module';
export * from './environment';
export * from './read-environment';
