import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CatalogueSearchResult } from '../catalogue-search';
import type { FreshnessResult } from '../freshness';
import type { HotLotResult } from '../hot-lot';
import type { ManyLotsResult } from '../many-lots';
import type { MatchingResult } from '../matching';
import type { SettlementResult } from '../settlement';
import type { CpuBreakdown } from './system';

/** What one `npm run bench` measured: written to bench/results/latest.json. */
export interface BenchReport {
  date: string;
  mode: 'full' | 'quick';
  machine: {
    node: string;
    cpus: number;
    cpuModel: string;
    totalMemoryMiB: number;
    platform: string;
    /** Share of all cores busy with others' work during 2 s before the run started (above a few %, the run is on a shared machine). */
    busyBeforeStartPercent: number;
    postgres: string;
    pgbench: string;
  };
  durationSeconds: number;
  /** The benchmarks that ran (all by default; `--only` / `--skip` choose). */
  benchmarks: {
    hotLot?: HotLotResult;
    manyLots?: ManyLotsResult;
    catalogueSearch?: CatalogueSearchResult;
    freshness?: FreshnessResult;
    settlement?: SettlementResult;
    matching?: MatchingResult;
  };
  memory: {
    /** Peak resident memory (VmHWM) of each app in each phase: start-up, then each benchmark (its setup included). */
    phases: { phase: string; peakRssMiB: Record<string, number> }[];
    /** The highest of those per app: the peak over the whole run. */
    overallPeakRssMiB: Record<string, number>;
    /** Whether the kernel let each phase's peak be reset (otherwise a phase shows the highest so far). */
    perPhase: boolean;
  };
}

export function writeJson(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

/** Which parts of the hot lot's figures are missing or nonsensical. */
export function hotLotProblems(hot: HotLotResult): string[] {
  const problems: string[] = [];
  if (!hot.levels.length) problems.push('hot lot: no level ran');
  for (const level of hot.levels) {
    const at = `hot lot at ${level.concurrency}`;
    if (level.gateway.accepted <= 0) problems.push(`${at}: no bid was accepted`);
    for (const key of ['p50Ms', 'p95Ms', 'p99Ms'] as const) if (!finite(level.gateway.latency[key])) problems.push(`${at}: latency ${key} is not a number`);
    if (!level.ceiling || !(level.ceiling.tps > 0)) problems.push(`${at}: no pgbench ceiling (${level.ceilingError ?? 'tps 0'})`);
    if (!finite(level.ratioToCeiling)) problems.push(`${at}: no ratio to the ceiling`);
    if (!finite(level.judgedRatioToMixedCeiling)) problems.push(`${at} (${level.workload}): no ratio to pgbench on the same mix`);
  }
  if (!hot.integrity.consistent) {
    problems.push(`hot lot: ${hot.integrity.acknowledged} bids acknowledged but the lot counts ${hot.integrity.storedBidCount}`);
  }
  return problems;
}

/** Which parts of the memory figures are missing. */
export function memoryProblems(report: BenchReport): string[] {
  const problems: string[] = [];
  if (!report.memory.phases.length) problems.push('memory: no phase recorded');
  for (const [app, mib] of Object.entries(report.memory.overallPeakRssMiB)) if (!(mib > 0)) problems.push(`memory: no peak RSS for ${app}`);
  return problems;
}

export const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/** Latency percentiles that must be numbers, named for the message. */
export function latencyProblems(what: string, latency: { count: number; p50Ms: number; p95Ms: number; p99Ms: number } | null | undefined): string[] {
  if (!latency || latency.count <= 0) return [`${what}: no request measured`];
  return (['p50Ms', 'p95Ms', 'p99Ms'] as const).filter((key) => !finite(latency[key])).map((key) => `${what}: ${key} is not a number`);
}

/** % of one core used by others above which a phase counts as measured on a shared machine. */
export const SHARED_MACHINE_THRESHOLD = 25;

export const fixed = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
export const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '–' : `${Math.round(ratio * 100)}%`);
export const verdict = (met: boolean | null) => (met === null ? 'not measured (quick mode)' : met ? '**met**' : '**not met**');

