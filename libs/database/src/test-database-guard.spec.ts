import { assertTestDatabaseName } from './test-database-guard';

describe('assertTestDatabaseName', () => {
  it.each(['dualuse_test_abc', 'test', 'my_TEST_db'])('accepts %s', (name) => {
    expect(() => assertTestDatabaseName(name)).not.toThrow();
  });

  it.each(['dualuse', 'postgres', 'production', 'tset'])('refuses %s', (name) => {
    expect(() => assertTestDatabaseName(name)).toThrow(`Refusing to run tests against database "${name}"`);
  });
});
