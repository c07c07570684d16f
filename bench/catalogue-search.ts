import { CatalogueQuery } from '@lib/contracts';
import { catalogueIndexName, createMeilisearchClient } from '@lib/search';
import { plainToInstance } from 'class-transformer';
import { Meilisearch } from 'meilisearch';
import { catalogueFilter } from '../apps/gateway/src/catalogue/catalogue-search';
import { CatalogueLoad, SyntheticCatalogue } from './lib/catalogue';
import { JsonClient, LatencySummary, LoadResult, Outcome, runClosedLoop, summarise, VirtualClient } from './lib/load';
import { PhaseProgress } from './lib/progress';
import { BenchReport, cpuMsPerRequest, cpuTable, fixed, latencyProblems, measuredLine, sharedMachineNote, verdict } from './lib/report';
import { BenchSystem, CpuBreakdown, CpuWindow, Log } from './lib/system';

/**
 * Catalogue search (issue 10): `GET /api/v1/catalogue` on the synthetic catalogue, beside the very
 * same searches sent straight to Meilisearch with the app's own client settings
 * (`createMeilisearchClient`: uncompressed replies). The gateway's part is what it adds: HTTP,
 * validation, building the filter, mapping hits and escaping highlights.
 *
 * API and raw windows alternate (a few seconds each, several rounds) and the latencies of each
 * side are pooled, so both see the same machine: on shared cores, load from others comes and goes.
 */

export interface CatalogueSearchSettings {
  /** Listings in the synthetic catalogue. */
  catalogue: number;
  /** Concurrent clients of each mode: sequential (1) and concurrent (8). */
  concurrencies: number[];
  /** Alternating windows: API then raw, this many rounds of this many seconds each. */
  rounds: number;
  windowSeconds: number;
  warmupSeconds: number;
}

export const CATALOGUE_SEARCH_FULL: CatalogueSearchSettings = { catalogue: 100_000, concurrencies: [1, 8], rounds: 4, windowSeconds: 2.5, warmupSeconds: 2 };
export const CATALOGUE_SEARCH_QUICK: CatalogueSearchSettings = { catalogue: 2_000, concurrencies: [1, 8], rounds: 1, windowSeconds: 0.5, warmupSeconds: 0.3 };

/** Issue 10's target: API p95 at most 1.5 × raw Meilisearch p95 + 5 ms. */
export const SEARCH_TARGET = { factor: 1.5, plusMs: 5 };

type Params = Record<string, string>;

/** The query classes, each a rotation of queries in Chinese and English over the synthetic catalogue's vocabulary. */
export const QUERY_CLASSES: { name: string; description: string; queries: Params[] }[] = [
  {
    name: 'one word',
    description: 'one word, Chinese or English',
    queries: ['风洞', '激光', '复合材料', '惯性', '雷达', 'laser', 'turbine', 'MEMS'].map((q) => ({ q })),
  },
  {
    name: 'two words',
    description: 'two words',
    queries: ['风洞 结冰', '飞秒激光 微加工', '辐照 加工', '燃气轮机 健康管理', 'gas turbine', 'inertial measurement', 'wind tunnel', 'brush seal'].map((q) => ({ q })),
  },
  {
    name: 'filtered + faceted',
    description: 'a word and 2-4 filters (field, direction, TRL, mode, price), sorted or by relevance',
    queries: [
      { q: '激光', field: 'lasers_optics', trlMin: '5' },
      { q: '风洞', field: 'aerodynamics', direction: 'mil_to_civ', trlMin: '4', trlMax: '8' },
      { q: 'turbine', field: 'aero_engines_gas_turbines,energy_power', mode: 'exclusive_licence,transfer', sort: 'newest' },
      { q: '材料', field: 'new_materials', priceMax: '5000000.00', sort: 'price_asc' },
      { q: '监测', direction: 'civ_to_mil', trlMin: '6', mode: 'joint_development' },
      { q: '导航', field: 'navigation_remote_sensing', trlMin: '3', sort: 'trl_desc' },
    ],
  },
];

export interface CatalogueSearchCase {
  queryClass: string;
  concurrency: number;
  api: { latency: LatencySummary; requestsPerSecond: number; errors: number; cpu: CpuBreakdown | null };
  raw: { latency: LatencySummary; requestsPerSecond: number; errors: number; cpu: CpuBreakdown | null };
  /** API p95 over raw p95. */
  ratioP95: number | null;
  /** Target: API p95 ≤ 1.5 × raw p95 + 5 ms. */
  allowedP95Ms: number | null;
  met: boolean | null;
}

