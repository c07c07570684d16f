import { AUCTION_LIFECYCLE_WORKER_OPTIONS, AuctionLifecycleJob, DEFAULT_JOB_OPTIONS, QueueName, redisConnectionOf, settleJobId } from '@lib/queues';
import { Job, Queue, Worker } from 'bullmq';
import { inParallel, Stage } from './lib/api';
import { cloneAuctions } from './lib/clone';
import { PhaseProgress } from './lib/progress';
import { BenchReport, cpuTable, fixed, measuredLine, sharedMachineNote, verdict } from './lib/report';
import { BackendSampler, BenchSystem, CpuBreakdown, CpuWindow, Log, scansBetween, sleep, tableScans } from './lib/system';

/**
 * Settlement burst (issue 10): many auctions closing in the same second, settled by the worker's
 * delayed BullMQ jobs as in production: each job asks the auction service to settle its auction
 * (row lock, deposit movements in the ledger, the trade for a sale, audit, one transaction), then,
 * for a sale, asks listings to mark the listing sold. Half the auctions were won (two bids: the
 * winner's deposit goes to the trade, the other's back to its wallet), half had no bid (both
 * deposits released).
 *
 * Beside it, the ceiling underneath: as many empty jobs, delayed to one instant, on the same Redis,
 * taken by a worker with the same concurrency and locks as the settlement worker. No settlement can
 * go faster than BullMQ hands out its jobs.
 */

export interface SettlementSettings {
  closings: number;
  /** Enterprises bidding: each auction has two of them, drawn in turn, so the wallets credited back are spread as in a real market. */
  bidders: number;
  /** Give up waiting for the last settlement after this long. */
  timeoutSeconds: number;
}

export const SETTLEMENT_FULL: SettlementSettings = { closings: 10_000, bidders: 64, timeoutSeconds: 300 };
export const SETTLEMENT_QUICK: SettlementSettings = { closings: 200, bidders: 8, timeoutSeconds: 60 };

/** Issue 10's target: every closing settled within 60 s, each exactly once. */
export const SETTLEMENT_TARGET_SECONDS = 60;

/** The settlement worker's options (apps/worker/src/auction-lifecycle/auction-lifecycle.processor.ts). */
const WORKER_OPTIONS = AUCTION_LIFECYCLE_WORKER_OPTIONS;

export interface SettlementResult {
  name: 'settlement';
  settings: SettlementSettings;
  sold: number;
  unsold: number;
  /** From the common end to the first and the last auction settled, and to the last sold listing marked sold. */
  firstSettledSeconds: number | null;
  allSettledSeconds: number | null;
  allListingsSoldSeconds: number | null;
  settledPerSecond: number | null;
  /** Settled count every second from the end (for the curve). */
  progress: { second: number; settled: number }[];
  ceiling: { jobs: number; allDoneSeconds: number | null; jobsPerSecond: number | null; concurrency: number };
  /** Settlements/s over empty jobs/s. */
  ratioToCeiling: number | null;
  verification: SettlementVerification;
  targetSeconds: number;
  met: boolean | null;
  failedJobs: number;
  cpu: CpuBreakdown | null;
  /** The tables PostgreSQL read most by sequential scans during the burst (a missing index shows here). */
  scans: ReturnType<typeof scansBetween>;
  /** What the bench database's backends were doing during the burst: average backends per state / wait event. */
  backends: { state: string; backends: number }[];
  setupSeconds: number;
}

export interface SettlementVerification {
  settled: number;
  /** `auction.settled` audit entries: one per auction, none twice. */
  auditEntries: number;
  auctionsAuditedOnce: number;
  /** Trades created for these auctions, and auctions with more than one. */
  trades: number;
  auctionsWithSeveralTrades: number;
  /** Ledger postings with cause `auction_settlement` (unique per auction by constraint). */
  settlementPostings: number;
  /** Deposits still held after settlement (must be none), applied to trades (one per sale). */
  depositsStillHeld: number;
  depositsApplied: number;
  soldOutcomes: number;
  listingsSold: number;
  /**
   * The audit chain verified afterwards (`GET /api/v1/admin/audit/verify`): every sealed entry links
   * to the one before (`awaitingSeal`: entries not sealed yet when it ran); `sealedAfterSeconds`: from
   * the end of the burst until every entry written by then was sealed (null if some still waited 30 s later).
   */
  auditChain: { valid: boolean; checked: number; awaitingSeal: number; sealedAfterSeconds: number | null; oldestUnsealedSeconds?: number };
  /** Every check above agrees: each auction settled exactly once, with its money moved once. */
  ok: boolean;
  problems: string[];
}

