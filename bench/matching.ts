import { parseYuanToFen } from '@lib/contracts';
import { createMeilisearchClient } from '@lib/search';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listingCandidateFilters } from '../apps/matching/src/domain/candidate-filters';
import { textQueriesOf } from '../apps/matching/src/domain/text-queries';
import { MatchCandidates } from '../apps/matching/src/matcher/candidates';
import { inParallel, Session, Stage } from './lib/api';
import { SyntheticCatalogue } from './lib/catalogue';
import { JsonClient, LatencySummary, LoadResult, Outcome, runClosedLoop, summarise, VirtualClient } from './lib/load';
import { PhaseProgress } from './lib/progress';
import { BenchReport, cpuTable, fixed, latencyProblems, measuredLine, sharedMachineNote } from './lib/report';
import { BenchSystem, CpuBreakdown, CpuWindow, Log, sleep } from './lib/system';

/**
 * Matching (issue 10): how fast new demands are matched against the synthetic catalogue.
 *
 * - *New demands in a burst*: demands posted through the API as fast as the poster can; each
 *   queues a `match-demand` job, which the worker (concurrency 2) hands to the matching service:
 *   one Meilisearch multi-search, every candidate checked with listings, scored, the best stored
 *   with their audit entry. Measured from the database: when each demand was posted and when its
 *   current version was matched; demands matched per second and matches stored per second.
 * - *On demand*: `GET /api/v1/demands/:id/matches` (the same run, answered) in a closed loop.
 *
 * Beside each, its ceiling: the matcher's own Meilisearch multi-search for the same demands
 * (built by the matcher's code: `textQueriesOf`, `listingCandidateFilters`, `MatchCandidates`),
 * sent straight at the same concurrency.
 */

export interface MatchingSettings {
  catalogue: number;
  /** Demands posted in the burst (the 65 labelled demands of the quality check, round and round). */
  demands: number;
  /** On-demand runs: concurrent clients, and seconds per level. */
  concurrencies: number[];
  durationSeconds: number;
  warmupSeconds: number;
  timeoutSeconds: number;
}

export const MATCHING_FULL: MatchingSettings = { catalogue: 100_000, demands: 300, concurrencies: [1, 4], durationSeconds: 10, warmupSeconds: 2, timeoutSeconds: 300 };
export const MATCHING_QUICK: MatchingSettings = { catalogue: 2_000, demands: 10, concurrencies: [2], durationSeconds: 2, warmupSeconds: 0.5, timeoutSeconds: 60 };

/** The worker's concurrency for matching jobs (apps/worker/src/matching/matching.processor.ts). */
const WORKER_CONCURRENCY = 2;

interface LabelledDemand {
  key: string;
  poster: 'enterprise' | 'institute';
  title: string;
  description: string;
  field: string;
  direction: string;
  ipcCodes: string[];
  minTrl: number;
  budget: string | null;
  deadlineInDays: number;
}

export interface MatchingLevel {
  concurrency: number;
  api: LoadResult;
  /** The matcher's multi-search alone, straight to Meilisearch. */
  raw: LoadResult;
  ratio: number | null;
  cpu: { api: CpuBreakdown | null; raw: CpuBreakdown | null };
}

export interface MatchingResult {
  name: 'matching';
  settings: MatchingSettings;
  catalogueDocuments: number;
  burst: {
    demands: number;
    matchedDemands: number;
    /** Pairs stored for these demands (at most 50 per demand). */
    matches: number;
    postingSeconds: number;
    /** From the first demand posted to the last one matched. */
    seconds: number | null;
    demandsPerSecond: number | null;
    matchesPerSecond: number | null;
    /** Per demand, posted → matched (database timestamps). */
    latency: LatencySummary;
    cpu: CpuBreakdown | null;
    /** The matcher's multi-search for the same demands, straight, at the worker's concurrency. */
    ceiling: LoadResult;
    ratio: number | null;
  };
  onDemand: MatchingLevel[];
  setupSeconds: number;
}

