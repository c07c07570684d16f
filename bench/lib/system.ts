import { AppConfig, readAppConfig } from '@lib/config';
import { createMeilisearchClient } from '@lib/search';
import Redis from 'ioredis';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { buildAll, compiledAppCommand, ROOT } from '../../scripts/lib/apps';
import { createDatabaseIfMissing, dropDatabase, runMigrations } from '../../scripts/lib/database-admin';
import { ensureServices } from '../../scripts/lib/services';

export type Log = (line: string) => void;

/** Infrastructure components of /health/ready; each started app is waited for too. */
const READY_COMPONENTS = ['postgres', 'redis', 'nats', 'meilisearch'];

export interface BenchSystemOptions {
  /** Apps to start, services first and the gateway last (it pings the others when asked if it is ready). */
  apps: string[];
  log: Log;
}

interface RunningApp {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  logFile: string;
}

/**
 * The real system on loopback, owned by one benchmark run: a database named
 * `dualuse_bench_<timestamp>`, its own NATS subject, Redis key and Meilisearch index prefixes,
 * a free gateway port, and each app as its own compiled process (exactly as `npm start` runs
 * them). Nothing it creates can meet the dev database, a test run or another bench run.
 * `stop()` undoes all of it and is safe to call more than once, from any state.
 */
export class BenchSystem {
  readonly id = Date.now().toString();
  readonly databaseName = `dualuse_bench_${this.id}`;
  /** Where each app's stdout/stderr goes: a file, so chatty logs never cost the load generator a pipe to drain. */
  logDir = '';
  env: Record<string, string> = {};
  config!: AppConfig;
  baseUrl = '';
  readonly apps: RunningApp[] = [];
  private databaseCreated = false;
  private stopping: Promise<void> | null = null;
  /** Set when an app dies while we still need it; checked between phases, so a dead app ends the run with its last words. */
  failure: string | null = null;

  constructor(private readonly options: BenchSystemOptions) {}

  private get log(): Log {
    return this.options.log;
  }

  async start(): Promise<void> {
    const port = await freePort();
    const base = readAppConfig('cli');
    const url = new URL(base.database.url);
    url.pathname = `/${this.databaseName}`;
    const prefix = `bench-${this.id}`;
    this.env = {
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      DATABASE_URL: url.toString(),
      REDIS_KEY_PREFIX: prefix,
      NATS_SUBJECT_PREFIX: prefix,
      MEILI_INDEX_PREFIX: `bench_${this.id}`,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // Setup logs in dozens of organisations from one address; no failed login is expected,
      // but a retried setup must never be locked out by the per-client limit.
      LOGIN_MAX_FAILURES_PER_CLIENT: '10000',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
      // The load generator is one address and a few dozen users bidding flat out.
      RATE_LIMIT_LOGINS_PER_MINUTE: '1000000',
      RATE_LIMIT_REGISTRATIONS_PER_HOUR: '1000000',
      RATE_LIMIT_BIDS_PER_10_SECONDS: '1000000',
      // The longest allowed: sessions made at the start are used by later benchmarks (Stage.refresh renews them past 30 min).
      ACCESS_TOKEN_TTL_SECONDS: '3600',
    };
    this.config = readAppConfig('cli', this.env);
    this.baseUrl = `http://127.0.0.1:${port}`;

    this.log('Services');
    await ensureServices(this.config, (line) => this.log(line));
    // Build before creating anything: a broken build then leaves nothing behind.
    this.log('Build (tsc -p tsconfig.build.json)');
    buildAll();
    this.log(`Database ${this.databaseName}`);
    this.databaseCreated = true; // set first: a failure half-way through creation must still drop it
    await createDatabaseIfMissing(this.config);
    const applied = await runMigrations(this.config);
    this.log(`  ${applied.length} migrations applied`);

    this.logDir = mkdtempSync(join(tmpdir(), `dualuse-bench-${this.id}-`));
    for (const app of this.options.apps) this.launch(app);
    this.log(`Apps ${this.options.apps.join(', ')} (logs in ${this.logDir})`);
    await this.waitUntilReady(90_000);
    this.log(`  ready at ${this.baseUrl}`);
  }

