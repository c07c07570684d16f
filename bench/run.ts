import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_APPS } from '../scripts/lib/apps';
import { CATALOGUE_SEARCH_FULL, CATALOGUE_SEARCH_QUICK, catalogueSearchMarkdown, catalogueSearchProblems, runCatalogueSearch } from './catalogue-search';
import { FRESHNESS_FULL, FRESHNESS_QUICK, freshnessMarkdown, freshnessProblems, runFreshness } from './freshness';
import { HOT_LOT_FULL, HOT_LOT_QUICK, HOT_LOT_WORKLOADS, HotLotSettings, HotLotWorkload, runHotLot } from './hot-lot';
import { Stage } from './lib/api';
import { SyntheticCatalogue } from './lib/catalogue';
import { JsonClient } from './lib/load';
import { findPgbench } from './lib/pgbench';
import { BenchReport, hotLotMarkdown, hotLotProblems, memoryLine, memoryMarkdown, memoryProblems, updateMarkdownSection, writeJson } from './lib/report';
import { BenchSystem, MemoryTracker, othersBusyPercentOver } from './lib/system';
import { MANY_LOTS_FULL, MANY_LOTS_QUICK, manyLotsMarkdown, manyLotsProblems, runManyLots } from './many-lots';
import { MATCHING_FULL, MATCHING_QUICK, matchingMarkdown, matchingProblems, runMatching } from './matching';
import { runSettlement, SETTLEMENT_FULL, SETTLEMENT_QUICK, settlementMarkdown, settlementProblems } from './settlement';

const ROOT = join(__dirname, '..');
const DOC = join(ROOT, 'docs', 'benchmarks.md');

/**
 * The benchmarks, in the order they run. Those on the synthetic catalogue come first: the auction
 * benchmarks clone listings in SQL (published, for the auctions to sell), which a catalogue rebuild
 * would otherwise pick up.
 */
const BENCHMARKS = ['search', 'matching', 'freshness', 'hot-lot', 'many-lots', 'settlement'] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];

const USAGE = `Usage: npm run bench [-- options]

  Starts the whole system on loopback with a database of its own (dualuse_bench_<timestamp>), runs
  every benchmark beside its ceiling, writes bench/results/latest.json and, in a full run, the
  figures in docs/benchmarks.md (each benchmark's own section); then stops the apps and drops the
  database, the Redis keys and the Meilisearch indexes of the run.

  Benchmarks (in this order): ${BENCHMARKS.join(', ')}

  --quick                 small sizes and short windows (a minute or two in all): checks that the
                          benchmarks run and their output is well formed; docs/benchmarks.md is left alone
  --only a,b              run only these benchmarks (their sections of the page are replaced, the others kept)
  --skip a,b              run all but these
  --out path              where to write the results (default bench/results/latest.json)

  Sizes (defaults: full run / quick):
  --catalogue 100000      synthetic listings for search, matching and freshness (100000 / 2000)
  --approvals 1000        approvals in the freshness benchmark (1000 / 20)
  --closings 10000        auctions closing together in the settlement burst (10000 / 200)
  --demands 300           demands posted in the matching burst (300 / 10)
  --lots 1000             open auctions in many lots (1000 / 50)

  Hot lot and many lots:
  --levels 8,32,64        bidder counts (default 8,32,64)
  --seconds 15            measured seconds per level (default 15)
  --workloads proxy       hot-lot bid pricing, comma-separated: minimum, proxy (default both)`;

const log = (line: string) => console.log(line);
const system = new BenchSystem({ apps: [...ALL_APPS], log });

