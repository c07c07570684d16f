import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** Boots a real app process from source with the given environment. */
function boot(app: string, env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`],
    { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 },
  );
}

describe('configuration is validated once, at boot', () => {
  it('stops a service whose NATS_URL is not a nats:// URL, naming the variable and its value', () => {
    const result = boot('identity', { NATS_URL: 'http://wrong-scheme:4222' });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('[identity] cannot start');
    expect(result.stderr).toContain('NATS_URL (got "http://wrong-scheme:4222")');
  });

  it('stops the gateway whose GATEWAY_PORT is not a port, and reports every bad variable at once', () => {
    const result = boot('gateway', { GATEWAY_PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('GATEWAY_PORT (got "eighty")');
    expect(result.stderr).toContain('LOG_LEVEL (got "loud")');
  });

  it('refuses to start in production without the secrets that have development defaults', () => {
    const result = boot('worker', { NODE_ENV: 'production', MEILI_MASTER_KEY: '' });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('MEILI_MASTER_KEY (got unset): must be set in production');
  });
});