export interface CatalogueSearchResult {
  name: 'catalogue-search';
  settings: CatalogueSearchSettings;
  catalogue: CatalogueLoad;
  cases: CatalogueSearchCase[];
  /** Per query: total hits through the API and straight from Meilisearch (must be equal: the same search). */
  sameAnswers: { query: string; apiTotal: number; rawTotal: number }[];
}

const FACETS = ['field', 'direction', 'transactionModes', 'trl', 'hasEvaluation', 'evaluationGrade'];
const SORTS: Record<string, string[] | undefined> = {
  relevance: undefined,
  newest: ['publishedAt:desc', 'id:asc'],
  price_asc: ['askingPriceFen:asc', 'id:asc'],
  price_desc: ['askingPriceFen:desc', 'id:asc'],
  trl_desc: ['trl:desc', 'publishedAt:desc', 'id:asc'],
};

/**
 * The search the gateway sends for these query parameters (`CatalogueSearch.search` in
 * apps/gateway/src/catalogue/catalogue-search.ts): the query parsed as the gateway parses it, the
 * filter built by the gateway's own `catalogueFilter`, the same facets, sort, page, highlighting and
 * cropping. That every query's total hits agree both ways is checked at each run.
 */
export function rawSearchOf(params: Params): { q: string; options: Record<string, unknown> } {
  const query = plainToInstance(CatalogueQuery, params);
  return {
    q: query.q ?? '',
    options: {
      filter: catalogueFilter(query),
      facets: FACETS,
      sort: SORTS[query.sort],
      page: query.page,
      hitsPerPage: query.pageSize,
      attributesToHighlight: ['title', 'summary'],
      highlightPreTag: '\uE000',
      highlightPostTag: '\uE001',
      attributesToCrop: ['summary'],
      cropLength: 80,
    },
  };
}

const pathOf = (params: Params) => `/api/v1/catalogue?${new URLSearchParams(params).toString()}`;

class ApiSearcher implements VirtualClient {
  private next: number;
  constructor(
    private readonly http: JsonClient,
    private readonly queries: Params[],
    start: number,
  ) {
    this.next = start;
  }
  async step(): Promise<Outcome> {
    const params = this.queries[this.next++ % this.queries.length];
    const response = await this.http.request('GET', pathOf(params));
    return response.status === 200 && Array.isArray(response.body?.hits) ? { kind: 'accepted' } : { kind: 'error', reason: `HTTP ${response.status}` };
  }
}

class RawSearcher implements VirtualClient {
  private next: number;
  constructor(
    private readonly meili: Meilisearch,
    private readonly index: string,
    private readonly queries: Params[],
    start: number,
  ) {
    this.next = start;
  }
  async step(): Promise<Outcome> {
    const { q, options } = rawSearchOf(this.queries[this.next++ % this.queries.length]);
    const response = await this.meili.index(this.index).search(q, options);
    return Array.isArray(response.hits) ? { kind: 'accepted' } : { kind: 'error', reason: 'no hits array' };
  }
}

