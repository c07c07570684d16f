import { formatFen, parseYuanToFen } from '@lib/contracts';
import { randomInt, randomUUID } from 'node:crypto';
import { inParallel, Session, Stage } from './lib/api';
import { JsonClient, LoadResult, Outcome, runClosedLoop, VirtualClient } from './lib/load';
import { CeilingResult, findPgbench, prepareCeilingTables, runPgbench } from './lib/pgbench';
import { PhaseProgress } from './lib/progress';
import { BenchSystem, CpuBreakdown, CpuWindow, Log, sleep } from './lib/system';

/**
 * Hot lot (issue 5, issue 10): one English auction, every bidder on it at once. Each bid takes the
 * lot's row lock, so bids on one lot are serialised by PostgreSQL however many replicas run; the
 * question is how much of the database's own serialised rate the full path (HTTP, gateway,
 * NATS, auction service, identity check, transaction, live event) keeps.
 */

/**
 * How the bidders price their bids (each on a lot of its own, so one does not move the other's price):
 * - `minimum`: the least the last answer allowed, plus 0-99 fen. Every bid in flight aims at the
 *   same price, so once one lands the others are too low: about one bid in N is accepted.
 * - `proxy`: a proxy maximum, the least the last answer allowed plus a jump of 0-49 increments
 *   (and 0-99 fen), as bidders who state what they would pay do. The engine bids for them, so a bid
 *   below the leader's maximum is still accepted (the price rises to it) and only a maximum below
 *   the current minimum is refused.
 */
export type HotLotWorkload = 'minimum' | 'proxy';
export const HOT_LOT_WORKLOADS: HotLotWorkload[] = ['minimum', 'proxy'];
const JUMP_INCREMENTS: Record<HotLotWorkload, number> = { minimum: 0, proxy: 50 };

export interface HotLotSettings {
  levels: number[];
  durationSeconds: number;
  warmupSeconds: number;
  workloads: HotLotWorkload[];
}

export const HOT_LOT_FULL: HotLotSettings = { levels: [8, 32, 64], durationSeconds: 15, warmupSeconds: 3, workloads: HOT_LOT_WORKLOADS };
export const HOT_LOT_QUICK: HotLotSettings = { levels: [8], durationSeconds: 3, warmupSeconds: 1, workloads: HOT_LOT_WORKLOADS };

/** Issue 5's targets, judged at this many concurrent bidders. */
export const HOT_LOT_TARGETS = { atConcurrency: 32, minRatioToCeiling: 0.4, maxP99Ms: 100 };

const START_PRICE = '1000000.00';
const INCREMENT = '1.00';
const INCREMENT_FEN = parseYuanToFen(INCREMENT);

export interface HotLotLevel {
  concurrency: number;
  workload: HotLotWorkload;
  gateway: LoadResult;
  ceiling: CeilingResult | null;
  ceilingError: string | null;
  /** Gateway accepted bids/s over pgbench transactions/s at the same concurrency (issue 5's measure). */
  ratioToCeiling: number | null;
  /**
   * Bids judged (accepted + refused) per second: each took the lot's row lock and was judged, so this
   * is the work the lock serialised. On a hot lot most concurrent bids were priced against a price
   * that moved while they were in flight and are refused, whatever the server's speed.
   */
  bidsJudgedPerSecond: number;
  /** Bids judged/s over pgbench transactions/s. */
  judgedRatioToCeiling: number | null;
  /**
   * pgbench running the same mix as this workload's bids came to: accepted bids as the bid
   * transaction, refused ones as the refusal (one statement that locks the lot row, reads it and
   * lets go), in the proportions measured through the gateway.
   */
  mixedCeiling: CeilingResult | null;
  /** Bids judged/s over the mixed ceiling's transactions/s: the like-for-like ratio. */
  judgedRatioToMixedCeiling: number | null;
  /** PostgreSQL transactions (explicit or single-statement) committed per bid request, whole level. */
  databaseTransactionsPerRequest: number | null;
  cpu: { gateway: CpuBreakdown | null; ceiling: CpuBreakdown | null };
}

