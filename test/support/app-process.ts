import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { ServiceAppName } from './system';

const ROOT = resolve(__dirname, '..', '..');

/** An app run as a real process (its own `main.ts`), so a test can kill it outright, mid-work, with SIGKILL. */
export function launchApp(app: ServiceAppName): { child: ChildProcess; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    env: process.env,
    stdio: 'ignore',
  });
  return { child, exited: new Promise((done) => child.once('exit', done)) };
}

/** Probes every 200 ms until `done` holds, and returns that value; fails after `withinMs`, showing the last value. */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${withinMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
