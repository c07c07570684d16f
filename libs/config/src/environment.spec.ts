import { InvalidEnvironmentError, RuntimeMode, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('gives a newcomer working development defaults with nothing set', () => {
    const env = validateEnvironment({});
    expect(env.NODE_ENV).toBe(RuntimeMode.Development);
    expect(env.GATEWAY_PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/dualuse');
    expect(env.MEILI_MASTER_KEY).toBe('dualuse-development-master-key');
  });

  it('converts numeric variables and keeps the values it was given', () => {
    const env = validateEnvironment({ GATEWAY_PORT: '8080', NATS_URL: 'nats://nats:4222', SERVICE_REQUEST_TIMEOUT_MS: '750' });
    expect(env.GATEWAY_PORT).toBe(8080);
    expect(env.SERVICE_REQUEST_TIMEOUT_MS).toBe(750);
    expect(env.NATS_URL).toBe('nats://nats:4222');
  });

  it('has evaluation settings with defaults, and refuses a dispersion threshold that is not a number of points', () => {
    expect(validateEnvironment({})).toMatchObject({ EVALUATION_DISPERSION_THRESHOLD: 15, EVALUATION_REMINDER_LEAD_HOURS: 24 });
    expect(validateEnvironment({ EVALUATION_DISPERSION_THRESHOLD: '12.5' }).EVALUATION_DISPERSION_THRESHOLD).toBe(12.5);
    for (const bad of ['abc', '-1', '101', '1.234']) {
      expect(() => validateEnvironment({ EVALUATION_DISPERSION_THRESHOLD: bad })).toThrow(/EVALUATION_DISPERSION_THRESHOLD/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(validateEnvironment({ GATEWAY_PORT: '' }).GATEWAY_PORT).toBe(3000);
  });

  it('names every bad variable with the value it had', () => {
    const failure = (() => {
      try {
        validateEnvironment({ GATEWAY_PORT: '70000', REDIS_URL: 'localhost:6379', NODE_ENV: 'staging' });
      } catch (error) {
        return error as InvalidEnvironmentError;
      }
      throw new Error('expected a failure');
    })();
    expect(failure).toBeInstanceOf(InvalidEnvironmentError);
    expect(failure.problems).toHaveLength(3);
    expect(failure.message).toContain('GATEWAY_PORT (got "70000")');
    expect(failure.message).toContain('REDIS_URL (got "localhost:6379")');
    expect(failure.message).toContain('NODE_ENV (got "staging")');
  });

  it('has no secret default in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/MEILI_MASTER_KEY \(got unset\): must be set in production/);
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET \(got unset\): must be set in production/);
    expect(validateEnvironment({ NODE_ENV: 'production', MEILI_MASTER_KEY: 'a-production-key-0123', JWT_SECRET: 'j'.repeat(40) }).MEILI_MASTER_KEY).toBe(
      'a-production-key-0123',
    );
  });

  it('refuses a master key too short to be a secret', () => {
    expect(() => validateEnvironment({ MEILI_MASTER_KEY: 'short' })).toThrow(/MEILI_MASTER_KEY \(got "short"\)/);
  });
});