export async function runCatalogueSearch({
  system,
  catalogue,
  settings,
  log,
}: {
  system: BenchSystem;
  catalogue: SyntheticCatalogue;
  settings: CatalogueSearchSettings;
  log: Log;
}): Promise<CatalogueSearchResult> {
  const load = await catalogue.ensure();
  const meili = createMeilisearchClient(system.config);
  const index = catalogueIndexName(system.config);
  const pids = system.pids();
  log(`Catalogue search: ${load.documents.toLocaleString('en')} documents; API and raw Meilisearch alternate, ${settings.rounds} × ${settings.windowSeconds} s each`);

  // The same answer both ways, query by query (and the caches of both warmed on every query).
  const check = new JsonClient(system.baseUrl, 1);
  const sameAnswers: CatalogueSearchResult['sameAnswers'] = [];
  for (const { queries } of QUERY_CLASSES) {
    for (const params of queries) {
      const api = await check.expect(200, 'GET', pathOf(params));
      const { q, options } = rawSearchOf(params);
      const raw = await meili.index(index).search(q, options);
      sameAnswers.push({ query: new URLSearchParams(params).toString(), apiTotal: api.total, rawTotal: (raw as { totalHits?: number }).totalHits ?? -1 });
    }
  }
  check.close();

  const cases: CatalogueSearchCase[] = [];
  for (const queryClass of QUERY_CLASSES) {
    for (const concurrency of settings.concurrencies) {
      if (system.failure) throw new Error(system.failure);
      const label = `${queryClass.name}, ${concurrency === 1 ? 'sequential' : `${concurrency} clients`}`;
      const bar = new PhaseProgress(label, settings.rounds * 2 * (settings.windowSeconds + settings.warmupSeconds));
      let elapsed = 0;
      const pooled = { api: [] as Float64Array[], raw: [] as Float64Array[] };
      const totals = { api: { requests: 0, errors: 0, cpu: [] as CpuBreakdown[] }, raw: { requests: 0, errors: 0, cpu: [] as CpuBreakdown[] } };
      const http = new JsonClient(system.baseUrl, concurrency);
      for (let round = 0; round < settings.rounds; round++) {
        for (const side of ['api', 'raw'] as const) {
          let window: CpuWindow | null = null;
          const result: LoadResult = await runClosedLoop({
            concurrency,
            durationMs: settings.windowSeconds * 1000,
            warmupMs: settings.warmupSeconds * 1000,
            keepSamples: true,
            client: (i) => (side === 'api' ? new ApiSearcher(http, queryClass.queries, i + round) : new RawSearcher(meili, index, queryClass.queries, i + round)),
            onWindowStart: () => (window = new CpuWindow(pids).start()),
            onWindowEnd: () => {
              const cpu = (window as CpuWindow | null)?.stop();
              if (cpu) totals[side].cpu.push(cpu);
            },
            onTick: ({ elapsedMs }) => bar.update(elapsed + settings.warmupSeconds + elapsedMs / 1000, `${side}, round ${round + 1}/${settings.rounds}`),
          });
          elapsed += settings.windowSeconds + settings.warmupSeconds;
          pooled[side].push(result.samples!);
          totals[side].requests += result.requests;
          totals[side].errors += result.errors;
        }
      }
      http.close();
      bar.stop();
      const seconds = settings.rounds * settings.windowSeconds;
      const side = (name: 'api' | 'raw') => ({
        latency: summarise(concat(pooled[name])),
        requestsPerSecond: Math.round((totals[name].requests / seconds) * 10) / 10,
        errors: totals[name].errors,
        cpu: averageCpu(totals[name].cpu),
      });
      const api = side('api');
      const raw = side('raw');
      const allowedP95Ms = Number.isFinite(raw.latency.p95Ms) ? Math.round((SEARCH_TARGET.factor * raw.latency.p95Ms + SEARCH_TARGET.plusMs) * 100) / 100 : null;
      const searchCase: CatalogueSearchCase = {
        queryClass: queryClass.name,
        concurrency,
        api,
        raw,
        ratioP95: raw.latency.p95Ms > 0 ? Math.round((api.latency.p95Ms / raw.latency.p95Ms) * 100) / 100 : null,
        allowedP95Ms,
        met: allowedP95Ms === null || !Number.isFinite(api.latency.p95Ms) ? null : api.latency.p95Ms <= allowedP95Ms,
      };
      cases.push(searchCase);
      log(
        `  ${label.padEnd(32)} API p50 ${api.latency.p50Ms} p95 ${api.latency.p95Ms} p99 ${api.latency.p99Ms} ms (${api.requestsPerSecond}/s) · ` +
          `raw p50 ${raw.latency.p50Ms} p95 ${raw.latency.p95Ms} p99 ${raw.latency.p99Ms} ms (${raw.requestsPerSecond}/s) · target p95 ≤ ${allowedP95Ms} ms: ${searchCase.met ? 'met' : 'not met'}`,
      );
    }
  }
  return { name: 'catalogue-search', settings, catalogue: load, cases, sameAnswers };
}