/** The line every section starts with: when, how, on what. */
export function measuredLine(report: BenchReport, how: string): string {
  const m = report.machine;
  return (
    `Measured ${report.date.slice(0, 16).replace('T', ' ')} UTC (${report.mode} run, ${how}) ` +
    `on ${m.cpus} × ${m.cpuModel}, ${Math.round(m.totalMemoryMiB / 1024)} GiB, Node ${m.node}, PostgreSQL ${m.postgres}; ` +
    `other work kept ${m.busyBeforeStartPercent}% of the machine busy just before the run.`
  );
}

/** The hot lot figures as markdown: the main table, the targets, where the CPU went. */
export function hotLotMarkdown(report: BenchReport): string {
  const hot = report.benchmarks.hotLot!;
  const lines: string[] = [];
  lines.push(
    measuredLine(report, `${hot.settings.durationSeconds} s per level after ${hot.settings.warmupSeconds} s of warm-up`),
    '',
    '| bidders | bids | accepted bids/s | refused/s | p50 ms | p95 ms | p99 ms | errors | CPU ms / bid | pgbench tps | pgbench avg ms | accepted / pgbench | pgbench tps, same mix | judged / same mix |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const level of hot.levels) {
    const g = level.gateway;
    lines.push(
      `| ${level.concurrency} | ${level.workload} | ${fixed(g.acceptedPerSecond)} | ${fixed(g.refusedPerSecond)} | ${fixed(g.latency.p50Ms)} | ${fixed(g.latency.p95Ms)} | ${fixed(g.latency.p99Ms)} | ${g.errors} | ` +
        `${fixed(cpuMsPerRequest(level.cpu.gateway, g.requestsPerSecond), 2)} | ${fixed(level.ceiling?.tps)} | ${fixed(level.ceiling?.latencyAverageMs, 2)} | ${percent(level.ratioToCeiling)} | ` +
        `${fixed(level.mixedCeiling?.tps)} | ${percent(level.judgedRatioToMixedCeiling)} |`,
    );
  }
  const shared = hot.levels.flatMap((level) =>
    [
      [`${level.concurrency} bidders (${level.workload} bids)`, level.cpu.gateway],
      [`pgbench at ${level.concurrency}`, level.cpu.ceiling],
    ].flatMap(([phase, cpu]) => {
      const other = (cpu as CpuBreakdown | null)?.otherPercentOfOneCore ?? 0;
      return other > SHARED_MACHINE_THRESHOLD ? [`${phase} (${Math.round(other)}% of a core)`] : [];
    }),
  );
  lines.push(
    '',
    '_bids_: `minimum` = each bidder bids the least the last answer allowed (+0-99 fen), so about one bid in N wins the race; ' +
      '`proxy` = each bidder bids a proxy maximum, that least plus 0-49 increments. ' +
      '_pgbench tps_: the bid transaction only (lock, insert, update, commit). ' +
      '_same mix_: pgbench running, in the proportions measured for that row, the bid transaction for accepted bids and, for refused ones, one statement that locks the lot row and reads it. ' +
      '_judged_ = accepted + refused: every bid took the row lock and was judged. Latency percentiles are over all requests. ' +
      '_CPU ms / bid_: CPU time of the apps, PostgreSQL (all its backends: other databases’ work counts too), NATS, Redis and the load generator over the window, per request.',
    ...(shared.length ? ['', `**Measured on a shared machine**: other work used CPU during ${shared.join(', ')}; those figures are lower than on a quiet machine.`] : []),
    '',
    `Targets (issue 5) at ${hot.targets[0]?.atConcurrency ?? 32} bidders, accepted bids/s at least ${Math.round((hot.targets[0]?.minRatioToCeiling ?? 0.4) * 100)}% of the pgbench ceiling, p99 under ${hot.targets[0]?.maxP99Ms ?? 100} ms:`,
    ...hot.targets.map((t) => {
      const judged = hot.levels.find((level) => level.concurrency === t.atConcurrency && level.workload === t.workload);
      return (
        `- \`${t.workload}\` bids: ratio ${verdict(t.ratioMet)}` +
        (judged
          ? ` (accepted ${percent(judged.ratioToCeiling)} of the bid ceiling; judged bids ${percent(judged.judgedRatioToMixedCeiling)} of pgbench on the same mix: ${t.judgedRatioMet ? 'at least' : 'under'} ${Math.round(t.minRatioToCeiling * 100)}%)`
          : '') +
        `; p99 ${verdict(t.p99Met)}${judged ? ` (${fixed(judged.gateway.latency.p99Ms)} ms)` : ''}`
      );
    }),
    '',
    `Every acknowledged bid was on the lot afterwards: ${hot.integrity.acknowledged} acknowledged, the lot counts ${hot.integrity.storedBidCount}` +
      ` (${hot.integrity.consistent ? 'consistent' : '**inconsistent**'}).` +
      ` Refusals are bids that lost a race (another bid raised the price above them first): ${refusalSummary(hot)}.`,
  );

  const cpuRows: [string, CpuBreakdown | null][] = [];
  for (const level of hot.levels) {
    cpuRows.push([`${level.concurrency} bidders, ${level.workload} bids`, level.cpu.gateway]);
    // One pgbench run per level, shared by its workloads.
    if (level === hot.levels.find((l) => l.concurrency === level.concurrency)) cpuRows.push([`${level.concurrency} clients, pgbench`, level.cpu.ceiling]);
  }
  lines.push('', ...cpuTable(cpuRows));
  const perRequest = hot.levels.map((level) => `${fixed(level.databaseTransactionsPerRequest)} at ${level.concurrency} (${level.workload})`).join(', ');
  lines.push('', `PostgreSQL transactions (explicit, or one statement on its own) per bid request through the gateway: ${perRequest}; pgbench: 1.`);
  const statements = hot.levels.find((level) => level.concurrency === hot.targets[0]?.atConcurrency)?.ceiling ?? hot.levels[hot.levels.length - 1]?.ceiling;
  if (statements) {
    lines.push('', `pgbench statement latencies at ${statements.concurrency} clients (ms; the row lock wait shows in the SELECT … FOR UPDATE):`, '');
    for (const s of statements.statementLatencyMs) lines.push(`- ${fixed(s.ms, 3)}  \`${s.statement.slice(0, 60)}${s.statement.length > 60 ? '…' : ''}\``);
  }
  return lines.join('\n');
}

