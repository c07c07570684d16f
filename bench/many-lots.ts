import { formatFen, parseYuanToFen } from '@lib/contracts';
import { randomInt, randomUUID } from 'node:crypto';
import { inParallel, Session, Stage } from './lib/api';
import { cloneAuctions } from './lib/clone';
import { JsonClient, LoadResult, Outcome, runClosedLoop, VirtualClient } from './lib/load';
import { CEILING_LOTS, CeilingResult, findPgbench, prepareCeilingTables, runPgbench } from './lib/pgbench';
import { PhaseProgress } from './lib/progress';
import { BenchReport, cpuMsPerRequest, cpuTable, fixed, latencyProblems, measuredLine, percent, refusalSummary, sharedMachineNote } from './lib/report';
import { BenchSystem, CpuBreakdown, CpuWindow, Log, sleep } from './lib/system';

/**
 * Many lots (issue 10): the hot lot's bid path, but spread over 1,000 open English auctions, each
 * bid from a random bidder on a random lot. Bids on different lots take different row locks, so
 * they no longer queue behind one another in PostgreSQL: this is the rate the whole path sustains
 * when the database is not the bottleneck, beside pgbench running the same bid transaction over
 * as many lots, each transaction on one drawn at random.
 */

export interface ManyLotsSettings {
  lots: number;
  levels: number[];
  durationSeconds: number;
  warmupSeconds: number;
}

export const MANY_LOTS_FULL: ManyLotsSettings = { lots: 1000, levels: [8, 32, 64], durationSeconds: 15, warmupSeconds: 3 };
export const MANY_LOTS_QUICK: ManyLotsSettings = { lots: 50, levels: [8], durationSeconds: 3, warmupSeconds: 1 };

const START_PRICE = '10000.00';
const INCREMENT = '1.00';
const DEPOSIT = '100.00';

export interface ManyLotsLevel {
  concurrency: number;
  gateway: LoadResult;
  ceiling: CeilingResult | null;
  ceilingError: string | null;
  /** Accepted bids/s over pgbench transactions/s (pgbench's bids are all accepted). */
  ratioToCeiling: number | null;
  /** Accepted + refused bids/s: each took its lot's lock and was judged. */
  bidsJudgedPerSecond: number;
  judgedRatioToCeiling: number | null;
  cpu: { gateway: CpuBreakdown | null; ceiling: CpuBreakdown | null };
}

export interface ManyLotsResult {
  name: 'many-lots';
  settings: ManyLotsSettings & { startPrice: string; increment: string; bidders: number };
  levels: ManyLotsLevel[];
  /** Every acknowledged bid is on its lot: the lots' bid counts add up to the acknowledgements. */
  integrity: { acknowledged: number; storedBidCount: number; consistent: boolean };
  setupSeconds: number;
}

/**
 * What the bidders know of each lot: the least the last answer about it allowed. Shared by all the
 * virtual bidders, as people watching the lots' live view would know it; a bid still races the
 * others in flight on the same lot, and loses (refused, too low) if one lands first.
 */
class LotBoard {
  private readonly minimum = new Map<string, bigint>();

  constructor(
    readonly lots: string[],
    start: bigint,
  ) {
    for (const lot of lots) this.minimum.set(lot, start);
  }

  pick(): { lot: string; minimum: bigint } {
    const lot = this.lots[randomInt(this.lots.length)];
    return { lot, minimum: this.minimum.get(lot)! };
  }

  learn(lot: string, minimum: bigint): void {
    if (minimum > this.minimum.get(lot)!) this.minimum.set(lot, minimum);
  }
}

class ManyLotsBidder implements VirtualClient {
  acknowledged = 0;

  constructor(
    private readonly http: JsonClient,
    private readonly session: Session,
    private readonly board: LotBoard,
  ) {}

  async step(): Promise<Outcome> {
    const { lot, minimum } = this.board.pick();
    const response = await this.http.request('POST', `/api/v1/auctions/${lot}/bids`, { amount: formatFen(minimum + BigInt(randomInt(0, 100))) }, {
      ...this.session.headers,
      'idempotency-key': randomUUID(),
    });
    if (response.status === 200) {
      this.acknowledged++;
      const next = response.body?.auction?.minimumNextBid;
      if (next) this.board.learn(lot, parseYuanToFen(next));
      return { kind: 'accepted' };
    }
    const error = response.body?.error;
    if (response.status === 422 && typeof error?.code === 'string' && error.code.startsWith('BID.')) {
      const next = error.details?.minimumAcceptable;
      if (typeof next === 'string') this.board.learn(lot, parseYuanToFen(next));
      return { kind: 'refused', reason: error.details?.reason ?? error.code };
    }
    return { kind: 'error', reason: `HTTP ${response.status}${error?.code ? ` ${error.code}` : ''}` };
  }
}