function concat(parts: Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/** The mean of several CPU windows of equal length (the rounds of one side). */
function averageCpu(windows: CpuBreakdown[]): CpuBreakdown | null {
  if (!windows.length) return null;
  const mean = (pick: (w: CpuBreakdown) => number) => Math.round((windows.reduce((sum, w) => sum + pick(w), 0) / windows.length) * 10) / 10;
  const names = [...new Set(windows.flatMap((w) => Object.keys(w.percentOfOneCore)))];
  return {
    percentOfOneCore: Object.fromEntries(names.map((name) => [name, mean((w) => w.percentOfOneCore[name] ?? 0)])),
    machineBusyPercent: mean((w) => w.machineBusyPercent),
    otherPercentOfOneCore: mean((w) => w.otherPercentOfOneCore),
  };
}

export function catalogueSearchProblems(result: CatalogueSearchResult): string[] {
  const problems: string[] = [];
  if (!(result.catalogue.documents >= result.catalogue.requested)) problems.push(`catalogue search: ${result.catalogue.documents} documents indexed, ${result.catalogue.requested} asked for`);
  if (result.cases.length !== QUERY_CLASSES.length * result.settings.concurrencies.length) problems.push('catalogue search: not every query class and concurrency ran');
  for (const c of result.cases) {
    const at = `catalogue search (${c.queryClass}, ${c.concurrency})`;
    problems.push(...latencyProblems(`${at} API`, c.api.latency), ...latencyProblems(`${at} raw`, c.raw.latency));
    if (c.api.errors || c.raw.errors) problems.push(`${at}: ${c.api.errors} API and ${c.raw.errors} raw errors`);
  }
  for (const answer of result.sameAnswers) {
    if (answer.apiTotal !== answer.rawTotal) problems.push(`catalogue search: ${answer.query} found ${answer.apiTotal} through the API but ${answer.rawTotal} straight from Meilisearch`);
  }
  if (!result.sameAnswers.some((a) => a.apiTotal > 0)) problems.push('catalogue search: no query found anything');
  return problems;
}

export function catalogueSearchMarkdown(report: BenchReport): string {
  const result = report.benchmarks.catalogueSearch!;
  const s = result.settings;
  const lines = [
    measuredLine(report, `${s.rounds} alternating rounds of ${s.windowSeconds} s per side and case, after ${s.warmupSeconds} s of warm-up each`),
    '',
    `${result.catalogue.documents.toLocaleString('en')} listings in the catalogue (${result.catalogue.requested.toLocaleString('en')} synthetic, loaded and indexed in ${result.catalogue.seconds} s by \`npm run catalogue:synthetic\`). ` +
      'Latencies in ms, over every request of the pooled windows; _raw_ is the same search sent straight to Meilisearch with the app’s client settings.',
    '',
    '| queries | clients | API p50 | API p95 | API p99 | API req/s | raw p50 | raw p95 | raw p99 | raw req/s | API p95 / raw p95 | target: API p95 ≤ | met | CPU ms / search, API | CPU ms / search, raw |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const c of result.cases) {
    lines.push(
      `| ${c.queryClass} | ${c.concurrency} | ${fixed(c.api.latency.p50Ms)} | ${fixed(c.api.latency.p95Ms)} | ${fixed(c.api.latency.p99Ms)} | ${fixed(c.api.requestsPerSecond, 0)} | ` +
        `${fixed(c.raw.latency.p50Ms)} | ${fixed(c.raw.latency.p95Ms)} | ${fixed(c.raw.latency.p99Ms)} | ${fixed(c.raw.requestsPerSecond, 0)} | ${fixed(c.ratioP95, 2)} | ${fixed(c.allowedP95Ms)} | ${verdict(c.met)} | ` +
        `${fixed(cpuMsPerRequest(c.api.cpu, c.api.requestsPerSecond, true), 2)} | ${fixed(cpuMsPerRequest(c.raw.cpu, c.raw.requestsPerSecond, true), 2)} |`,
    );
  }
  const met = result.cases.filter((c) => c.met).length;
  const cpuRows: [string, CpuBreakdown | null][] = result.cases.flatMap((c) => [
    [`${c.queryClass}, ${c.concurrency} client${c.concurrency > 1 ? 's' : ''}, API`, c.api.cpu] as [string, CpuBreakdown | null],
    [`${c.queryClass}, ${c.concurrency} client${c.concurrency > 1 ? 's' : ''}, raw`, c.raw.cpu] as [string, CpuBreakdown | null],
  ]);
  lines.push(
    '',
    `Target (issue 10), API p95 ≤ ${SEARCH_TARGET.factor} × raw p95 + ${SEARCH_TARGET.plusMs} ms: **met in ${met} of ${result.cases.length} cases**.`,
    '',
    'Queries: ' +
      QUERY_CLASSES.map((qc) => `_${qc.name}_ (${qc.description}): ${qc.queries.map((p) => `\`${decodeURIComponent(new URLSearchParams(p).toString())}\``).join(', ')}`).join('; ') +
      '. Every request asks for the facet counts of six attributes and 20 highlighted hits, as the API always does. ' +
      `Total hits agree both ways for all ${result.sameAnswers.length} queries${result.sameAnswers.every((a) => a.apiTotal === a.rawTotal) ? '' : ' **except some (see the results file)**'}. ` +
      '_CPU ms / search_: CPU of the apps, Meilisearch (which others may use too), PostgreSQL, NATS, Redis and the load generator, per request.',
    ...sharedMachineNote(cpuRows),
    '',
    ...cpuTable(cpuRows),
  );
  return lines.join('\n');
}