/** Columns of CPU tables, in this order, when any row used at least 1% of a core there. */
const CPU_COLUMNS = ['gateway', 'identity', 'listings', 'auction', 'matching', 'evaluation', 'worker', 'bench', 'postgres', 'nats-server', 'redis-server', 'meilisearch', 'pgbench'];

/** Where the CPU went during each measured window, as a markdown table with its legend. */
export function cpuTable(rows: [string, CpuBreakdown | null][]): string[] {
  const present = rows.filter((r): r is [string, CpuBreakdown] => r[1] !== null);
  if (!present.length) return [];
  const columns = CPU_COLUMNS.filter((c) => present.some(([, cpu]) => (cpu.percentOfOneCore[c] ?? 0) >= 1));
  return [
    'Where the CPU went during each measured window, in % of one core: `bench` is the load generator, `postgres` every backend on the server (other databases too), ' +
      '`meilisearch` the search engine (shared with other users of this machine), `other` everything else on the machine (other users); `machine` is the share of all cores busy.',
    '',
    `| phase | ${columns.join(' | ')} | other | machine |`,
    `|---|${columns.map(() => '---:').join('|')}|---:|---:|`,
    ...present.map(
      ([phase, cpu]) => `| ${phase} | ${columns.map((c) => fixed(cpu.percentOfOneCore[c], 0)).join(' | ')} | ${fixed(cpu.otherPercentOfOneCore, 0)} | ${fixed(cpu.machineBusyPercent, 0)}% |`,
    ),
  ];
}