export interface HotLotResult {
  name: 'hot-lot';
  settings: HotLotSettings & { startPrice: string; increment: string; bidders: number };
  levels: HotLotLevel[];
  /** One per workload. */
  targets: {
    workload: HotLotWorkload;
    atConcurrency: number;
    minRatioToCeiling: number;
    maxP99Ms: number;
    /** null when the level was not run (quick mode). */
    ratioMet: boolean | null;
    /** The same 40%, counting every judged bid (accepted or refused) against pgbench running the same mix. */
    judgedRatioMet: boolean | null;
    p99Met: boolean | null;
  }[];
  /** Every bid the gateway acknowledged is on the lot: its bid count equals the acknowledgements. */
  integrity: { acknowledged: number; storedBidCount: number; consistent: boolean };
  setupSeconds: number;
}

/**
 * A bidder that knows only what the answers tell it: after each answer it bids the least it may
 * (the next challenger's minimum, or the minimum a refusal names) plus a random 0-99 fen, and with
 * the `proxy` workload a random jump of whole increments on top (its maximum).
 */
class Bidder implements VirtualClient {
  acknowledged = 0;

  constructor(
    private readonly http: JsonClient,
    private readonly session: Session,
    private readonly auctionId: string,
    private nextMinimumFen: bigint,
    private readonly jumpIncrements: number,
  ) {}

  async step(): Promise<Outcome> {
    const jump = this.jumpIncrements > 0 ? BigInt(randomInt(0, this.jumpIncrements)) * INCREMENT_FEN : 0n;
    const amount = formatFen(this.nextMinimumFen + jump + BigInt(randomInt(0, 100)));
    const response = await this.http.request('POST', `/api/v1/auctions/${this.auctionId}/bids`, { amount }, {
      ...this.session.headers,
      'idempotency-key': randomUUID(),
    });
    if (response.status === 200) {
      this.acknowledged++;
      const minimum = response.body?.auction?.minimumNextBid;
      if (minimum) this.nextMinimumFen = parseYuanToFen(minimum);
      return { kind: 'accepted' };
    }
    const error = response.body?.error;
    if (response.status === 422 && typeof error?.code === 'string' && error.code.startsWith('BID.')) {
      const minimum = error.details?.minimumAcceptable;
      if (typeof minimum === 'string') this.nextMinimumFen = parseYuanToFen(minimum);
      return { kind: 'refused', reason: error.details?.reason ?? error.code };
    }
    return { kind: 'error', reason: `HTTP ${response.status}${error?.code ? ` ${error.code}` : ''}` };
  }
}

export interface HotLotContext {
  system: BenchSystem;
  stage: Stage;
  settings: HotLotSettings;
  log: Log;
}