// Ctrl-C (or a supervisor's SIGTERM) still stops the apps and drops the database. The signal also
// reaches the apps and pgbench (same process group), so whatever main() was doing fails; it then
// waits for the same teardown before the process exits.
let interrupted = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupted) return;
  interrupted = true;
  console.log(`\n${signal}: stopping the apps and dropping ${system.databaseName}`);
  void system.stop().finally(() => process.exit(130));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      only: { type: 'string' },
      skip: { type: 'string' },
      out: { type: 'string' },
      catalogue: { type: 'string' },
      approvals: { type: 'string' },
      closings: { type: 'string' },
      demands: { type: 'string' },
      lots: { type: 'string' },
      levels: { type: 'string' },
      seconds: { type: 'string' },
      workloads: { type: 'string' },
    },
  });
  const quick = values.quick;
  const list = (value: string | undefined) => (value ? value.split(',').map((s) => s.trim()) : null);
  const only = list(values.only);
  const skip = list(values.skip) ?? [];
  const unknown = [...(only ?? []), ...skip].filter((name) => !BENCHMARKS.includes(name as BenchmarkName));
  const selected = BENCHMARKS.filter((name) => (only ? only.includes(name) : true) && !skip.includes(name));
  const positive = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const catalogue = positive(values.catalogue);
  const hotLot: HotLotSettings = { ...(quick ? HOT_LOT_QUICK : HOT_LOT_FULL) };
  if (values.levels) hotLot.levels = values.levels.split(',').map(Number);
  if (values.seconds) hotLot.durationSeconds = Number(values.seconds);
  if (values.workloads) hotLot.workloads = values.workloads.split(',') as HotLotWorkload[];
  const manyLots = { ...(quick ? MANY_LOTS_QUICK : MANY_LOTS_FULL) };
  if (values.levels) manyLots.levels = [...hotLot.levels];
  if (values.seconds) manyLots.durationSeconds = hotLot.durationSeconds;
  if (values.lots) manyLots.lots = Number(values.lots);
  const search = { ...(quick ? CATALOGUE_SEARCH_QUICK : CATALOGUE_SEARCH_FULL) };
  const freshness = { ...(quick ? FRESHNESS_QUICK : FRESHNESS_FULL) };
  const matching = { ...(quick ? MATCHING_QUICK : MATCHING_FULL) };
  if (catalogue !== undefined) search.catalogue = freshness.catalogue = matching.catalogue = catalogue;
  if (values.approvals) freshness.approvals = Number(values.approvals);
  if (values.demands) matching.demands = Number(values.demands);
  const settlement = { ...(quick ? SETTLEMENT_QUICK : SETTLEMENT_FULL) };
  if (values.closings) settlement.closings = Number(values.closings);

  const counts = [search.catalogue, freshness.approvals, matching.demands, settlement.closings, manyLots.lots, manyLots.durationSeconds, hotLot.durationSeconds, ...hotLot.levels];
  const valid =
    unknown.length === 0 &&
    selected.length > 0 &&
    counts.every((n) => Number.isFinite(n) && n > 0) &&
    [...hotLot.levels, search.catalogue, freshness.approvals, matching.demands, settlement.closings, manyLots.lots].every(Number.isInteger) &&
    settlement.closings >= 2 &&
    manyLots.lots >= 1 &&
    hotLot.workloads.every((w) => HOT_LOT_WORKLOADS.includes(w));
  const out = values.out ? (isAbsolute(values.out) ? values.out : join(process.cwd(), values.out)) : join(ROOT, 'bench', 'results', 'latest.json');
  return { help: values.help, valid, quick, selected, out, settings: { hotLot, manyLots, search, freshness, matching, settlement } };
}

