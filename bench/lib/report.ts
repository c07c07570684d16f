import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HotLotResult } from '../hot-lot';
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
  benchmarks: { hotLot: HotLotResult };
  /** Peak resident memory of each app over the whole run (VmHWM), and the highest RSS seen by sampling once a second. */
  memory: Record<string, { peakRssMiB: number; maxSampledRssMiB: number }>;
}

export function writeJson(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

/** Which parts of a report are missing or nonsensical; quick mode (CI) fails on any. */
export function problemsWith(report: BenchReport): string[] {
  const problems: string[] = [];
  const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
  const hot = report.benchmarks.hotLot;
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
  for (const [app, memory] of Object.entries(report.memory)) if (!(memory.peakRssMiB > 0)) problems.push(`memory: no peak RSS for ${app}`);
  return problems;
}

/** % of one core used by others above which a phase counts as measured on a shared machine. */
const SHARED_MACHINE_THRESHOLD = 25;

const fixed = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
const percent = (ratio: number | null) => (ratio === null ? '–' : `${Math.round(ratio * 100)}%`);
const verdict = (met: boolean | null) => (met === null ? 'not measured (quick mode)' : met ? '**met**' : '**not met**');

/** The hot lot figures as markdown: the main table, the targets, where the CPU went, memory. */
export function hotLotMarkdown(report: BenchReport): string {
  const hot = report.benchmarks.hotLot;
  const lines: string[] = [];
  const m = report.machine;
  lines.push(
    `Measured ${report.date.slice(0, 16).replace('T', ' ')} UTC (${report.mode} run, ${hot.settings.durationSeconds} s per level after ${hot.settings.warmupSeconds} s of warm-up) ` +
      `on ${m.cpus} × ${m.cpuModel}, ${Math.round(m.totalMemoryMiB / 1024)} GiB, Node ${m.node}, PostgreSQL ${m.postgres}; ` +
      `other work kept ${m.busyBeforeStartPercent}% of the machine busy just before the run.`,
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

  const cpuColumns = ['gateway', 'auction', 'identity', 'listings', 'bench', 'postgres', 'nats-server', 'redis-server', 'pgbench'];
  lines.push(
    '',
    'Where the CPU went during each measured window, in % of one core: `bench` is the load generator, `postgres` every backend on the server (other databases too), ' +
      '`other` everything else on the machine (other users); `machine` is the share of all cores busy.',
    '',
    `| phase | ${cpuColumns.join(' | ')} | other | machine |`,
    `|---|${cpuColumns.map(() => '---:').join('|')}|---:|---:|`,
  );
  for (const level of hot.levels) {
    for (const [phase, cpu] of [
      [`${level.concurrency} bidders, ${level.workload} bids`, level.cpu.gateway],
      [`${level.concurrency} clients, pgbench`, level.cpu.ceiling],
    ] as const) {
      if (!cpu) continue;
      if (phase.includes('pgbench') && level !== hot.levels.find((l) => l.concurrency === level.concurrency)) continue; // one pgbench run per level
      lines.push(
        `| ${phase} | ${cpuColumns.map((c) => fixed(cpu.percentOfOneCore[c], 0)).join(' | ')} | ${fixed(cpu.otherPercentOfOneCore, 0)} | ${fixed(cpu.machineBusyPercent, 0)}% |`,
      );
    }
  }
  const perRequest = hot.levels.map((level) => `${fixed(level.databaseTransactionsPerRequest)} at ${level.concurrency} (${level.workload})`).join(', ');
  lines.push('', `PostgreSQL transactions (explicit, or one statement on its own) per bid request through the gateway: ${perRequest}; pgbench: 1.`);
  const statements = hot.levels.find((level) => level.concurrency === hot.targets[0]?.atConcurrency)?.ceiling ?? hot.levels[hot.levels.length - 1]?.ceiling;
  if (statements) {
    lines.push('', `pgbench statement latencies at ${statements.concurrency} clients (ms; the row lock wait shows in the SELECT … FOR UPDATE):`, '');
    for (const s of statements.statementLatencyMs) lines.push(`- ${fixed(s.ms, 3)}  \`${s.statement.slice(0, 60)}${s.statement.length > 60 ? '…' : ''}\``);
  }

  lines.push('', 'Peak memory of each app over the whole run (VmHWM):', '', '| app | peak RSS MiB |', '|---|---:|');
  for (const [app, memory] of Object.entries(report.memory)) lines.push(`| ${app} | ${fixed(memory.peakRssMiB, 0)} |`);
  return lines.join('\n');
}

/** CPU time spent per request by everything on the bid path (not pgbench, not other users). */
function cpuMsPerRequest(cpu: CpuBreakdown | null, requestsPerSecond: number): number | null {
  if (!cpu || !(requestsPerSecond > 0)) return null;
  const percent = Object.entries(cpu.percentOfOneCore)
    .filter(([name]) => name !== 'pgbench')
    .reduce((sum, [, p]) => sum + p, 0);
  return (percent / 100) * (1000 / requestsPerSecond);
}

function refusalSummary(hot: HotLotResult): string {
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
 * rest of the page (method, commentary) as people wrote it. A page without the markers is
 * created from `template`.
 */
export function updateMarkdownSection(path: string, name: string, generated: string, template: (section: string) => string): void {
  const section = `${START(name)}\n${generated}\n${END(name)}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = current.indexOf(START(name));
  const end = current.indexOf(END(name));
  const next = start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + END(name).length) : template(section);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, next.endsWith('\n') ? next : `${next}\n`);
}