  /**
   * Runs one of the project's scripts compiled in dist/scripts (e.g. `synthetic-catalogue`) against
   * the bench database, indexes and prefixes, its output on this terminal (its progress bars).
   */
  runScript(script: string, args: string[]): Promise<void> {
    const { env } = compiledAppCommand('identity');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', join('dist', 'scripts', `${script}.js`), ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env, ...this.env },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} ${args.join(' ')} exited with code ${code}`))));
    });
  }

  /** The pid of each running app, by name. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.apps.map((app) => [app.name, app.child.pid]));
  }

  /**
   * Creates a platform operator the one supported way, the identity command line
   * (`npm run cli -- create-operator`), run compiled from dist/ against the bench database.
   */
  createOperator(email: string, name: string, password: string): void {
    const { env } = compiledAppCommand('identity');
    execFileSync(
      process.execPath,
      ['-r', 'tsconfig-paths/register', join('dist', 'scripts', 'cli.js'), 'create-operator', '--email', email, '--name', name, '--password-stdin'],
      { cwd: ROOT, env: { ...process.env, ...env, ...this.env }, input: `${password}\n`, stdio: ['pipe', 'ignore', 'pipe'] },
    );
  }

  private launch(app: string): void {
    const { env } = compiledAppCommand(app);
    const logFile = join(this.logDir, `${app}.log`);
    const fd = openSync(logFile, 'a');
    // `node` itself, not a shell: the child's pid is the app's pid, so /proc/<pid> is the app.
    // BENCH_CPU_PROFILE_DIR=<dir>: each app writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
    const profile = process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`, `--cpu-prof-name=${app}.cpuprofile`] : [];
    const child = spawn(process.execPath, [...profile, '-r', 'tsconfig-paths/register', join('dist', 'apps', app, 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...env, ...this.env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    void exited.then((code) => {
      if (!this.stopping) this.failure ??= `${app} exited with code ${code}:\n${this.tail(app)}`;
    });
    this.apps.push({ name: app, child, exited, logFile });
  }

  /** The last lines an app wrote, for error messages. */
  tail(app: string, lines = 30): string {
    const entry = this.apps.find((a) => a.name === app);
    if (!entry) return '';
    try {
      return readFileSync(entry.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /**
   * Polls /health/ready until every component the benchmarks use is up. The endpoint itself
   * answers 503 throughout, because it also pings apps a benchmark does not start (evaluation,
   * matching, worker); so we read its per-component details instead of its status code.
   */
  private async waitUntilReady(withinMs: number): Promise<void> {
    const wanted = [...READY_COMPONENTS, ...this.options.apps.filter((app) => app !== 'gateway')];
    const deadline = Date.now() + withinMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (this.failure) throw new Error(this.failure);
      try {
        const response = await fetch(`${this.baseUrl}/health/ready`);
        const body = (await response.json()) as { details?: Record<string, { status: string }> };
        const down = wanted.filter((component) => body.details?.[component]?.status !== 'up');
        if (down.length === 0) return;
        last = `waiting for ${down.join(', ')}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(300);
    }
    throw new Error(`The system was not ready within ${withinMs / 1000} s (${last}).\n${this.apps.map((a) => `--- ${a.name}\n${this.tail(a.name, 10)}`).join('\n')}`);
  }

  /** After a clean run the app logs hold nothing worth keeping; after a failure they are kept and named. */
  removeLogs(): void {
    if (this.logDir) rmSync(this.logDir, { recursive: true, force: true });
  }

  /** Stops every app (SIGTERM, then SIGKILL after 15 s), then drops the database and the Redis keys and Meilisearch indexes of the run. */
  stop(): Promise<void> {
    this.stopping ??= this.teardown();
    return this.stopping;
  }

  private async teardown(): Promise<void> {
    await Promise.all(
      [...this.apps].reverse().map(async ({ child, exited }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }),
    );
    if (!this.config) return;
    const problems: string[] = [];
    if (this.databaseCreated) await dropDatabase(this.config).catch((e) => problems.push(`drop ${this.databaseName}: ${e.message}`));
    await this.deleteRedisKeys().catch((e) => problems.push(`Redis keys: ${e.message}`));
    await this.deleteMeiliIndexes().catch((e) => problems.push(`Meilisearch indexes: ${e.message}`));
    if (problems.length) this.log(`  cleanup incomplete: ${problems.join('; ')}`);
  }

  private async deleteRedisKeys(): Promise<void> {
    const redis = new Redis(this.config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.config.redis.keyPrefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }

  private async deleteMeiliIndexes(): Promise<void> {
    const meili = createMeilisearchClient(this.config);
    const { results } = await meili.getIndexes({ limit: 1000 });
    for (const index of results.filter((i) => i.uid.startsWith(this.config.meili.indexPrefix))) await meili.deleteIndex(index.uid);
  }

  /** A direct connection to the bench database (for the pgbench tables and statistics). */
  async withDatabase<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.config.database.url });
    client.on('error', () => undefined); // a connection cut by the teardown (DROP DATABASE … FORCE) must not crash the run
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Process accounting from /proc (Linux): peak memory and CPU time of each app.