/** Phases measured while others kept more than SHARED_MACHINE_THRESHOLD % of a core busy, as a sentence (or nothing). */
export function sharedMachineNote(rows: [string, CpuBreakdown | null][]): string[] {
  const shared = rows.flatMap(([phase, cpu]) => {
    const other = cpu?.otherPercentOfOneCore ?? 0;
    return other > SHARED_MACHINE_THRESHOLD ? [`${phase} (${Math.round(other)}% of a core)`] : [];
  });
  return shared.length ? ['', `**Measured on a shared machine**: other work used CPU during ${shared.join(', ')}; those figures are lower than on a quiet machine.`] : [];
}

/**
 * Peak memory of each app, per phase of the run and overall, as markdown.
 */
export function memoryMarkdown(report: BenchReport): string {
  const apps = Object.keys(report.memory.overallPeakRssMiB);
  const phases = report.memory.phases;
  const lines = [
    `Peak resident memory (VmHWM, MiB) of each app in each phase of the ${report.mode} run of ${report.date.slice(0, 16).replace('T', ' ')} UTC` +
      (report.memory.perPhase ? ' (the kernel’s peak reset at each phase boundary, so each column is that phase’s own peak; a phase includes its setup):' : ' (the kernel refused to reset the peak, so each column is the highest so far):'),
    '',
    `| app | ${phases.map((p) => p.phase).join(' | ')} | whole run |`,
    `|---|${phases.map(() => '---:').join('|')}|---:|`,
  ];
  for (const app of apps) lines.push(`| ${app} | ${phases.map((p) => fixed(p.peakRssMiB[app], 0)).join(' | ')} | ${fixed(report.memory.overallPeakRssMiB[app], 0)} |`);
  return lines.join('\n');
}

/** One line: each app's peak resident memory during one phase (a benchmark, its setup included). */
export function memoryLine(report: BenchReport, phase: string): string {
  const peaks = report.memory.phases.find((p) => p.phase === phase)?.peakRssMiB;
  if (!peaks) return '';
  return `Peak resident memory of each app during this benchmark, its setup included (VmHWM, MiB): ${Object.entries(peaks)
    .map(([app, mib]) => `${app} ${fixed(mib, 0)}`)
    .join(', ')}.`;
}

/** CPU time spent per request by everything on the path (not pgbench, not Meilisearch unless `withMeili`, not other users). */
export function cpuMsPerRequest(cpu: CpuBreakdown | null, requestsPerSecond: number, withMeili = false): number | null {
  if (!cpu || !(requestsPerSecond > 0)) return null;
  const percent = Object.entries(cpu.percentOfOneCore)
    .filter(([name]) => name !== 'pgbench' && (withMeili || name !== 'meilisearch'))
    .reduce((sum, [, p]) => sum + p, 0);
  return (percent / 100) * (1000 / requestsPerSecond);
}

export function refusalSummary(hot: { levels: { gateway: { refusalReasons: Record<string, number>; errorReasons: Record<string, number> } }[] }): string {
  const totals: Record<string, number> = {};
  for (const level of hot.levels) for (const [reason, n] of Object.entries(level.gateway.refusalReasons)) totals[reason] = (totals[reason] ?? 0) + n;
  const errors: Record<string, number> = {};
  for (const level of hot.levels) for (const [reason, n] of Object.entries(level.gateway.errorReasons)) errors[reason] = (errors[reason] ?? 0) + n;
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(', ') || 'none';
  return `${list(totals)}; errors: ${list(errors)}`;
}

const START = (name: string) => `<!-- bench:${name}:start (generated by npm run bench; edit outside these markers) -->`;
const END = (name: string) => `<!-- bench:${name}:end -->`;

/**
 * Puts the generated figures of `name` between their markers in docs/benchmarks.md and keeps the
 * rest of the page (method, commentary) as people wrote it. A section whose markers are missing is
 * added at the end of the page under `title` (the page is created if there is none).
 */
export function updateMarkdownSection(path: string, name: string, generated: string, title: string): void {
  const section = `${START(name)}\n${generated}\n${END(name)}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START(name));
  const end = current.indexOf(END(name));
  const next =
    start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + END(name).length) : `${current.trimEnd()}\n\n## ${title}\n\n${section}\n`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, next.endsWith('\n') ? next : `${next}\n`);
}
