import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { readAppConfig } from '@lib/config';
import { subjectOf } from '@lib/messaging';

const ROOT = resolve(__dirname, '..', '..');
const codec = JSONCodec<Record<string, unknown>>();

function launch(app: string, env: Record<string, string> = {}): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited };
}

/** Pings an app the way a Nest client does, retrying while it boots. */
async function pingUntilAnswered(nats: NatsConnection, app: string, withinMs: number) {
  const subject = subjectOf(readAppConfig('cli').nats.subjectPrefix, `${app}.ping`);
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    try {
      const message = await nats.request(subject, codec.encode({ pattern: `${app}.ping`, data: {}, id: randomUUID() }), {
        timeout: 1000,
      });
      return codec.decode(message.data);
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`${app} did not answer its ping within ${withinMs} ms`);
}

describe('each app is a real process that starts, answers its ping and shuts down gracefully', () => {
  let nats: NatsConnection;

  beforeAll(async () => {
    nats = await connect({ servers: readAppConfig('cli').nats.url });
  });
  afterAll(() => nats?.close());

  it.each(['identity', 'worker'])('%s answers and then exits 0 on SIGTERM', async (app) => {
    const { child, exited } = launch(app);
    try {
      const reply = await pingUntilAnswered(nats, app, 30_000);
      expect(reply.response).toMatchObject({ service: app, pid: child.pid });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('gateway serves HTTP and then exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const { child, exited } = launch('gateway', { GATEWAY_PORT: String(port) });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health`, 30_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitForHttp(url: string, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${withinMs} ms`);
}