export interface ProcessSample {
  /** Resident set size now, in bytes. */
  rssBytes: number;
  /** Peak resident set size since the process started (VmHWM), in bytes. */
  peakRssBytes: number;
  /** user + system CPU time consumed so far, in seconds. */
  cpuSeconds: number;
}

const CLOCK_TICKS = 100; // USER_HZ on every Linux we run on

export function sampleProcess(pid: number): ProcessSample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM'), cpuSeconds: cpuSecondsOf(pid) ?? 0 };
  } catch {
    return null; // gone
  }
}

function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
  } catch {
    return null;
  }
}

/** CPU seconds of the machine's processes whose command is one of `names` (e.g. every PostgreSQL backend), by pid. */
function cpuByCommand(names: string[]): Map<number, { name: string; seconds: number }> {
  const found = new Map<number, { name: string; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (!names.includes(comm)) continue;
      const seconds = cpuSecondsOf(Number(entry));
      if (seconds !== null) found.set(Number(entry), { name: comm, seconds });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/**
 * Peak resident memory of each app per phase of the run. At each phase boundary the kernel's peak
 * (VmHWM) is read and then reset to the current RSS (`5` written to /proc/<pid>/clear_refs), so
 * each phase gets its own true peak, not one sampled. If the reset is refused, peaks accumulate
 * over the run (a phase then shows the highest so far) and `resettable` says so.
 */
export class MemoryTracker {
  readonly phases: { phase: string; peakRssMiB: Record<string, number> }[] = [];
  resettable = true;
  private current = 'start-up';

  constructor(private readonly pids: () => Record<string, number | undefined>) {}

  /** Closes the phase running now (its peaks recorded) and opens `next`. */
  next(next: string): void {
    const peaks: Record<string, number> = {};
    for (const [app, pid] of Object.entries(this.pids())) {
      if (!pid) continue;
      const sample = sampleProcess(pid);
      if (sample) peaks[app] = Math.round((sample.peakRssBytes / 1024 / 1024) * 10) / 10;
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        this.resettable = false;
      }
    }
    if (Object.keys(peaks).length) this.phases.push({ phase: this.current, peakRssMiB: peaks });
    this.current = next;
  }

  /** The highest peak of each app over every phase recorded. */
  overall(): Record<string, number> {
    const peaks: Record<string, number> = {};
    for (const { peakRssMiB } of this.phases) for (const [app, mib] of Object.entries(peakRssMiB)) peaks[app] = Math.max(peaks[app] ?? 0, mib);
    return peaks;
  }
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + (cpu[4] ?? 0); // idle + iowait
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Where the CPU went during a window, as % of one core per component, plus the machine's busy %. */
export interface CpuBreakdown {
  /** % of one core used by each app, the load generator (`bench`), and the infrastructure under them. */
  percentOfOneCore: Record<string, number>;
  /** Share of all cores busy, any process (other users of the machine included). */
  machineBusyPercent: number;
  /**
   * % of one core busy outside everything listed above: other users of the machine (a test run,
   * a build). Anything much above 0 means the figures of that phase were measured on a shared machine.
   */
  otherPercentOfOneCore: number;
}

const INFRASTRUCTURE = ['postgres', 'nats-server', 'redis-server', 'pgbench', 'meilisearch'];

/**
 * Measures CPU use between `start()` and `stop()`. Infrastructure processes are found by command
 * name and polled every 250 ms, so PostgreSQL backends that come and go inside the window (every
 * pgbench connection does) are counted up to their last sighting. Backends of other databases on
 * this server count too: an approximation, good enough to say which process the time goes to.
 */
export class CpuWindow {
  private started = 0;
  private apps = new Map<string, number>();
  /** CPU seconds of each infrastructure process when first seen (0 if it appeared inside the window) and when last seen. */
  private infra = new Map<number, { name: string; first: number; last: number }>();
  private machine = { busy: 0, total: 0 };
  private bench = process.cpuUsage();
  private poller: NodeJS.Timeout | null = null;

  constructor(private readonly pids: Record<string, number | undefined>) {}

  start(): this {
    this.started = performance.now();
    for (const [app, pid] of Object.entries(this.pids)) if (pid) this.apps.set(app, cpuSecondsOf(pid) ?? 0);
    for (const [pid, { name, seconds }] of cpuByCommand(INFRASTRUCTURE)) this.infra.set(pid, { name, first: seconds, last: seconds });
    this.machine = machineJiffies();
    this.bench = process.cpuUsage();
    this.poller = setInterval(() => this.pollInfrastructure(), 250);
    return this;
  }

  private pollInfrastructure(): void {
    for (const [pid, { name, seconds }] of cpuByCommand(INFRASTRUCTURE)) {
      const known = this.infra.get(pid);
      // A process that appeared inside the window spent all its CPU time inside it.
      if (known && known.name === name) known.last = seconds;
      else this.infra.set(pid, { name, first: 0, last: seconds });
    }
  }

  stop(): CpuBreakdown {
    if (this.poller) clearInterval(this.poller);
    this.pollInfrastructure();
    const seconds = (performance.now() - this.started) / 1000;
    const pct = (cpu: number) => round1((cpu / seconds) * 100);
    const percentOfOneCore: Record<string, number> = {};
    for (const [app, pid] of Object.entries(this.pids)) {
      const now = pid ? cpuSecondsOf(pid) : null;
      if (now !== null) percentOfOneCore[app] = pct(now - (this.apps.get(app) ?? 0));
    }
    const usage = process.cpuUsage(this.bench);
    percentOfOneCore.bench = pct((usage.user + usage.system) / 1e6);
    const byName: Record<string, number> = {};
    for (const { name, first, last } of this.infra.values()) byName[name] = (byName[name] ?? 0) + (last - first);
    for (const name of INFRASTRUCTURE) percentOfOneCore[name] = pct(byName[name] ?? 0);
    const machine = machineJiffies();
    const machineBusyPercent = round1(((machine.busy - this.machine.busy) / Math.max(1, machine.total - this.machine.total)) * 100);
    const ours = Object.values(percentOfOneCore).reduce((a, b) => a + b, 0);
    const otherPercentOfOneCore = Math.max(0, round1(machineBusyPercent * cpus().length - ours));
    return { percentOfOneCore, machineBusyPercent, otherPercentOfOneCore };
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Share of all cores busy over `ms` with work other than this process's own (which, just after
 * start-up, is still compiling what it loaded): whether the machine is quiet before measuring.
 */
export async function othersBusyPercentOver(ms: number): Promise<number> {
  const before = machineJiffies();
  const ours = process.cpuUsage();
  await sleep(ms);
  const after = machineJiffies();
  const used = process.cpuUsage(ours);
  const ourJiffies = ((used.user + used.system) / 1e6) * CLOCK_TICKS;
  return Math.max(0, round1(((after.busy - before.busy - ourJiffies) / Math.max(1, after.total - before.total)) * 100));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.once('error', fail);
  });
}

/** Per-table scan counters of the bench database (pg_stat_user_tables), to see which queries read whole tables. */
export type TableScans = Record<string, { seqScans: number; seqRowsRead: number; indexScans: number }>;

export async function tableScans(system: BenchSystem): Promise<TableScans> {
  return system.withDatabase(async (db) => {
    const { rows } = await db.query(
      `SELECT schemaname || '.' || relname AS name, seq_scan::bigint AS seq, seq_tup_read::bigint AS rows, coalesce(idx_scan, 0)::bigint AS idx FROM pg_stat_user_tables`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, { seqScans: Number(r.seq), seqRowsRead: Number(r.rows), indexScans: Number(r.idx) }]));
  });
}