export async function runSettlement({ system, stage, settings, log }: { system: BenchSystem; stage: Stage; settings: SettlementSettings; log: Log }): Promise<SettlementResult> {
  const setupStarted = performance.now();
  const sold = Math.floor(settings.closings / 2);
  const unsold = settings.closings - sold;
  log(
    `Settlement burst: setup (${settings.closings} auctions, ${sold} with two bids and ${unsold} without, each with two of ${settings.bidders} bidders: two made through the API, the rest cloned in SQL)`,
  );
  const operator = await stage.operator();
  const seller = await stage.seller();
  const bidders = await stage.enterprises(Math.max(2, settings.bidders));
  const [first, second] = bidders;
  const api = stage.api;
  // Each bidder holds a deposit of 100.00 on about 2 × closings / bidders auctions: twice that, and some.
  const topUp = `${Math.ceil((4 * settings.closings) / bidders.length) * 100 + 1000}.00`;
  await inParallel(bidders, 4, (bidder) => api.topUp(operator, bidder, topUp));
  const template = async () => {
    const listing = await api.publishedListing(seller, operator);
    // Taken after publishing: on a busy machine that alone can outlast the service's one-second grace for a start "now".
    const now = Date.now();
    return api.createAuction(seller, {
      listingId: listing.id,
      type: 'english',
      startPrice: '1000.00',
      increment: '10.00',
      deposit: '100.00',
      requiredQualifications: [],
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      softClose: null,
    });
  };
  const won = await template();
  const noBids = await template();
  for (const bidder of [first, second]) {
    await api.registeredBidder(operator, bidder, won.id, '1.00');
    await api.registeredBidder(operator, bidder, noBids.id, '1.00');
  }
  await api.http.expect(200, 'POST', `/api/v1/auctions/${won.id}/bids`, { amount: '1000.00' }, { ...first.headers, 'idempotency-key': `bench-${won.id}-1` });
  await api.http.expect(200, 'POST', `/api/v1/auctions/${won.id}/bids`, { amount: '1010.00' }, { ...second.headers, 'idempotency-key': `bench-${won.id}-2` });
  const pool = bidders.map((b) => b.organisationId!);
  const ids = await system.withDatabase(async (db) => [
    won.id,
    ...(await cloneAuctions(db, { templateAuctionId: won.id, count: sold - 1, withBids: true, bidders: pool })),
    noBids.id,
    ...(await cloneAuctions(db, { templateAuctionId: noBids.id, count: unsold - 1, bidders: pool })),
  ]);

  // All of them end at the same instant, a few seconds from now, with their settlement jobs queued
  // as the auction service queues them at creation (a delayed job per auction, id per end).
  const connection = redisConnectionOf(system.config);
  const prefix = `${system.config.redis.keyPrefix}:bull`;
  const queue = new Queue(QueueName.auctionLifecycle, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  // Far enough ahead to queue every job first (about 2,000 a second here, in bulk).
  const closeAt = new Date(Math.ceil((Date.now() + 1500 + ids.length / 2) / 1000) * 1000);
  await system.withDatabase((db) => db.query('UPDATE auction.auctions SET ends_at = $2, scheduled_ends_at = $2 WHERE id = ANY($1::uuid[])', [ids, closeAt]));
  for (let i = 0; i < ids.length; i += 1000) {
    await queue.addBulk(
      ids.slice(i, i + 1000).map((auctionId) => ({
        name: AuctionLifecycleJob.settle,
        data: { auctionId },
        opts: { jobId: settleJobId(auctionId, closeAt), delay: Math.max(0, closeAt.getTime() - Date.now()) },
      })),
    );
  }
  const setupSeconds = Math.round((performance.now() - setupStarted) / 100) / 10;
  log(`  ready in ${setupSeconds} s; all end at ${closeAt.toISOString()}`);

  // The burst.
  const failedBefore = await queue.getJobCountByTypes('failed');
  await sleep(1200); // PostgreSQL flushes its table statistics about once a second
  const scansBefore = await tableScans(system);
  await sleep(Math.max(0, closeAt.getTime() - Date.now()));
  const cpuWindow = new CpuWindow(system.pids()).start();
  const sampler = await new BackendSampler(system).start();
  const bar = new PhaseProgress(`${settings.closings} closings`, settings.closings);
  const progress: SettlementResult['progress'] = [];
  let firstSettledSeconds: number | null = null;
  let allSettledSeconds: number | null = null;
  let allListingsSoldSeconds: number | null = null;
  let cpu: CpuBreakdown | null = null;
  let oldestUnsealedSeconds = 0;
  const since = () => (Date.now() - closeAt.getTime()) / 1000;
  // Watching must not cost the burst much: the settled count goes by the index on (status, ends_at)
  // (every auction of the burst ends at closeAt); the sold listings are counted once all are settled.
  const soldListings = await system.withDatabase(async (db) =>
    (await db.query(`SELECT listing_id FROM auction.auctions WHERE id = ANY($1::uuid[]) AND bid_count > 0`, [ids])).rows.map((r) => r.listing_id as string),
  );
  await system.withDatabase(async (db) => {
    let lastSecond = -1;
    let settled = 0;
    // How long entries wait for their seal under this load: the oldest unsealed entry's age, sampled with the count.
    const sealLag = async () => {
      // The oldest by seq, through the small index of unsealed entries (the table is not read).
      const oldest = (await db.query(`SELECT extract(epoch FROM clock_timestamp() - occurred_at)::float AS age FROM audit.entries WHERE chain_seq IS NULL ORDER BY seq LIMIT 1`)).rows[0];
      if (oldest) oldestUnsealedSeconds = Math.max(oldestUnsealedSeconds, Number(oldest.age));
    };
    while (since() < settings.timeoutSeconds) {
      const at = since();
      if (allSettledSeconds === null) {
        settled = (await db.query(`SELECT count(*)::int AS n FROM auction.auctions WHERE status = 'settled' AND ends_at = $1`, [closeAt])).rows[0].n;
        await sealLag();
        if (settled > 0 && firstSettledSeconds === null) firstSettledSeconds = round2(at);
        if (Math.floor(at) > lastSecond) {
          lastSecond = Math.floor(at);
          progress.push({ second: lastSecond, settled });
        }
        bar.update(settled, `${Math.round(at)} s`);
        if (settled >= ids.length) {
          allSettledSeconds = round2(at);
          cpu = cpuWindow.stop();
        }
      } else {
        const listingsSold = (await db.query(`SELECT count(*)::int AS n FROM listings.listings WHERE id = ANY($1::uuid[]) AND status = 'sold'`, [soldListings])).rows[0].n;
        if (listingsSold >= soldListings.length) {
          allListingsSoldSeconds = round2(at);
          break;
        }
      }
      await sleep(allSettledSeconds === null ? 200 : 500);
    }
  });
  cpu ??= cpuWindow.stop();
  const backends = await sampler.stop();
  bar.stop();
  const failedJobs = (await queue.getJobCountByTypes('failed')) - failedBefore;
  await queue.close();
  log(
    `  settled: first after ${firstSettledSeconds ?? '–'} s, all ${ids.length} after ${allSettledSeconds ?? '– (not all)'} s; ` +
      `the ${sold} sold listings marked sold after ${allListingsSoldSeconds ?? '– (not all)'} s; failed jobs: ${failedJobs}`,
  );

  // Entries are sealed into the audit chain shortly after their commit: wait until every entry
  // written so far is (later ones, from the aftermath, may still be on their way), then verify.
  const sealedAfterSeconds = await system.withDatabase(async (db) => {
    const [{ last }] = (await db.query(`SELECT max(seq)::text AS last FROM audit.entries`)).rows;
    const giveUpAt = since() + 30;
    while (since() < giveUpAt) {
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM audit.entries WHERE chain_seq IS NULL AND seq <= $1`, [last])).rows;
      if (n === 0) return round2(since());
      await sleep(100);
    }
    return null;
  });
  const chain = await stage.http.expect(200, 'GET', '/api/v1/admin/audit/verify', undefined, operator.headers);
  log(`  audit chain: every entry sealed ${sealedAfterSeconds === null ? '– (not within 30 s)' : `${sealedAfterSeconds} s after the end`}`);
  await sleep(1200);
  const scans = scansBetween(scansBefore, await tableScans(system));
  const verification = await verify(system, ids, sold, {
    valid: chain.valid === true,
    checked: Number(chain.checked),
    awaitingSeal: Number(chain.awaitingSeal),
    sealedAfterSeconds,
    oldestUnsealedSeconds: round2(oldestUnsealedSeconds),
  });
  log(`  verification: ${verification.ok ? 'each auction settled exactly once, deposits moved once' : `**${verification.problems.join('; ')}**`}`);
  await sleep(2000); // let the aftermath (catalogue relay, retire-listing jobs) finish before the ceiling
  const ceiling = await emptyJobsCeiling(system, settings.closings, log);
  const settledPerSecond = allSettledSeconds ? Math.round((ids.length / allSettledSeconds) * 10) / 10 : null;
  return {
    name: 'settlement',
    settings,
    sold,
    unsold,
    firstSettledSeconds,
    allSettledSeconds,
    allListingsSoldSeconds,
    settledPerSecond,
    progress,
    ceiling,
    ratioToCeiling: settledPerSecond && ceiling.jobsPerSecond ? Math.round((settledPerSecond / ceiling.jobsPerSecond) * 1000) / 1000 : null,
    verification,
    targetSeconds: SETTLEMENT_TARGET_SECONDS,
    met: allSettledSeconds !== null && allSettledSeconds <= SETTLEMENT_TARGET_SECONDS && verification.ok,
    failedJobs,
    cpu,
    scans,
    backends,
    setupSeconds,
  };
}

async function verify(system: BenchSystem, ids: string[], expectedSold: number, auditChain: SettlementVerification['auditChain']): Promise<SettlementVerification> {
  return system.withDatabase(async (db) => {
    const one = async (sql: string) => (await db.query(sql, [ids])).rows[0];
    const auctions = await one(`SELECT count(*) FILTER (WHERE status = 'settled')::int AS settled, count(*) FILTER (WHERE outcome->>'outcome' = 'sold')::int AS sold
                                  FROM auction.auctions WHERE id = ANY($1::uuid[])`);
    const audit = await one(`SELECT count(*)::int AS entries, count(DISTINCT entity_id)::int AS audited FROM audit.entries
                               WHERE action = 'auction.settled' AND entity_id = ANY($1::text[])`);
    const trades = await one(`SELECT count(*)::int AS trades, count(*) - count(DISTINCT auction_id) AS duplicates FROM auction.trades WHERE auction_id = ANY($1::uuid[])`);
    const postings = await one(`SELECT count(*)::int AS n FROM auction.ledger_transactions WHERE cause_type = 'auction_settlement' AND cause_id = ANY($1::text[])`);
    const deposits = await one(`SELECT count(*) FILTER (WHERE deposit_status = 'held')::int AS held, count(*) FILTER (WHERE deposit_status = 'applied')::int AS applied
                                  FROM auction.registrations WHERE auction_id = ANY($1::uuid[])`);
    const listings = await one(`SELECT count(*) FILTER (WHERE l.status = 'sold')::int AS sold FROM auction.auctions a JOIN listings.listings l ON l.id = a.listing_id WHERE a.id = ANY($1::uuid[])`);
    const n = ids.length;
    const checks: [boolean, string][] = [
      [auctions.settled === n, `${auctions.settled} of ${n} settled`],
      [audit.entries === n && audit.audited === n, `${audit.entries} settlement audit entries for ${audit.audited} auctions (expected ${n} for ${n})`],
      [trades.trades === expectedSold && Number(trades.duplicates) === 0, `${trades.trades} trades (expected ${expectedSold}), ${trades.duplicates} auctions with more than one`],
      [postings.n === n, `${postings.n} settlement postings (expected ${n})`],
      [deposits.held === 0 && deposits.applied === expectedSold, `${deposits.held} deposits still held, ${deposits.applied} applied (expected 0 and ${expectedSold})`],
      [auctions.sold === expectedSold, `${auctions.sold} sold outcomes (expected ${expectedSold})`],
      [listings.sold === expectedSold, `${listings.sold} listings marked sold (expected ${expectedSold})`],
      [auditChain.valid, `the audit chain does not verify (${auditChain.checked} entries checked)`],
      [auditChain.sealedAfterSeconds !== null, `audit entries written during the burst still await their seal 30 s after it`],
    ];
    const problems = checks.filter(([ok]) => !ok).map(([, what]) => what);
    return {
      settled: auctions.settled,
      auditEntries: audit.entries,
      auctionsAuditedOnce: audit.audited,
      trades: trades.trades,
      auctionsWithSeveralTrades: Number(trades.duplicates),
      settlementPostings: postings.n,
      depositsStillHeld: deposits.held,
      depositsApplied: deposits.applied,
      soldOutcomes: auctions.sold,
      listingsSold: listings.sold,
      auditChain,
      ok: problems.length === 0,
      problems,
    };
  });
}

/**
 * The ceiling: `jobs` empty jobs, delayed to one instant a few seconds ahead, on a queue of the
 * run's own on the same Redis, with the app's default job options, taken by a worker in this
 * process with the settlement worker's concurrency and locks. Answers when the last one was done.
 */
async function emptyJobsCeiling(system: BenchSystem, jobs: number, log: Log): Promise<SettlementResult['ceiling']> {
  const connection = redisConnectionOf(system.config);
  const prefix = `${system.config.redis.keyPrefix}:bull`;
  const name = `bench-empty-jobs`;
  const queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  let done = 0;
  let lastDoneAt = 0;
  const worker = new Worker(name, async (_job: Job) => undefined, { connection, prefix, ...WORKER_OPTIONS, autorun: false });
  worker.on('completed', () => {
    done++;
    lastDoneAt = Date.now();
  });
  const dueAt = Math.ceil((Date.now() + 1000 + jobs / 4) / 1000) * 1000;
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'empty', data: { n: i + k }, opts: { jobId: `empty-${i + k}-${dueAt}`, delay: Math.max(0, dueAt - Date.now()) } })));
  }
  void worker.run();
  const bar = new PhaseProgress(`${jobs} empty jobs`, jobs);
  const deadline = dueAt + 120_000;
  while (done < jobs && Date.now() < deadline) {
    bar.update(done, `${Math.max(0, Math.round((Date.now() - dueAt) / 100) / 10)} s`);
    await sleep(100);
  }
  bar.stop();
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  const allDoneSeconds = done >= jobs ? round2((lastDoneAt - dueAt) / 1000) : null;
  const jobsPerSecond = allDoneSeconds ? Math.round((jobs / allDoneSeconds) * 10) / 10 : null;
  log(`  ceiling: ${jobs} empty jobs due at one instant, all done after ${allDoneSeconds ?? '– (not all)'} s (${jobsPerSecond ?? '–'} jobs/s at concurrency ${WORKER_OPTIONS.concurrency})`);
  return { jobs, allDoneSeconds, jobsPerSecond, concurrency: WORKER_OPTIONS.concurrency };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function sealedLine(chain: SettlementVerification['auditChain']): string {
  if (chain.sealedAfterSeconds === undefined) return 'sealed in the transaction';
  const lag = chain.oldestUnsealedSeconds === undefined ? '' : `; during the burst no entry waited more than ${fixed(chain.oldestUnsealedSeconds, 2)} s for its seal, sampled every 0.2 s`;
  return chain.sealedAfterSeconds === null ? `**not all sealed**` : `every entry of the burst sealed ${fixed(chain.sealedAfterSeconds, 1)} s after the end${lag}`;
}

export function settlementProblems(result: SettlementResult): string[] {
  const problems: string[] = [];
  if (result.allSettledSeconds === null) problems.push(`settlement: not every auction was settled within ${result.settings.timeoutSeconds} s`);
  if (!result.verification.ok) problems.push(...result.verification.problems.map((p) => `settlement: ${p}`));
  if (!(result.ceiling.jobsPerSecond && result.ceiling.jobsPerSecond > 0)) problems.push('settlement: no empty-job ceiling');
  return problems;
}

export function settlementMarkdown(report: BenchReport): string {
  const r = report.benchmarks.settlement!;
  const v = r.verification;
  const cpuRows: [string, CpuBreakdown | null][] = [[`${r.settings.closings} settlements`, r.cpu]];
  const curve = r.progress.filter((p, i) => i % Math.max(1, Math.ceil(r.progress.length / 12)) === 0 || i === r.progress.length - 1);
  return [
    measuredLine(report, `${r.settings.closings.toLocaleString('en')} auctions ending at the same instant`),
    '',
    `${r.settings.closings.toLocaleString('en')} English auctions end at the same instant, each with two of ${r.settings.bidders} registered bidders (drawn in turn): ${r.sold.toLocaleString('en')} with two bids (sold: a trade, the winner's deposit applied to it, the other's released, the listing marked sold) and ` +
      `${r.unsold.toLocaleString('en')} without (both deposits released). Each is settled by its delayed BullMQ job in the worker (concurrency ${r.ceiling.concurrency}), as in production.`,
    '',
    '| | seconds after the end | per second |',
    '|---|---:|---:|',
    `| first auction settled | ${fixed(r.firstSettledSeconds, 2)} | |`,
    `| **all ${r.settings.closings.toLocaleString('en')} settled** | ${fixed(r.allSettledSeconds, 1)} | ${fixed(r.settledPerSecond, 0)} |`,
    `| all ${r.sold.toLocaleString('en')} sold listings marked sold | ${fixed(r.allListingsSoldSeconds, 1)} | |`,
    `| ceiling: ${r.ceiling.jobs.toLocaleString('en')} empty BullMQ jobs due at one instant, all done (concurrency ${r.ceiling.concurrency}, same Redis) | ${fixed(r.ceiling.allDoneSeconds, 1)} | ${fixed(r.ceiling.jobsPerSecond, 0)} |`,
    '',
    `Settlements/s over empty jobs/s: ${r.ratioToCeiling === null ? '–' : `${Math.round(r.ratioToCeiling * 100)}%`}. Settled over time (s: count): ${curve.map((p) => `${p.second}: ${p.settled}`).join(', ')}.`,
    '',
    `Target (issue 10), every closing settled within ${r.targetSeconds} s, each once: ${verdict(r.met)}. ` +
      `Checked afterwards: ${v.settled} settled; ${v.auditEntries} \`auction.settled\` audit entries for ${v.auctionsAuditedOnce} auctions; ${v.trades} trades, ${v.auctionsWithSeveralTrades} auctions with more than one; ` +
      `${v.settlementPostings} settlement postings in the ledger (unique per auction); ${v.depositsStillHeld} deposits still held, ${v.depositsApplied} applied to trades; ${v.listingsSold} listings sold; the audit chain ${v.auditChain.valid ? 'verifies' : '**does not verify**'} (${v.auditChain.checked.toLocaleString('en')} entries, ${sealedLine(v.auditChain)}); failed jobs: ${r.failedJobs}` +
      `${v.ok ? ' — **each settled exactly once**.' : ` — **${v.problems.join('; ')}**.`}`,
    ...sharedMachineNote(cpuRows),
    '',
    ...cpuTable(cpuRows),
    '',
    'Tables PostgreSQL read most by sequential scans during the burst (from `pg_stat_user_tables`, the whole bench database):',
    '',
    '| table | sequential scans | rows read by them | index scans |',
    '|---|---:|---:|---:|',
    ...r.scans.map((t) => `| ${t.table} | ${t.seqScans.toLocaleString('en')} | ${t.seqRowsRead.toLocaleString('en')} | ${t.indexScans.toLocaleString('en')} |`),
    '',
    `What the bench database's backends were doing during the burst (pg_stat_activity sampled every 100 ms; average backends in each state): ` +
      `${r.backends.map((b) => `${b.state} ${fixed(b.backends, 2)}`).join('; ') || 'nothing sampled'}.`,
  ].join('\n');
}
