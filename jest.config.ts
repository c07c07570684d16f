import type { Config } from 'jest';

/**
 * Three tiers, one command: small tests (`*.spec.ts`, pure functions, beside the code),
 * medium and e2e tests (`test/**\/*.e2e-spec.ts`) against real PostgreSQL, Redis, NATS and
 * Meilisearch. Global setup starts what is missing and creates a fresh test database.
 */
const config: Config = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleNameMapper: { '^@lib/(.*)$': '<rootDir>/libs/$1/src' },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/isolate-test-file.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/per-file-database.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
  verbose: true,
};

export default config;
