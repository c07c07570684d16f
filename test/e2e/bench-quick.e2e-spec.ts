import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchReport } from '../../bench/lib/report';

/**
 * `npm run bench -- --quick` in CI: every benchmark runs at a small size against the real system
 * (its own database, prefixes and compiled apps, as `npm run bench` starts them) and its output
 * is well formed; the bench itself exits non-zero on any missing or nonsensical figure. No timing
 * is asserted: the figures of a quick run on a shared CI machine mean nothing.
 */

const ROOT = resolve(__dirname, '..', '..');

/** The test run's settings (database, prefixes, test mode) are not the bench's: it makes its own. */
const TEST_RUN_VARIABLES = /^(NODE_ENV|DATABASE_URL|DATABASE_POOL_SIZE|REDIS_KEY_PREFIX|NATS_SUBJECT_PREFIX|MEILI_INDEX_PREFIX|GATEWAY_PORT|GATEWAY_HOST|PUBLIC_URL|SERVICE_REQUEST_TIMEOUT_MS|LOG_LEVEL|RATE_LIMIT_.*|TEST_.*|JEST_.*)$/;

describe('npm run bench -- --quick', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'dualuse-bench-quick-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every benchmark beside its ceiling and writes well-formed results', async () => {
    const out = join(dir, 'results.json');
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !TEST_RUN_VARIABLES.test(key)));
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'bench/run.ts', '--quick', '--out', out], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('close', (exitCode) => done({ code: exitCode, output: text }));
    });
    if (code !== 0) throw new Error(`the quick bench exited with ${code}:\n${output.slice(-6000)}`);

    const report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
    expect(report.mode).toBe('quick');
    const b = report.benchmarks;
    expect(Object.keys(b).sort()).toEqual(['catalogueSearch', 'freshness', 'hotLot', 'manyLots', 'matching', 'settlement']);
    expect(b.hotLot!.levels.every((level) => level.ceiling!.tps > 0 && level.gateway.accepted > 0)).toBe(true);
    expect(b.hotLot!.integrity.consistent).toBe(true);
    expect(b.manyLots!.levels.every((level) => level.ceiling!.tps > 0 && level.gateway.accepted > 0)).toBe(true);
    expect(b.manyLots!.integrity.consistent).toBe(true);
    expect(b.catalogueSearch!.cases).toHaveLength(6);
    expect(b.catalogueSearch!.sameAnswers.every((a) => a.apiTotal === a.rawTotal)).toBe(true);
    expect(b.freshness!.notFound).toBe(0);
    expect(b.freshness!.meili.documents).toBeGreaterThan(0);
    expect(b.settlement!.verification.ok).toBe(true);
    expect(b.settlement!.ceiling.jobsPerSecond).toBeGreaterThan(0);
    expect(b.matching!.burst.matchedDemands).toBe(b.matching!.burst.demands);
    expect(Object.values(report.memory.overallPeakRssMiB).every((mib) => mib > 0)).toBe(true);
    expect(Object.keys(report.memory.overallPeakRssMiB).sort()).toEqual(['auction', 'evaluation', 'gateway', 'identity', 'listings', 'matching', 'worker']);
  }, 420_000);
});