async function main(): Promise<number> {
  const options = parseOptions();
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (!options.valid) {
    console.error(USAGE);
    return 2;
  }
  const { quick, selected, settings } = options;
  const mode = quick ? 'quick' : 'full';
  const started = Date.now();
  const pgbench = findPgbench(); // before starting anything: without it there is no ceiling to compare with

  let report: BenchReport;
  const memory = new MemoryTracker(() => system.pids());
  let http: JsonClient | null = null;
  try {
    console.log(`Benchmarks (${mode} run): ${selected.join(', ')}`);
    // Every app and the load generator share this machine's cores: someone else's build or test run skews every figure.
    const busyBeforeStartPercent = await othersBusyPercentOver(2000);
    if (busyBeforeStartPercent > 15) {
      console.log(`  warning: other work keeps ${busyBeforeStartPercent}% of the machine busy; the figures will be lower than on a quiet machine`);
    }
    await system.start();
    const postgres = await system.withDatabase(async (client) => (await client.query('SHOW server_version')).rows[0].server_version as string);
    http = new JsonClient(system.baseUrl, 8);
    const stage = new Stage(http, (email, name, password) => system.createOperator(email, name, password));
    const catalogue = new SyntheticCatalogue(system, settings.search.catalogue, log);
    const benchmarks: BenchReport['benchmarks'] = {};
    for (const name of selected) {
      if (system.failure) throw new Error(system.failure);
      memory.next(name);
      await stage.refresh();
      console.log('');
      switch (name) {
        case 'search':
          benchmarks.catalogueSearch = await runCatalogueSearch({ system, catalogue, settings: settings.search, log });
          break;
        case 'matching':
          benchmarks.matching = await runMatching({ system, stage, catalogue, settings: settings.matching, log });
          break;
        case 'freshness':
          benchmarks.freshness = await runFreshness({ system, stage, catalogue, settings: settings.freshness, log });
          break;
        case 'hot-lot':
          benchmarks.hotLot = await runHotLot({ system, stage, settings: settings.hotLot, log });
          break;
        case 'many-lots':
          benchmarks.manyLots = await runManyLots({ system, stage, settings: settings.manyLots, log });
          break;
        case 'settlement':
          benchmarks.settlement = await runSettlement({ system, stage, settings: settings.settlement, log });
          break;
      }
    }
    memory.next('end');
    if (system.failure) throw new Error(system.failure);
    report = {
      date: new Date().toISOString(),
      mode,
      machine: {
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        totalMemoryMiB: Math.round(totalmem() / 1024 / 1024),
        platform: `${process.platform} ${process.arch}`,
        busyBeforeStartPercent,
        postgres: postgres.split(' ')[0],
        pgbench: execFileSync(pgbench, ['--version'], { encoding: 'utf8' }).trim(),
      },
      durationSeconds: Math.round((Date.now() - started) / 1000),
      benchmarks,
      memory: { phases: memory.phases, overallPeakRssMiB: memory.overall(), perPhase: memory.resettable },
    };
  } finally {
    http?.close();
    if (!interrupted) console.log('Stopping the apps and dropping the database');
    await system.stop(); // the same teardown the signal handler started, if it did
  }

  writeJson(options.out, report);
  const b = report.benchmarks;
  // Each benchmark's section ends with the apps' peak memory during it; the page's memory table
  // (every phase side by side) is replaced only by a run of every benchmark.
  const withMemory = (phase: BenchmarkName, markdown: string) => [markdown, memoryLine(report, phase)].filter(Boolean).join('\n\n');
  const sections: { name: string; title: string; markdown: () => string; problems: () => string[] }[] = [
    ...(b.catalogueSearch ? [{ name: 'catalogue-search', title: 'Catalogue search', markdown: () => withMemory('search', catalogueSearchMarkdown(report)), problems: () => catalogueSearchProblems(b.catalogueSearch!) }] : []),
    ...(b.matching ? [{ name: 'matching', title: 'Matching', markdown: () => withMemory('matching', matchingMarkdown(report)), problems: () => matchingProblems(b.matching!) }] : []),
    ...(b.freshness ? [{ name: 'freshness', title: 'Index freshness', markdown: () => withMemory('freshness', freshnessMarkdown(report)), problems: () => freshnessProblems(b.freshness!) }] : []),
    ...(b.hotLot ? [{ name: 'hot-lot', title: 'Hot lot', markdown: () => withMemory('hot-lot', hotLotMarkdown(report)), problems: () => hotLotProblems(b.hotLot!) }] : []),
    ...(b.manyLots ? [{ name: 'many-lots', title: 'Many lots', markdown: () => withMemory('many-lots', manyLotsMarkdown(report)), problems: () => manyLotsProblems(b.manyLots!) }] : []),
    ...(b.settlement ? [{ name: 'settlement', title: 'Settlement burst', markdown: () => withMemory('settlement', settlementMarkdown(report)), problems: () => settlementProblems(b.settlement!) }] : []),
    ...(selected.length === BENCHMARKS.length || quick
      ? [{ name: 'memory', title: 'Peak memory', markdown: () => memoryMarkdown(report), problems: () => memoryProblems(report) }]
      : []),
  ];
  const problems: string[] = [];
  for (const section of sections) {
    const markdown = section.markdown();
    console.log(`\n## ${section.title}\n\n${markdown}`);
    if (mode === 'full') updateMarkdownSection(DOC, section.name, markdown, section.title);
    problems.push(...section.problems());
  }
  console.log(`\nResults: ${relative(process.cwd(), options.out)}`);
  if (mode === 'full') console.log(`Figures: ${relative(process.cwd(), DOC)}`);
  if (problems.length) {
    console.error(`The benchmark output is not well formed:\n  - ${problems.join('\n  - ')}`);
    return 1;
  }
  console.log(`Done in ${report.durationSeconds} s.`);
  return 0;
}

main().then(
  (code) => {
    // BENCH_KEEP_LOGS=1 keeps the apps' logs of a successful run too.
    if (code === 0 && !process.env.BENCH_KEEP_LOGS) system.removeLogs();
    else if (code === 0) console.log(`App logs kept in ${system.logDir}`);
    else if (system.logDir) console.error(`App logs kept in ${system.logDir}`);
    process.exit(interrupted ? 130 : code);
  },
  async (error) => {
    // After Ctrl-C the error is only the interruption (an app or pgbench that stopped under us).
    if (!interrupted) console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await system.stop();
    if (!interrupted && system.logDir) console.error(`App logs kept in ${system.logDir}`);
    process.exit(interrupted ? 130 : 1);
  },
);