function chinaDateIn(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

function readDemands(): LabelledDemand[] {
  const labels = JSON.parse(readFileSync(join(__dirname, '..', 'scripts', 'data', 'matching-labels.json'), 'utf8')) as { demands: LabelledDemand[] };
  return labels.demands;
}

/** The matcher's candidate search for a demand, sent straight to Meilisearch. */
class RawMatcherSearch implements VirtualClient {
  private next: number;
  constructor(
    private readonly candidates: MatchCandidates,
    private readonly demands: LabelledDemand[],
    start: number,
  ) {
    this.next = start;
  }
  async step(): Promise<Outcome> {
    const demand = this.demands[this.next++ % this.demands.length];
    await this.candidates.listings({
      queries: textQueriesOf(demand.title, demand.description),
      ...listingCandidateFilters({ field: demand.field, ipcCodes: demand.ipcCodes, minTrl: demand.minTrl, budgetFen: demand.budget === null ? null : parseYuanToFen(demand.budget) }),
    });
    return { kind: 'accepted' };
  }
}

class OnDemandMatcher implements VirtualClient {
  private next: number;
  constructor(
    private readonly http: JsonClient,
    private readonly posted: { id: string; session: Session }[],
    start: number,
  ) {
    this.next = start;
  }
  async step(): Promise<Outcome> {
    const { id, session } = this.posted[this.next++ % this.posted.length];
    const response = await this.http.request('GET', `/api/v1/demands/${id}/matches?limit=20`, undefined, session.headers);
    return response.status === 200 ? { kind: 'accepted' } : { kind: 'error', reason: `HTTP ${response.status}${response.body?.error?.code ? ` ${response.body.error.code}` : ''}` };
  }
}

export async function runMatching({
  system,
  stage,
  catalogue,
  settings,
  log,
}: {
  system: BenchSystem;
  stage: Stage;
  catalogue: SyntheticCatalogue;
  settings: MatchingSettings;
  log: Log;
}): Promise<MatchingResult> {
  const load = await catalogue.ensure();
  const setupStarted = performance.now();
  const [enterprise] = await stage.enterprises(1);
  const institute = await stage.seller();
  const labelled = readDemands();
  const demands = Array.from({ length: settings.demands }, (_, i) => labelled[i % labelled.length]);
  const candidates = new MatchCandidates(createMeilisearchClient(system.config), system.config);
  const pids = system.pids();
  const setupSeconds = Math.round((performance.now() - setupStarted) / 100) / 10;

  // The burst: post them all, then wait until each one's current version is matched.
  log(`Matching: ${settings.demands} demands posted at once (the ${labelled.length} labelled demands of the quality check, in turn), matched by the worker`);
  const cpuWindow = new CpuWindow(pids).start();
  const postingStarted = performance.now();
  const posted = await inParallel(demands, 4, async (demand) => {
    const session = demand.poster === 'institute' ? institute : enterprise;
    const { key: _key, poster: _poster, deadlineInDays, acceptedSubjects: _a, accepted: _b, ...fields } = demand as LabelledDemand & { acceptedSubjects?: unknown; accepted?: unknown };
    const body = await stage.http.expect(201, 'POST', '/api/v1/demands', { ...fields, deadline: chinaDateIn(deadlineInDays), visibility: 'public' }, session.headers);
    return { id: body.id as string, session };
  });
  const postingSeconds = Math.round((performance.now() - postingStarted) / 100) / 10;
  const ids = posted.map((p) => p.id);
  const bar = new PhaseProgress(`${settings.demands} demands matched`, settings.demands);
  const deadline = Date.now() + settings.timeoutSeconds * 1000;
  let matched = 0;
  let cpu: CpuBreakdown | null = null;
  while (Date.now() < deadline) {
    matched = await system.withDatabase(async (db) =>
      Number((await db.query(`SELECT count(*) FROM matching.demands WHERE id = ANY($1::uuid[]) AND matched_version = version`, [ids])).rows[0].count),
    );
    bar.update(matched, `${matched} matched`);
    if (matched === ids.length) break;
    await sleep(200);
  }
  cpu = cpuWindow.stop();
  bar.stop();
  const figures = await system.withDatabase(async (db) => {
    const timing = (
      await db.query(
        `SELECT extract(epoch FROM (max(matched_at) - min(created_at)))::float8 AS seconds,
                array_agg(extract(epoch FROM (matched_at - created_at)) * 1000 ORDER BY id) FILTER (WHERE matched_at IS NOT NULL) AS latencies
           FROM matching.demands WHERE id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows[0];
    const pairs = Number((await db.query(`SELECT count(*) FROM matching.matches WHERE demand_id = ANY($1::uuid[])`, [ids])).rows[0].count);
    return { seconds: timing.seconds as number | null, latencies: ((timing.latencies ?? []) as (number | string)[]).map(Number), pairs };
  });
  const seconds = matched === ids.length && figures.seconds ? Math.round(figures.seconds * 100) / 100 : null;
  const demandsPerSecond = seconds ? Math.round((ids.length / seconds) * 100) / 100 : null;
  const matchesPerSecond = seconds ? Math.round((figures.pairs / seconds) * 10) / 10 : null;
  log(`  ${matched}/${ids.length} matched in ${seconds ?? '–'} s (posting took ${postingSeconds} s): ${demandsPerSecond ?? '–'} demands/s, ${figures.pairs} matches, ${matchesPerSecond ?? '–'} matches/s`);

  const ceilingBar = new PhaseProgress(`matcher's search, straight, ${WORKER_CONCURRENCY} clients`, settings.warmupSeconds + settings.durationSeconds);
  const ceiling = await runClosedLoop({
    concurrency: WORKER_CONCURRENCY,
    durationMs: settings.durationSeconds * 1000,
    warmupMs: settings.warmupSeconds * 1000,
    client: (i) => new RawMatcherSearch(candidates, demands, i),
    onTick: ({ elapsedMs, accepted }) => ceilingBar.update(settings.warmupSeconds + elapsedMs / 1000, `${Math.round(accepted / Math.max(0.001, elapsedMs / 1000))}/s`),
  });
  ceilingBar.stop();
  log(`  ceiling: the matcher's multi-search alone, ${WORKER_CONCURRENCY} at a time: ${ceiling.requestsPerSecond}/s, p50 ${ceiling.latency.p50Ms} ms, p95 ${ceiling.latency.p95Ms} ms`);

  // On demand, through the API.
  const onDemand: MatchingLevel[] = [];
  for (const concurrency of settings.concurrencies) {
    if (system.failure) throw new Error(system.failure);
    const level: Partial<MatchingLevel> & { cpu: MatchingLevel['cpu'] } = { concurrency, cpu: { api: null, raw: null } };
    for (const side of ['api', 'raw'] as const) {
      const http = new JsonClient(system.baseUrl, concurrency);
      let window: CpuWindow | null = null;
      const levelBar = new PhaseProgress(`${side === 'api' ? 'GET …/matches' : "matcher's search"}, ${concurrency} client${concurrency > 1 ? 's' : ''}`, settings.warmupSeconds + settings.durationSeconds);
      const result = await runClosedLoop({
        concurrency,
        durationMs: settings.durationSeconds * 1000,
        warmupMs: settings.warmupSeconds * 1000,
        client: (i) => (side === 'api' ? new OnDemandMatcher(http, posted, i * 7) : new RawMatcherSearch(candidates, demands, i * 7)),
        onWindowStart: () => (window = new CpuWindow(pids).start()),
        onWindowEnd: () => (level.cpu[side] = (window as CpuWindow | null)?.stop() ?? null),
        onTick: ({ elapsedMs, accepted }) => levelBar.update(settings.warmupSeconds + elapsedMs / 1000, `${Math.round(accepted / Math.max(0.001, elapsedMs / 1000))}/s`),
      });
      levelBar.stop();
      http.close();
      level[side] = result;
    }
    const api = level.api!;
    const raw = level.raw!;
    onDemand.push({ concurrency, api, raw, ratio: raw.requestsPerSecond > 0 ? Math.round((api.requestsPerSecond / raw.requestsPerSecond) * 1000) / 1000 : null, cpu: level.cpu });
    log(
      `  on demand, ${concurrency} client${concurrency > 1 ? 's' : ''}: ${api.requestsPerSecond} runs/s, p50 ${api.latency.p50Ms} ms, p95 ${api.latency.p95Ms} ms, errors ${api.errors} · ` +
        `the search alone ${raw.requestsPerSecond}/s, p50 ${raw.latency.p50Ms} ms, p95 ${raw.latency.p95Ms} ms`,
    );
  }

  return {
    name: 'matching',
    settings,
    catalogueDocuments: load.documents,
    burst: {
      demands: ids.length,
      matchedDemands: matched,
      matches: figures.pairs,
      postingSeconds,
      seconds,
      demandsPerSecond,
      matchesPerSecond,
      latency: summarise(figures.latencies),
      cpu,
      ceiling,
      ratio: demandsPerSecond && ceiling.requestsPerSecond > 0 ? Math.round((demandsPerSecond / ceiling.requestsPerSecond) * 1000) / 1000 : null,
    },
    onDemand,
    setupSeconds,
  };
}

export function matchingProblems(result: MatchingResult): string[] {
  const problems: string[] = [];
  const b = result.burst;
  if (b.matchedDemands !== b.demands) problems.push(`matching: ${b.matchedDemands} of ${b.demands} demands matched within ${result.settings.timeoutSeconds} s`);
  if (!(b.matches > 0)) problems.push('matching: no match stored');
  problems.push(...latencyProblems('matching (posted → matched)', b.latency), ...latencyProblems("matching: the matcher's search", b.ceiling.latency));
  for (const level of result.onDemand) {
    problems.push(...latencyProblems(`matching on demand at ${level.concurrency}`, level.api.latency));
    if (level.api.errors) problems.push(`matching on demand at ${level.concurrency}: ${level.api.errors} errors (${Object.keys(level.api.errorReasons).join(', ')})`);
  }
  return problems;
}

export function matchingMarkdown(report: BenchReport): string {
  const r = report.benchmarks.matching!;
  const b = r.burst;
  const s = r.settings;
  const cpuRows: [string, CpuBreakdown | null][] = [
    [`${b.demands} demands posted and matched`, b.cpu],
    ...r.onDemand.flatMap((l) => [
      [`on demand, ${l.concurrency} client${l.concurrency > 1 ? 's' : ''}, API`, l.cpu.api] as [string, CpuBreakdown | null],
      [`on demand, ${l.concurrency} client${l.concurrency > 1 ? 's' : ''}, search alone`, l.cpu.raw] as [string, CpuBreakdown | null],
    ]),
  ];
  return [
    measuredLine(report, `${b.demands} demands in a burst, then ${s.durationSeconds} s per on-demand level`),
    '',
    `Against a catalogue of ${r.catalogueDocuments.toLocaleString('en')} listings. _New demands_: ${b.demands} demands (the labelled demands of the quality check, in turn) posted through the API in ${b.postingSeconds} s, ` +
      `four at a time; each is matched by a worker job (concurrency ${WORKER_CONCURRENCY}): the matcher's Meilisearch multi-search, every candidate checked with listings, scored, the best 50 stored.`,
    '',
    '| | demands/s | matches stored/s | posted → matched p50 ms | p95 ms | p99 ms |',
    '|---|---:|---:|---:|---:|---:|',
    `| **new demands, matched by the worker** (${b.matchedDemands}/${b.demands} in ${fixed(b.seconds, 1)} s, ${b.matches.toLocaleString('en')} matches) | ${fixed(b.demandsPerSecond, 1)} | ${fixed(b.matchesPerSecond, 0)} | ${fixed(b.latency.p50Ms, 0)} | ${fixed(b.latency.p95Ms, 0)} | ${fixed(b.latency.p99Ms, 0)} |`,
    `| ceiling: the matcher's multi-search alone, straight to Meilisearch, ${WORKER_CONCURRENCY} at a time | ${fixed(b.ceiling.requestsPerSecond, 1)} | | ${fixed(b.ceiling.latency.p50Ms, 0)} | ${fixed(b.ceiling.latency.p95Ms, 0)} | ${fixed(b.ceiling.latency.p99Ms, 0)} |`,
    '',
    `Demands matched/s over the search alone: ${b.ratio === null ? '–' : `${Math.round(b.ratio * 100)}%`}. No target is set for matching (issue 10).`,
    '',
    '_On demand_ (`GET /api/v1/demands/:id/matches?limit=20`, the owner asking; the matcher runs and stores, then answers), beside the matcher’s search alone at the same concurrency:',
    '',
    '| clients | runs/s | p50 ms | p95 ms | p99 ms | errors | search alone /s | p50 ms | p95 ms | runs / searches |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.onDemand.map(
      (l) =>
        `| ${l.concurrency} | ${fixed(l.api.requestsPerSecond)} | ${fixed(l.api.latency.p50Ms, 0)} | ${fixed(l.api.latency.p95Ms, 0)} | ${fixed(l.api.latency.p99Ms, 0)} | ${l.api.errors} | ` +
        `${fixed(l.raw.requestsPerSecond)} | ${fixed(l.raw.latency.p50Ms, 0)} | ${fixed(l.raw.latency.p95Ms, 0)} | ${l.ratio === null ? '–' : `${Math.round(l.ratio * 100)}%`} |`,
    ),
    ...sharedMachineNote(cpuRows),
    '',
    ...cpuTable(cpuRows),
  ].join('\n');
}
