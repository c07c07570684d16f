/**
 * Tests create, migrate and drop databases. This guard stops them from ever touching one whose
 * name does not say it is a test database (a developer's or, worse, production's).
 */
export function assertTestDatabaseName(name: string): void {
  if (!/test/i.test(name)) {
    throw new Error(
      `Refusing to run tests against database "${name}": its name must contain "test".`,
    );
  }
}
