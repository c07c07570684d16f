import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { HOT_LOT_FULL, HOT_LOT_QUICK, HOT_LOT_WORKLOADS, HotLotSettings, HotLotWorkload, runHotLot } from './hot-lot';
import { findPgbench } from './lib/pgbench';
import { BenchReport, hotLotMarkdown, problemsWith, updateMarkdownSection, writeJson } from './lib/report';
import { BenchSystem, othersBusyPercentOver, sampleProcess } from './lib/system';

const ROOT = join(__dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results', 'latest.json');
const DOC = join(ROOT, 'docs', 'benchmarks.md');

const USAGE = `Usage: npm run bench [-- --quick]

  Starts the system on loopback with a database of its own (dualuse_bench_<timestamp>), runs
  every benchmark in bench/ beside its ceiling, writes bench/results/latest.json and, in a full
  run, the figures in docs/benchmarks.md; then stops the apps and drops the database.

  --quick   one short level per benchmark (a minute or two): checks that the benchmarks run and
            that their output is well formed; docs/benchmarks.md is left as it is.

  Narrowing a full run (the figures still go to docs/benchmarks.md, saying what ran):
  --levels 32            bidder counts, comma-separated (default 8,32,64)
  --seconds 15           measured seconds per level (default 15)
  --workloads proxy      bid pricing, comma-separated: minimum, proxy (default both)`;

/** Apps the benchmarks talk to; the worker (queues) and the evaluation and matching services are not needed. */
const APPS = ['identity', 'listings', 'auction', 'gateway'];

const log = (line: string) => console.log(line);
const system = new BenchSystem({ apps: APPS, log });

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

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      levels: { type: 'string' },
      seconds: { type: 'string' },
      workloads: { type: 'string' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const mode = values.quick ? 'quick' : 'full';
  const settings: HotLotSettings = { ...(values.quick ? HOT_LOT_QUICK : HOT_LOT_FULL) };
  if (values.levels) settings.levels = values.levels.split(',').map((n) => Number(n));
  if (values.seconds) settings.durationSeconds = Number(values.seconds);
  if (values.workloads) settings.workloads = values.workloads.split(',') as HotLotWorkload[];
  if (settings.levels.some((n) => !(Number.isInteger(n) && n > 0)) || !(settings.durationSeconds > 0) || settings.workloads.some((w) => !HOT_LOT_WORKLOADS.includes(w))) {
    console.error(USAGE);
    return 2;
  }
  const started = Date.now();
  const pgbench = findPgbench(); // before starting anything: without it there is no ceiling to compare with

  // Peak memory: VmHWM at the end is the true peak; sampling once a second also shows the highest RSS while under load.
  const sampledPeak = new Map<string, number>();
  const sampler = setInterval(() => {
    for (const app of system.apps) {
      const sample = app.child.pid ? sampleProcess(app.child.pid) : null;
      if (sample) sampledPeak.set(app.name, Math.max(sampledPeak.get(app.name) ?? 0, sample.rssBytes));
    }
  }, 1000);

  let report: BenchReport;
  try {
    console.log(`Benchmarks (${mode} run)`);
    // Every app and the load generator share this machine's cores: someone else's build or test run skews every figure.
    const busyBeforeStartPercent = await othersBusyPercentOver(2000);
    if (busyBeforeStartPercent > 15) {
      console.log(`  warning: other work keeps ${busyBeforeStartPercent}% of the machine busy; the figures will be lower than on a quiet machine`);
    }
    await system.start();
    const postgres = await system.withDatabase(async (client) => (await client.query('SHOW server_version')).rows[0].server_version as string);
    const hotLot = await runHotLot({ system, settings, log });
    const memory: BenchReport['memory'] = {};
    for (const app of system.apps) {
      const sample = app.child.pid ? sampleProcess(app.child.pid) : null;
      memory[app.name] = { peakRssMiB: mib(sample?.peakRssBytes ?? 0), maxSampledRssMiB: mib(Math.max(sampledPeak.get(app.name) ?? 0, sample?.rssBytes ?? 0)) };
    }
    report = {
      date: new Date().toISOString(),
      mode,
      machine: {
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        totalMemoryMiB: mib(totalmem()),
        platform: `${process.platform} ${process.arch}`,
        busyBeforeStartPercent,
        postgres: postgres.split(' ')[0],
        pgbench: execFileSync(pgbench, ['--version'], { encoding: 'utf8' }).trim(),
      },
      durationSeconds: Math.round((Date.now() - started) / 1000),
      benchmarks: { hotLot },
      memory,
    };
  } finally {
    clearInterval(sampler);
    if (!interrupted) console.log('Stopping the apps and dropping the database');
    await system.stop(); // the same teardown the signal handler started, if it did
  }

  writeJson(RESULTS, report);
  const markdown = hotLotMarkdown(report);
  console.log(`\n${markdown}\n`);
  console.log(`Results: ${relative(process.cwd(), RESULTS)}`);
  if (mode === 'full') {
    updateMarkdownSection(DOC, 'hot-lot', markdown, pageTemplate);
    console.log(`Figures: ${relative(process.cwd(), DOC)}`);
  }
  const problems = problemsWith(report);
  if (problems.length) {
    console.error(`The benchmark output is not well formed:\n  - ${problems.join('\n  - ')}`);
    return 1;
  }
  console.log(`Done in ${report.durationSeconds} s.`);
  return 0;
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** docs/benchmarks.md when it does not exist yet: the method around the generated figures. */
function pageTemplate(hotLotSection: string): string {
  return `# Benchmarks

\`npm run bench\` starts the real system on loopback, as \`npm start\` does (each app its own
compiled process), but with a database of its own (\`dualuse_bench_<timestamp>\`, dropped at the
end) and its own NATS subject, Redis key and Meilisearch index prefixes, so it never touches the
development database or a test run. It sets the stage through the public API, measures, writes
\`bench/results/latest.json\` and the figures below, and stops everything (also on Ctrl-C).
\`npm run bench -- --quick\` runs one short level (a minute or two) and only checks that the
benchmarks run and their output is well formed; it leaves this page alone.

Every figure is printed beside the ceiling of the component underneath it, measured in the same
run on the same machine, and as their ratio: absolute figures vary between machines, the ratio
much less. Timings are never asserted in tests.

## Hot lot

One English auction (start 1,000,000.00 yuan, increment 1.00, no soft close, ending long after
the run) and N verified, topped-up, registered enterprises bidding on it at once through
\`POST /api/v1/auctions/:id/bids\`. Each virtual bidder loops: it bids the least it may according
to the last answer it got (the next challenger's minimum, or the minimum a refusal names) plus
0-99 fen, with a fresh \`Idempotency-Key\`, over a keep-alive connection of its own, and sends the
next bid as soon as the answer arrives (a closed loop: throughput is what the system sustains at
that concurrency, latency what each bidder waits). Bids that lose a race to one that landed
first are refused (\`too_low\`) and counted apart. Latency percentiles cover every request
(accepted, refused or failed) completed in the measured window.

**The ceiling** is pgbench, PostgreSQL's own load driver, running the transaction a bid commits
(lock the lot row \`SELECT … FOR UPDATE\`, insert the bid, update the lot, commit) on tables of the
same shape (\`ceiling.lot\`, \`ceiling.bid\` with the same unique constraints and indexes as
\`auction.bids\`) in the bench database, at the same concurrency and for the same time
(\`pgbench -c N -j 2 -T s -n -r -P 1 -f bid.sql\`). Because every bid on one lot waits for that
row's lock, both are serialised on the lot; pgbench shows how many such transactions per second
PostgreSQL itself allows, with no HTTP, NATS or Node in the way. No implementation of the API
can beat it; the ratio says how much of it the whole path keeps.

${hotLotSection}

### Analysis

_Written by hand after a full run: why the figures are what they are, and, where a target is
missed, what would close it._
`;
}

main().then(
  (code) => {
    if (code === 0) system.removeLogs();
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
