import { readAppConfig } from '@lib/config';
import { assertTestDatabaseName } from '@lib/database';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { until } from './app-process';
import type { ServiceAppName } from './system';

/**
 * What the fault and privacy suites share: apps run as real processes whose output is captured,
 * a Redis of the test's own that may be flushed or killed, and the PostgreSQL connections of the
 * test database that may be cut.
 */

const ROOT = resolve(__dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** One app (`apps/<app>/src/main.ts`) or script run as its own process, with stdout and stderr kept. */
export class CapturedProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    entry: string,
    args: string[],
    env: Record<string, string>,
    stdin?: string,
  ) {
    this.child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString('utf8')));
    this.child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString('utf8')));
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
    if (stdin !== undefined) this.child.stdin!.end(stdin);
    else this.child.stdin!.end();
  }

  static app(app: ServiceAppName | 'gateway', env: Record<string, string> = {}): CapturedProcess {
    return new CapturedProcess(app, `apps/${app}/src/main.ts`, [], env);
  }

  get text(): string {
    return this.output.join('');
  }

  /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Every app as its own process (each service and the worker, and a gateway on a free port), with
 * the environment of this test file plus `env`; resolves once the gateway reports all ready.
 */
export class ProcessDeployment {
  private constructor(
    readonly processes: CapturedProcess[],
    readonly baseUrl: string,
  ) {}

  static async start(apps: ServiceAppName[], env: Record<string, string> = {}): Promise<ProcessDeployment> {
    const port = await freePort();
    const processes = [...apps.map((app) => CapturedProcess.app(app, env)), CapturedProcess.app('gateway', { ...env, GATEWAY_PORT: String(port), GATEWAY_HOST: '127.0.0.1' })];
    const deployment = new ProcessDeployment(processes, `http://127.0.0.1:${port}`);
    try {
      await until(
        () => fetch(`${deployment.baseUrl}/health/ready`).then((r) => r.status, () => 0),
        (status) => status === 200,
        120_000,
      );
    } catch (error) {
      await deployment.stop();
      throw new Error(`The deployment did not become ready: ${(error as Error).message}\n${processes.map((p) => `--- ${p.name}\n${p.text.slice(-2000)}`).join('\n')}`);
    }
    return deployment;
  }

  /** Everything every process wrote so far, each line prefixed with its app. */
  get logs(): { app: string; line: string }[] {
    return this.processes.flatMap((p) => p.text.split('\n').filter(Boolean).map((line) => ({ app: p.name, line })));
  }

  async stop(): Promise<void> {
    // The gateway first (no new requests), then the services and the worker together.
    const gateway = this.processes[this.processes.length - 1];
    await gateway.stop();
    await Promise.all(this.processes.slice(0, -1).map((p) => p.stop()));
  }
}

/** Creates an operator the way production does: the CLI, the password on standard input. Returns the CLI's output. */
export async function createOperatorWithCli(email: string, password: string, env: Record<string, string> = {}): Promise<CapturedProcess> {
  const cli = new CapturedProcess('cli', 'scripts/cli.ts', ['create-operator', '--email', email, '--name', '值班员', '--password-stdin'], env, `${password}\n`);
  const code = await cli.exited;
  if (code !== 0) throw new Error(`create-operator failed (${code}): ${cli.text}`);
  return cli;
}

/** A Redis of the test's own (nothing on disk, as in production), which a test may flush, kill and restart. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'redis-test-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.resume();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async resume(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    await until(() => this.ping(), (ok) => ok, 10_000);
  }

  private async ping(): Promise<boolean> {
    const { default: Redis } = await import('ioredis');
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }

  /** Killed outright: every key is gone (it keeps nothing on disk). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A connection to this test file's database as its superuser-ish owner, for faults. */
async function adminClient(): Promise<Client> {
  const config = readAppConfig('cli');
  assertTestDatabaseName(config.database.name);
  const client = new Client({ connectionString: config.database.url });
  await client.connect();
  return client;
}

/**
 * Cuts every connection the apps hold to this test file's database (`pg_terminate_backend`), as a
 * PostgreSQL restart or a network cut would. Returns how many were cut.
 */
export async function terminateDatabaseConnections(filter: { waitingOn?: string } = {}): Promise<number> {
  const client = await adminClient();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND ($1::text IS NULL OR (wait_event_type = 'Lock' AND query ILIKE $1))`,
      [filter.waitingOn ?? null],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/**
 * Holds a lock on `table` while `during` runs, so writes to it wait (mid-transaction)
 * and a test can act on them while they hang; released (rolled back) afterwards.
 */
export async function withTableLocked<T>(
  table: string,
  during: (waiting: (queryLike: string, withinMs?: number) => Promise<void>) => Promise<T>,
  mode: 'ACCESS EXCLUSIVE' | 'SHARE' = 'ACCESS EXCLUSIVE',
): Promise<T> {
  const blocker = await adminClient();
  await blocker.query('BEGIN');
  // SHARE lets reads and SELECT … FOR UPDATE through but holds every INSERT, UPDATE and DELETE.
  await blocker.query(`LOCK TABLE ${table} IN ${mode} MODE`);
  // Activity is read from another connection: inside the blocker's transaction pg_stat_activity is a frozen snapshot.
  const observer = await adminClient();
  const waiting = async (queryLike: string, withinMs = 20_000) => {
    await until(
      async () => {
        const { rows } = await observer.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE $1`,
          [queryLike],
        );
        return rows[0].n;
      },
      (n) => n > 0,
      withinMs,
    );
  };
  try {
    return await during(waiting);
  } finally {
    await blocker.query('ROLLBACK').catch(() => undefined);
    await blocker.end().catch(() => undefined);
    await observer.end().catch(() => undefined);
  }
}
