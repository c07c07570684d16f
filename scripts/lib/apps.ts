import { DOMAIN_SERVICES } from '@lib/config';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

/** Every app of the system, in start order: services first, the gateway last. */
export const ALL_APPS = [...DOMAIN_SERVICES, 'worker', 'gateway'] as const;

/** Compiles every app and lib once (incrementally) into dist/. */
export function buildAll(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** Command line that runs a compiled app, resolving `@lib/*` imports inside dist/. */
export function compiledAppCommand(app: string): { command: string; env: Record<string, string> } {
  const main = join('dist', 'apps', app, 'src', 'main.js');
  return {
    command: `node -r tsconfig-paths/register ${main}`,
    env: { TS_NODE_BASEURL: './dist', TS_NODE_PROJECT: 'tsconfig.json' },
  };
}
