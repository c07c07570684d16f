import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { round2, round1 } from './load';
import { sleep } from './system';

/**
 * The ceiling: what PostgreSQL alone sustains for the same transaction a bid commits, with no
 * HTTP, no NATS, no Node in between. pgbench is PostgreSQL's own load driver (C, one prepared
 * script per client, no parsing or validation), so no application can beat it; how close the
 * gateway gets is the figure that survives a change of machine.
 */

/** pgbench on PATH, or the newest one Debian's postgresql packages install. */
export function findPgbench(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'pgbench'))) return join(dir, 'pgbench');
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pgbench'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length) return join(root, versions[0], 'bin', 'pgbench');
  throw new Error('pgbench not found on PATH nor in /usr/lib/postgresql/*/bin: apt-get install -y postgresql-client');
}

/**
 * Tables shaped like auction.auctions and auction.bids where it matters to the cost of a bid: a
 * uuid key, the same unique constraints and index on bids (idempotency key per bidder, acceptance
 * sequence per lot, the history index) and the foreign key to the lot. Lot 1 is the hot row; all
 * 1,000 lots serve the many-lots ceiling.
 */
const CEILING_SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS ceiling;
  CREATE TABLE IF NOT EXISTS ceiling.lot (
    id integer PRIMARY KEY,
    price_fen bigint NOT NULL,
    bid_count integer NOT NULL DEFAULT 0,
    leader integer,
    last_bid_at timestamptz
  );
  CREATE TABLE IF NOT EXISTS ceiling.bid (
    id uuid PRIMARY KEY,
    lot_id integer NOT NULL REFERENCES ceiling.lot (id),
    bidder integer NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    placed_at timestamptz NOT NULL,
    idempotency_key text NOT NULL,
    sequence integer NOT NULL,
    UNIQUE (lot_id, bidder, idempotency_key)
  );
  CREATE INDEX IF NOT EXISTS bid_history ON ceiling.bid (lot_id, placed_at, id);
  CREATE UNIQUE INDEX IF NOT EXISTS bid_sequence ON ceiling.bid (lot_id, sequence);
  INSERT INTO ceiling.lot (id, price_fen) SELECT n, 100000000 FROM generate_series(1, 1000) AS n ON CONFLICT (id) DO NOTHING;
`;

/**
 * One bid, as the auction service commits it: lock the lot row, read the state to judge against,
 * insert the bid, update the lot. (The judging itself is a few microseconds of arithmetic in the
 * service; here the new price is simply the old one plus 1.00 yuan.)
 */
function bidTransaction(lots: number): string {
  const lot = lots === 1 ? '1' : ':lot';
  return `${pickLot(lots)}BEGIN;