/** What changed between two snapshots, the tables most read by sequential scans first (at most `top`). */
export function scansBetween(before: TableScans, after: TableScans, top = 6): ({ table: string } & TableScans[string])[] {
  return Object.entries(after)
    .map(([table, a]) => {
      const b = before[table] ?? { seqScans: 0, seqRowsRead: 0, indexScans: 0 };
      return { table, seqScans: a.seqScans - b.seqScans, seqRowsRead: a.seqRowsRead - b.seqRowsRead, indexScans: a.indexScans - b.indexScans };
    })
    .filter((t) => t.seqScans > 0 || t.indexScans > 0)
    .sort((x, y) => y.seqRowsRead - x.seqRowsRead || y.seqScans - x.seqScans)
    .slice(0, top);
}

/**
 * What the bench database's backends were doing, sampled from pg_stat_activity every `everyMs`
 * between `start()` and `stop()`: per state and wait event (`active (on CPU)`, `Lock: advisory`,
 * `Client: ClientRead`…), the average number of backends in it. Shows where a burst queues.
 */
export class BackendSampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private client: Client | null = null;
  private busy = false;

  constructor(
    private readonly system: BenchSystem,
    private readonly everyMs = 100,
  ) {}

  async start(): Promise<this> {
    this.client = new Client({ connectionString: this.system.config.database.url });
    this.client.on('error', () => undefined);
    await this.client.connect();
    this.timer = setInterval(() => void this.sample(), this.everyMs);
    return this;
  }

  private async sample(): Promise<void> {
    if (this.busy || !this.client) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query(
        `SELECT state, wait_event_type, wait_event, count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'
          GROUP BY 1, 2, 3`,
      );
      this.samples++;
      for (const r of rows) {
        const key = r.wait_event_type ? `${r.state}, waiting: ${r.wait_event_type} ${r.wait_event}` : `${r.state} (running)`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + r.n);
      }
    } catch {
      // the database is going away
    } finally {
      this.busy = false;
    }
  }

  /** Average backends per state over the samples, most first. */
  async stop(): Promise<{ state: string; backends: number }[]> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.end().catch(() => undefined);
    return [...this.counts]
      .map(([state, n]) => ({ state, backends: Math.round((n / Math.max(1, this.samples)) * 100) / 100 }))
      .sort((a, b) => b.backends - a.backends);
  }
}