export async function runHotLot({ system, stage, settings, log }: HotLotContext): Promise<HotLotResult> {
  const pgbench = findPgbench();
  const setupStarted = performance.now();
  const bidderCount = Math.max(...settings.levels);
  log(`Hot lot: setup (operator, seller, listing, English auction, ${bidderCount} bidders)`);
  const setupHttp = stage.http;
  const api = stage.api;
  const operator = await stage.operator();
  const seller = await stage.seller();
  const now = Date.now();
  const auctions = {} as Record<HotLotWorkload, { id: string }>;
  for (const workload of settings.workloads) {
    const listing = await api.publishedListing(seller, operator);
    auctions[workload] = await api.createAuction(seller, {
      listingId: listing.id,
      type: 'english',
      startPrice: START_PRICE,
      increment: INCREMENT,
      deposit: '10000.00',
      requiredQualifications: [],
      // Now, not when setup began: publishing the listing first takes a while on a busy machine, and the
      // service refuses a start more than a second in the past.
      startsAt: new Date().toISOString(),
      endsAt: new Date(now + 24 * 3_600_000).toISOString(), // far beyond the run: it never closes under us
      softClose: null,
    });
  }
  const bidders = await stage.enterprises(bidderCount);
  // Four at a time, as the bidders were made.
  await inParallel(bidders, 4, async (bidder) => {
    for (const workload of settings.workloads) await api.registeredBidder(operator, bidder, auctions[workload].id, '100000.00');
  });
  await prepareCeilingTables(system.config.database.url);
  const setupSeconds = Math.round((performance.now() - setupStarted) / 100) / 10;
  log(
    `  ready in ${setupSeconds} s: ${settings.workloads.map((w) => `auction ${auctions[w].id} (${w} bids)`).join(', ')}, start ${START_PRICE}, increment ${INCREMENT}, no soft close`,
  );

  const pids = Object.fromEntries(system.apps.map((app) => [app.name, app.child.pid]));
  const levels: HotLotLevel[] = [];
  const everyBidder = Object.fromEntries(settings.workloads.map((w) => [w, [] as Bidder[]])) as Record<HotLotWorkload, Bidder[]>;
  for (const concurrency of settings.levels) {
    const measured: Omit<HotLotLevel, 'ceiling' | 'ceilingError' | 'ratioToCeiling' | 'judgedRatioToCeiling' | 'mixedCeiling' | 'judgedRatioToMixedCeiling' | 'cpu'>[] = [];
    const gatewayCpus: (CpuBreakdown | null)[] = [];
    for (const workload of settings.workloads) {
      const auction = auctions[workload];
      if (system.failure) throw new Error(system.failure);
      const view = await setupHttp.expect(200, 'GET', `/api/v1/auctions/${auction.id}`);
      const startMinimum = parseYuanToFen(view.minimumNextBid);
      const http = new JsonClient(system.baseUrl, concurrency);
      const xactsBefore = await databaseTransactions(system);
      const total = settings.warmupSeconds + settings.durationSeconds;
      const bar = new PhaseProgress(`${concurrency} bidders, ${workload} bids`, total);
      let gatewayCpu: CpuBreakdown | null = null;
      let cpuWindow: CpuWindow | null = null;
      const gateway = await runClosedLoop({
        concurrency,
        durationMs: settings.durationSeconds * 1000,
        warmupMs: settings.warmupSeconds * 1000,
        client: (i) => {
          const bidder = new Bidder(http, bidders[i], auction.id, startMinimum, JUMP_INCREMENTS[workload]);
          everyBidder[workload].push(bidder);
          return bidder;
        },
        onWindowStart: () => (cpuWindow = new CpuWindow(pids).start()),
        onWindowEnd: () => (gatewayCpu = cpuWindow?.stop() ?? null),
        onTick: ({ elapsedMs, accepted, refused, errors }) =>
          bar.update(
            settings.warmupSeconds + elapsedMs / 1000,
            elapsedMs === 0 ? 'warming up' : `${Math.round(accepted / (elapsedMs / 1000))} accepted/s, ${refused} refused, ${errors} errors`,
          ),
      });
      bar.stop();
      http.close();
      await sleep(1200); // PostgreSQL flushes its statistics about once a second
      const xactsAfter = await databaseTransactions(system);
      const databaseTransactionsPerRequest =
        xactsBefore !== null && xactsAfter !== null && gateway.totalRequests > 0 ? Math.round(((xactsAfter - xactsBefore) / gateway.totalRequests) * 10) / 10 : null;
      log(
        `  ${String(concurrency).padStart(2)} bidders  ${workload.padEnd(8)}  ${gateway.acceptedPerSecond.toFixed(1).padStart(7)} accepted/s  ${gateway.refusedPerSecond.toFixed(1).padStart(6)} refused/s  ` +
          `p50 ${gateway.latency.p50Ms} ms  p95 ${gateway.latency.p95Ms} ms  p99 ${gateway.latency.p99Ms} ms  errors ${gateway.errors}`,
      );
      const bidsJudgedPerSecond = Math.round((gateway.acceptedPerSecond + gateway.refusedPerSecond) * 10) / 10;
      measured.push({ concurrency, workload, gateway, bidsJudgedPerSecond, databaseTransactionsPerRequest });
      gatewayCpus.push(gatewayCpu);
    }

    let ceiling: CeilingResult | null = null;
    let ceilingError: string | null = null;
    const ceilingBar = new PhaseProgress(`${concurrency} clients, pgbench`, settings.durationSeconds);
    let ceilingCpu: CpuWindow | null = null;
    try {
      ceiling = await runPgbench(pgbench, {
        databaseUrl: system.config.database.url,
        concurrency,
        durationSeconds: settings.durationSeconds,
        onStart: () => (ceilingCpu = new CpuWindow(pids).start()),
        onProgress: ({ elapsedSeconds, tps, latencyMs }) => ceilingBar.update(elapsedSeconds, `${Math.round(tps)} tps, ${latencyMs} ms`),
      });
    } catch (error) {
      ceilingError = (error as Error).message;
    }
    const ceilingCpuBreakdown = (ceilingCpu as CpuWindow | null)?.stop() ?? null;
    ceilingBar.stop();
    log(
      ceiling
        ? `  ${String(concurrency).padStart(2)} clients  pgbench   ${ceiling.tps.toFixed(1).padStart(7)} tps         latency avg ${ceiling.latencyAverageMs} ms`
        : `  ${String(concurrency).padStart(2)} clients  pgbench   failed: ${ceilingError}`,
    );
    const ratio = (perSecond: number, to: CeilingResult | null) => (to && to.tps > 0 ? Math.round((perSecond / to.tps) * 1000) / 1000 : null);
    for (const [i, level] of measured.entries()) {
      const judged = level.gateway.accepted + level.gateway.refused;
      const acceptedShare = judged > 0 ? level.gateway.accepted / judged : 1;
      let mixedCeiling: CeilingResult | null = null;
      const mixBar = new PhaseProgress(`${concurrency} clients, pgbench, ${level.workload} mix (${Math.round(acceptedShare * 100)}% bids)`, settings.durationSeconds);
      try {
        mixedCeiling = await runPgbench(pgbench, {
          databaseUrl: system.config.database.url,
          concurrency,
          durationSeconds: settings.durationSeconds,
          acceptedShare,
          onProgress: ({ elapsedSeconds, tps, latencyMs }) => mixBar.update(elapsedSeconds, `${Math.round(tps)} tps, ${latencyMs} ms`),
        });
      } catch (error) {
        log(`  pgbench (mix) failed: ${(error as Error).message}`);
      }
      mixBar.stop();
      if (mixedCeiling) {
        log(`  ${String(concurrency).padStart(2)} clients  pgbench   ${mixedCeiling.tps.toFixed(1).padStart(7)} tps         ${level.workload} mix, ${Math.round(acceptedShare * 100)}% bids`);
      }
      levels.push({
        ...level,
        ceiling,
        ceilingError,
        ratioToCeiling: ratio(level.gateway.acceptedPerSecond, ceiling),
        judgedRatioToCeiling: ratio(level.bidsJudgedPerSecond, ceiling),
        mixedCeiling,
        judgedRatioToMixedCeiling: ratio(level.bidsJudgedPerSecond, mixedCeiling),
        cpu: { gateway: gatewayCpus[i], ceiling: ceilingCpuBreakdown },
      });
    }
  }

  if (system.failure) throw new Error(system.failure);
  // Every acknowledged bid must be on its lot: a benchmark that lost bids would be measuring the wrong thing.
  let acknowledged = 0;
  let storedBidCount = 0;
  for (const workload of settings.workloads) {
    const final = await setupHttp.expect(200, 'GET', `/api/v1/auctions/${auctions[workload].id}`);
    acknowledged += everyBidder[workload].reduce((sum, bidder) => sum + bidder.acknowledged, 0);
    storedBidCount += final.bidCount as number;
  }

  return {
    name: 'hot-lot',
    settings: { ...settings, startPrice: START_PRICE, increment: INCREMENT, bidders: bidderCount },
    levels,
    targets: settings.workloads.map((workload) => {
      const judged = levels.find((level) => level.concurrency === HOT_LOT_TARGETS.atConcurrency && level.workload === workload);
      const atLeast = (ratio: number | null | undefined) => ratio !== null && ratio !== undefined && ratio >= HOT_LOT_TARGETS.minRatioToCeiling;
      return {
        workload,
        ...HOT_LOT_TARGETS,
        ratioMet: judged ? atLeast(judged.ratioToCeiling) : null,
        judgedRatioMet: judged ? atLeast(judged.judgedRatioToMixedCeiling) : null,
        p99Met: judged ? judged.gateway.latency.p99Ms < HOT_LOT_TARGETS.maxP99Ms : null,
      };
    }),
    integrity: { acknowledged, storedBidCount, consistent: acknowledged === storedBidCount },
    setupSeconds,
  };
}

async function databaseTransactions(system: BenchSystem): Promise<number | null> {
  return system
    .withDatabase(async (client) => {
      const { rows } = await client.query('SELECT (xact_commit + xact_rollback)::bigint AS n FROM pg_stat_database WHERE datname = current_database()');
      return Number(rows[0].n);
    })
    .catch(() => null);
}