SELECT price_fen, bid_count FROM ceiling.lot WHERE id = ${lot} FOR UPDATE \\gset
INSERT INTO ceiling.bid (id, lot_id, bidder, amount_fen, placed_at, idempotency_key, sequence) VALUES (gen_random_uuid(), ${lot}, :client_id, :price_fen + 100, now(), gen_random_uuid()::text, :bid_count + 1);
UPDATE ceiling.lot SET price_fen = price_fen + 100, bid_count = bid_count + 1, leader = :client_id, last_bid_at = now() WHERE id = ${lot};
COMMIT;
`;
}

/** On many lots, each transaction draws its lot at random (a pgbench meta-command, run in the client: no round trip). */
const pickLot = (lots: number) => (lots === 1 ? '' : `\\set lot random(1, ${lots})\n`);

/**
 * A bid the service refuses (too low, most often): one statement on its own, which takes the lot's
 * row lock, reads the lot and lets the lock go when it ends, as the bidding service's
 * `lock_lot_for_bid` does for a bid it can tell will be refused. Used in the mixed ceiling.
 */
const refusalTransaction = (lots: number) => `${pickLot(lots)}SELECT price_fen, bid_count FROM ceiling.lot WHERE id = ${lots === 1 ? '1' : ':lot'} FOR UPDATE;
`;

/** The most lots `prepareCeilingTables` creates (lot 1 is the hot lot; all of them serve the many-lots ceiling). */
export const CEILING_LOTS = 1000;

export async function prepareCeilingTables(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined); // cut by a teardown: the query in flight fails, the process does not
  await client.connect();
  try {
    await client.query(CEILING_SCHEMA);
  } finally {
    await client.end();
  }
}

export interface CeilingResult {
  concurrency: number;
  durationSeconds: number;
  transactions: number;
  failedTransactions: number;
  tps: number;
  latencyAverageMs: number;
  latencyStddevMs: number | null;
  /** Average latency of each statement of the script (pgbench -r), in order. */
  statementLatencyMs: { statement: string; ms: number }[];
  command: string;
}

export interface PgbenchOptions {
  databaseUrl: string;
  concurrency: number;
  durationSeconds: number;
  /**
   * The share of transactions that are accepted bids; the rest are refusals (REFUSAL_TRANSACTION).
   * pgbench picks a script per transaction at random with these weights. Without it: bids only.
   */
  acceptedShare?: number;
  /**
   * How many lots the bids spread over, each transaction on one drawn at random (pgbench's
   * `random(1, N)`), as bids on many open auctions do. Default 1: every client on the one hot lot.
   */
  lots?: number;
  /** Called as pgbench is started (after waiting for connection slots), e.g. to open a CPU window. */
  onStart?(): void;
  /** Called once a second with pgbench's own progress line figures. */
  onProgress?(progress: { elapsedSeconds: number; tps: number; latencyMs: number }): void;
}

/**
 * Runs the bid transaction at `concurrency` clients for `durationSeconds` and parses pgbench's
 * report. `-n`: no VACUUM of pgbench's own tables (we have none); `-j 2`: two driver threads,
 * which is plenty for a few thousand transactions a second; `-r`: per-statement latencies, which
 * show the time waiting for the row lock; `-P 1`: a progress line a second on stderr.
 */
export async function runPgbench(pgbench: string, options: PgbenchOptions): Promise<CeilingResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dualuse-pgbench-'));
  const script = join(dir, 'bid.sql');
  const refusal = join(dir, 'refusal.sql');
  const lots = Math.min(CEILING_LOTS, Math.max(1, Math.floor(options.lots ?? 1)));
  writeFileSync(script, bidTransaction(lots));
  writeFileSync(refusal, refusalTransaction(lots));
  // Weights in thousandths; a script of weight 0 is left out (pgbench refuses a weight of 0 for all).
  const share = options.acceptedShare;
  const weights = share === undefined ? null : { bid: Math.round(Math.min(1, Math.max(0, share)) * 1000), refusal: 1000 - Math.round(Math.min(1, Math.max(0, share)) * 1000) };
  const scripts =
    weights === null
      ? ['-f', script]
      : [...(weights.bid > 0 ? ['-f', `${script}@${weights.bid}`] : []), ...(weights.refusal > 0 ? ['-f', `${refusal}@${weights.refusal}`] : [])];
  const threads = Math.min(2, options.concurrency);
  const args = ['-c', String(options.concurrency), '-j', String(threads), '-T', String(options.durationSeconds), '-n', '-r', '-P', '1', ...scripts];
  try {
    await waitForConnectionSlots(options.databaseUrl, options.concurrency);
    options.onStart?.();
    const { stdout, stderr, code } = await run(pgbench, [...args, options.databaseUrl], (line) => {
      const progress = /^progress: ([\d.]+) s, ([\d.]+) tps, lat ([\d.]+) ms/.exec(line);
      if (progress && options.onProgress) {
        options.onProgress({ elapsedSeconds: Number(progress[1]), tps: Number(progress[2]), latencyMs: Number(progress[3]) });
      }
    });
    if (code !== 0) throw new Error(`pgbench exited with code ${code}:\n${stderr.split('\n').filter((l) => !l.startsWith('progress:')).join('\n')}`);
    return { ...parsePgbenchReport(stdout), concurrency: options.concurrency, durationSeconds: options.durationSeconds, command: `pgbench ${args.join(' ').replace(script, 'bid.sql').replace(refusal, 'refusal.sql')}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures of pgbench's final report (PostgreSQL 13-17 wording). */
export function parsePgbenchReport(stdout: string): Omit<CeilingResult, 'concurrency' | 'durationSeconds' | 'command'> {
  const number = (pattern: RegExp, what: string) => {
    const match = pattern.exec(stdout);
    if (!match) throw new Error(`pgbench report has no ${what}:\n${stdout}`);
    return Number(match[1]);
  };
  const optional = (pattern: RegExp) => {
    const match = pattern.exec(stdout);
    return match ? Number(match[1]) : null;
  };
  const statements: { statement: string; ms: number }[] = [];
  const table = stdout.split(/statement latencies in milliseconds.*\n/)[1] ?? '';
  for (const line of table.split('\n')) {
    // "         0.123           0  SELECT ..." (with failures column, 15+) or "   0.123  SELECT ..." (older)
    const match = /^\s+([\d.]+)\s+(?:\d+\s+)?(\S.*)$/.exec(line);
    if (match) statements.push({ ms: Number(match[1]), statement: match[2].trim() });
  }
  return {
    transactions: number(/number of transactions actually processed: (\d+)/, 'transaction count'),
    failedTransactions: optional(/number of failed transactions: (\d+)/) ?? 0,
    tps: round1(number(/tps = ([\d.]+)/, 'tps')),
    latencyAverageMs: round2(number(/latency average = ([\d.]+) ms/, 'latency average')),
    latencyStddevMs: optional(/latency stddev = ([\d.]+) ms/),
    statementLatencyMs: statements,
  };
}

/**
 * pgbench opens one connection per client. The apps' pools (10 connections each) close idle
 * connections after 10 s, and other databases on this server hold theirs; wait, briefly, until
 * there is room rather than have pgbench fail with "too many clients".
 */
async function waitForConnectionSlots(databaseUrl: string, needed: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined); // cut by a teardown: the query in flight fails, the process does not
  await client.connect();
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await client.query(
        `SELECT current_setting('max_connections')::int - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS free`,
      );
      // +1: this very connection closes before pgbench starts; a margin of 3 for everyone else.
      if (rows[0].free + 1 >= needed + 3 || Date.now() > deadline) return;
      await sleep(500);
    }
  } finally {
    await client.end();
  }
}

function run(command: string, args: string[], onStderrLine: (line: string) => void): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(onStderrLine);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, code }));
  });
}