export async function runManyLots({ system, stage, settings, log }: { system: BenchSystem; stage: Stage; settings: ManyLotsSettings; log: Log }): Promise<ManyLotsResult> {
  const pgbench = findPgbench();
  const setupStarted = performance.now();
  const bidderCount = Math.max(...settings.levels);
  log(`Many lots: setup (${settings.lots} English auctions: one through the API, the rest cloned in SQL; ${bidderCount} bidders registered on all)`);
  const operator = await stage.operator();
  const seller = await stage.seller();
  const listing = await stage.api.publishedListing(seller, operator);
  const now = Date.now();
  const template = await stage.api.createAuction(seller, {
    listingId: listing.id,
    type: 'english',
    startPrice: START_PRICE,
    increment: INCREMENT,
    deposit: DEPOSIT,
    requiredQualifications: [],
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 24 * 3_600_000).toISOString(),
    softClose: null,
  });
  const bidders = await stage.enterprises(bidderCount);
  // Enough in each wallet for a deposit on every lot.
  const topUp = formatFen(parseYuanToFen(DEPOSIT) * BigInt(settings.lots) + parseYuanToFen('1000.00'));
  await inParallel(bidders, 4, (bidder) => stage.api.registeredBidder(operator, bidder, template.id, topUp));
  const clones = await system.withDatabase((db) => cloneAuctions(db, { templateAuctionId: template.id, count: settings.lots - 1 }));
  const lots = [template.id, ...clones];
  await prepareCeilingTables(system.config.database.url);
  const setupSeconds = Math.round((performance.now() - setupStarted) / 100) / 10;
  log(`  ready in ${setupSeconds} s: ${lots.length} lots, start ${START_PRICE}, increment ${INCREMENT}, ${bidderCount} bidders`);

  const board = new LotBoard(lots, parseYuanToFen(START_PRICE));
  const pids = system.pids();
  const levels: ManyLotsLevel[] = [];
  const everyBidder: ManyLotsBidder[] = [];
  for (const concurrency of settings.levels) {
    if (system.failure) throw new Error(system.failure);
    const http = new JsonClient(system.baseUrl, concurrency);
    const bar = new PhaseProgress(`${concurrency} bidders, ${lots.length} lots`, settings.warmupSeconds + settings.durationSeconds);
    let cpuWindow: CpuWindow | null = null;
    let gatewayCpu: CpuBreakdown | null = null;
    const gateway = await runClosedLoop({
      concurrency,
      durationMs: settings.durationSeconds * 1000,
      warmupMs: settings.warmupSeconds * 1000,
      client: (i) => {
        const bidder = new ManyLotsBidder(http, bidders[i], board);
        everyBidder.push(bidder);
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
    log(
      `  ${String(concurrency).padStart(2)} bidders  ${gateway.acceptedPerSecond.toFixed(1).padStart(7)} accepted/s  ${gateway.refusedPerSecond.toFixed(1).padStart(6)} refused/s  ` +
        `p50 ${gateway.latency.p50Ms} ms  p95 ${gateway.latency.p95Ms} ms  p99 ${gateway.latency.p99Ms} ms  errors ${gateway.errors}`,
    );

    let ceiling: CeilingResult | null = null;
    let ceilingError: string | null = null;
    let ceilingWindow: CpuWindow | null = null;
    const ceilingBar = new PhaseProgress(`${concurrency} clients, pgbench, ${lots.length} lots`, settings.durationSeconds);
    try {
      ceiling = await runPgbench(pgbench, {
        databaseUrl: system.config.database.url,
        concurrency,
        durationSeconds: settings.durationSeconds,
        lots: Math.min(lots.length, CEILING_LOTS),
        onStart: () => (ceilingWindow = new CpuWindow(pids).start()),
        onProgress: ({ elapsedSeconds, tps, latencyMs }) => ceilingBar.update(elapsedSeconds, `${Math.round(tps)} tps, ${latencyMs} ms`),
      });
    } catch (error) {
      ceilingError = (error as Error).message;
    }
    const ceilingCpu = (ceilingWindow as CpuWindow | null)?.stop() ?? null;
    ceilingBar.stop();
    log(
      ceiling
        ? `  ${String(concurrency).padStart(2)} clients  pgbench   ${ceiling.tps.toFixed(1).padStart(7)} tps         latency avg ${ceiling.latencyAverageMs} ms`
        : `  ${String(concurrency).padStart(2)} clients  pgbench   failed: ${ceilingError}`,
    );
    const ratio = (perSecond: number) => (ceiling && ceiling.tps > 0 ? Math.round((perSecond / ceiling.tps) * 1000) / 1000 : null);
    const bidsJudgedPerSecond = Math.round((gateway.acceptedPerSecond + gateway.refusedPerSecond) * 10) / 10;
    levels.push({
      concurrency,
      gateway,
      ceiling,
      ceilingError,
      ratioToCeiling: ratio(gateway.acceptedPerSecond),
      bidsJudgedPerSecond,
      judgedRatioToCeiling: ratio(bidsJudgedPerSecond),
      cpu: { gateway: gatewayCpu, ceiling: ceilingCpu },
    });
    await sleep(200);
  }

  if (system.failure) throw new Error(system.failure);
  const acknowledged = everyBidder.reduce((sum, bidder) => sum + bidder.acknowledged, 0);
  const storedBidCount = await system.withDatabase(async (db) =>
    Number((await db.query('SELECT coalesce(sum(bid_count), 0)::bigint AS n FROM auction.auctions WHERE id = ANY($1::uuid[])', [lots])).rows[0].n),
  );
  return {
    name: 'many-lots',
    settings: { ...settings, lots: lots.length, startPrice: START_PRICE, increment: INCREMENT, bidders: bidderCount },
    levels,
    integrity: { acknowledged, storedBidCount, consistent: acknowledged === storedBidCount },
    setupSeconds,
  };
}

export function manyLotsProblems(result: ManyLotsResult): string[] {
  const problems: string[] = [];
  if (!result.levels.length) problems.push('many lots: no level ran');
  for (const level of result.levels) {
    const at = `many lots at ${level.concurrency}`;
    if (level.gateway.accepted <= 0) problems.push(`${at}: no bid was accepted`);
    problems.push(...latencyProblems(at, level.gateway.latency));
    if (!level.ceiling || !(level.ceiling.tps > 0)) problems.push(`${at}: no pgbench ceiling (${level.ceilingError ?? 'tps 0'})`);
    if (level.ratioToCeiling === null) problems.push(`${at}: no ratio to the ceiling`);
  }
  if (!result.integrity.consistent) problems.push(`many lots: ${result.integrity.acknowledged} bids acknowledged but the lots count ${result.integrity.storedBidCount}`);
  return problems;
}

export function manyLotsMarkdown(report: BenchReport): string {
  const result = report.benchmarks.manyLots!;
  const s = result.settings;
  const lines = [
    measuredLine(report, `${s.durationSeconds} s per level after ${s.warmupSeconds} s of warm-up`),
    '',
    `${s.lots} open English auctions (start ${s.startPrice}, increment ${s.increment}), ${s.bidders} registered bidders; each virtual bidder bids on a lot drawn at random the least the bidders last learnt it allowed (+0-99 fen).`,
    '',
    '| bidders | accepted bids/s | refused/s | p50 ms | p95 ms | p99 ms | errors | CPU ms / bid | pgbench tps, 1,000 lots | pgbench avg ms | accepted / pgbench | judged / pgbench |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const level of result.levels) {
    const g = level.gateway;
    lines.push(
      `| ${level.concurrency} | ${fixed(g.acceptedPerSecond)} | ${fixed(g.refusedPerSecond)} | ${fixed(g.latency.p50Ms)} | ${fixed(g.latency.p95Ms)} | ${fixed(g.latency.p99Ms)} | ${g.errors} | ` +
        `${fixed(cpuMsPerRequest(level.cpu.gateway, g.requestsPerSecond), 2)} | ${fixed(level.ceiling?.tps)} | ${fixed(level.ceiling?.latencyAverageMs, 2)} | ${percent(level.ratioToCeiling)} | ${percent(level.judgedRatioToCeiling)} |`,
    );
  }
  const cpuRows: [string, CpuBreakdown | null][] = result.levels.flatMap((level) => [
    [`${level.concurrency} bidders`, level.cpu.gateway] as [string, CpuBreakdown | null],
    [`${level.concurrency} clients, pgbench`, level.cpu.ceiling] as [string, CpuBreakdown | null],
  ]);
  lines.push(
    '',
    `_pgbench_: the hot lot's bid transaction (lock the lot row, insert the bid, update the lot, commit), each on one of ${Math.min(s.lots, CEILING_LOTS)} lots drawn at random, at the same concurrency. ` +
      '_judged_ = accepted + refused. _CPU ms / bid_: CPU time of the apps, PostgreSQL (all its backends), NATS, Redis and the load generator over the window, per request. No target is set for many lots (issue 10).',
    ...sharedMachineNote(cpuRows),
    '',
    `Every acknowledged bid was on its lot afterwards: ${result.integrity.acknowledged} acknowledged, the lots count ${result.integrity.storedBidCount} (${result.integrity.consistent ? 'consistent' : '**inconsistent**'}). ` +
      `Refusals (two bids on one lot at once, or a bidder already leading): ${refusalSummary(result)}.`,
    '',
    ...cpuTable(cpuRows),
  );
  return lines.join('\n');
}
