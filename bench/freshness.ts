import { catalogueIndexName, createMeilisearchClient } from '@lib/search';
import type { Task } from 'meilisearch';
import { randomInt } from 'node:crypto';
import { inParallel, Stage } from './lib/api';
import { SyntheticCatalogue } from './lib/catalogue';
import { JsonClient, LatencySummary, summarise } from './lib/load';
import { PhaseProgress } from './lib/progress';
import { BenchReport, cpuTable, fixed, latencyProblems, measuredLine, sharedMachineNote, verdict } from './lib/report';
import { BenchSystem, CpuBreakdown, CpuWindow, Log, sleep } from './lib/system';

/**
 * Index freshness (issue 10): how long after an operator approves a listing it can be found
 * through `GET /api/v1/catalogue`. Listings are drafted and submitted first (each with a word of
 * its own in the title); then an operator approves them at a steady rate, and for each one a
 * searcher asks the API for its word until the listing is among the hits. The path measured:
 * approval committed with its outbox row → BullMQ trigger → the worker's relay claims the change
 * over NATS → Meilisearch task → findable.
 *
 * Beside it, Meilisearch's own time for the same documents: for every indexing task on the
 * catalogue index during the run, from its arrival in Meilisearch's queue to its end (each
 * document counted once, with its task's time). No relay can make a document findable sooner.
 */

export interface FreshnessSettings {
  /** Listings in the synthetic catalogue underneath. */
  catalogue: number;
  approvals: number;
  /** Approvals started per second (open loop: an approval does not wait for the previous one to be findable). */
  approvalsPerSecond: number;
  /** How often each pending listing is searched for. */
  pollMs: number;
  /** Give up on a listing after this long. */
  timeoutSeconds: number;
}

export const FRESHNESS_FULL: FreshnessSettings = { catalogue: 100_000, approvals: 1000, approvalsPerSecond: 10, pollMs: 40, timeoutSeconds: 60 };
export const FRESHNESS_QUICK: FreshnessSettings = { catalogue: 2_000, approvals: 20, approvalsPerSecond: 10, pollMs: 40, timeoutSeconds: 30 };

/** Issue 10's target: p95 under one second. */
export const FRESHNESS_TARGET_P95_MS = 1000;

export interface FreshnessResult {
  name: 'freshness';
  settings: FreshnessSettings;
  catalogueDocuments: number;
  /** From sending the approval to the listing among the search hits: the target's figure. */
  approvalToFindable: LatencySummary;
  /** From the approval's answer (committed) to findable. */
  acknowledgedToFindable: LatencySummary;
  /** The approval request itself. */
  approval: LatencySummary;
  /** Listings never found within the timeout. */
  notFound: number;
  /** Meilisearch, per document: its indexing task's time from enqueued to finished, and processing alone. */
  meili: { tasks: number; documents: number; enqueuedToFinished: LatencySummary; processing: LatencySummary; failedTasks: number };
  /** Searches sent while polling, per second. */
  pollsPerSecond: number;
  targetP95Ms: number;
  met: boolean | null;
  cpu: CpuBreakdown | null;
  setupSeconds: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** A word no other listing has: 12 lowercase letters (one token to Meilisearch, far from any other by typos). */
const uniqueWord = () => `zq${Array.from({ length: 10 }, () => LETTERS[randomInt(LETTERS.length)]).join('')}`;

export async function runFreshness({
  system,
  stage,
  catalogue,
  settings,
  log,
}: {
  system: BenchSystem;
  stage: Stage;
  catalogue: SyntheticCatalogue;
  settings: FreshnessSettings;
  log: Log;
}): Promise<FreshnessResult> {
  const load = await catalogue.ensure();
  const setupStarted = performance.now();
  log(`Index freshness: setup (${settings.approvals} listings drafted and submitted through the API)`);
  const operator = await stage.operator();
  const seller = await stage.seller();
  const http = stage.http;
  const words: string[] = [];
  const listings = await inParallel(Array.from({ length: settings.approvals }, (_, i) => i), 4, async (i) => {
    const word = uniqueWord();
    words[i] = word;
    const listing = await http.expect(
      201,
      'POST',
      '/api/v1/listings',
      {
        title: `相控阵雷达收发组件热管理技术 ${word}`,
        summary: `面向有源相控阵雷达 T/R 组件的微通道液冷热管理方案（microchannel liquid cooling），热流密度 500 W/cm²，批次 ${i + 1}。`,
        description: '微通道冷板、两相流换热与热仿真模型，已完成样机验证。',
        direction: 'mil_to_civ',
        field: 'electronic_information',
        ipcCodes: ['H05K 7/20'],
        trl: 6,
        patents: [],
        transactionModes: ['transfer'],
        askingPrice: '800000.00',
        secrecyLevel: 'public',
        declassification: null,
      },
      seller.headers,
    );
    await http.expect(200, 'POST', `/api/v1/listings/${listing.id}/submit`, undefined, seller.headers);
    return listing.id as string;
  });
  const setupSeconds = Math.round((performance.now() - setupStarted) / 100) / 10;
  log(`  ready in ${setupSeconds} s`);

  const meili = createMeilisearchClient(system.config);
  const index = catalogueIndexName(system.config);
  const approver = new JsonClient(system.baseUrl, 16);
  const searcher = new JsonClient(system.baseUrl, 16);
  const sent: number[] = [];
  const acknowledged: number[] = [];
  const found: number[] = [];
  let polls = 0;
  let done = 0;
  const startedIso = new Date(Date.now() - 1000).toISOString();
  const cpuWindow = new CpuWindow(system.pids()).start();
  const bar = new PhaseProgress(`${settings.approvals} approvals at ${settings.approvalsPerSecond}/s`, settings.approvals);
  const t0 = performance.now();

  const follow = async (i: number) => {
    // The operator's approval, at its slot in the schedule.
    const slot = t0 + (i * 1000) / settings.approvalsPerSecond;
    await sleep(Math.max(0, slot - performance.now()));
    sent[i] = performance.now();
    const answer = await approver.request('POST', `/api/v1/admin/listings/${listings[i]}/approve`, {}, operator.headers);
    acknowledged[i] = performance.now();
    if (answer.status !== 200) {
      throw new Error(`approving ${listings[i]} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    // Then search for its word until it is there.
    const deadline = sent[i] + settings.timeoutSeconds * 1000;
    while (performance.now() < deadline) {
      const asked = performance.now();
      polls++;
      const result = await searcher.request('GET', `/api/v1/catalogue?q=${words[i]}&pageSize=5`);
      if (result.status === 200 && (result.body?.hits as { listing: { id: string } }[]).some((hit) => hit.listing.id === listings[i])) {
        found[i] = performance.now();
        break;
      }
      await sleep(Math.max(0, settings.pollMs - (performance.now() - asked)));
    }
    bar.update(++done, `${found.filter(Boolean).length} found`);
  };
  await Promise.all(listings.map((_, i) => follow(i)));
  const cpu = cpuWindow.stop();
  bar.stop();
  const seconds = (performance.now() - t0) / 1000;
  approver.close();
  searcher.close();

  const indices = listings.map((_, i) => i).filter((i) => found[i] !== undefined);
  const approvalToFindable = summarise(indices.map((i) => found[i] - sent[i]));
  const acknowledgedToFindable = summarise(indices.map((i) => found[i] - acknowledged[i]));
  const approval = summarise(listings.map((_, i) => acknowledged[i] - sent[i]));
  const meiliFigures = await meiliTaskTimes(meili, index, startedIso);
  const met = approvalToFindable.count === settings.approvals ? approvalToFindable.p95Ms < FRESHNESS_TARGET_P95_MS : false;
  log(
    `  approval → findable p50 ${approvalToFindable.p50Ms} ms, p95 ${approvalToFindable.p95Ms} ms (${indices.length}/${settings.approvals} found) · ` +
      `Meilisearch task p50 ${meiliFigures.enqueuedToFinished.p50Ms} ms, p95 ${meiliFigures.enqueuedToFinished.p95Ms} ms over ${meiliFigures.tasks} tasks · target p95 < 1 s: ${met ? 'met' : 'not met'}`,
  );
  return {
    name: 'freshness',
    settings,
    catalogueDocuments: load.documents,
    approvalToFindable,
    acknowledgedToFindable,
    approval,
    notFound: settings.approvals - indices.length,
    meili: meiliFigures,
    pollsPerSecond: Math.round((polls / seconds) * 10) / 10,
    targetP95Ms: FRESHNESS_TARGET_P95_MS,
    met,
    cpu,
    setupSeconds,
  };
}

/** Meilisearch's timestamps carry nanoseconds; Date reads milliseconds. */
const msOf = (iso: string) => Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));

/**
 * Every document-indexing task on the catalogue index enqueued since `sinceIso`: per document, its
 * task's time from enqueued to finished (waiting behind other tasks, including other users' of
 * this Meilisearch, plus processing) and processing alone.
 */
async function meiliTaskTimes(meili: ReturnType<typeof createMeilisearchClient>, index: string, sinceIso: string): Promise<FreshnessResult['meili']> {
  const tasks: Task[] = [];
  let from: number | null | undefined = undefined;
  do {
    const page = await meili.tasks.getTasks({ indexUids: [index], types: ['documentAdditionOrUpdate'], afterEnqueuedAt: sinceIso, limit: 1000, ...(from != null ? { from } : {}) });
    tasks.push(...page.results);
    from = page.next;
  } while (from != null);
  const finished = tasks.filter((t) => t.status === 'succeeded' && t.finishedAt && t.startedAt);
  const waits: number[] = [];
  const processing: number[] = [];
  for (const task of finished) {
    const documents = Math.max(1, task.details?.indexedDocuments ?? task.details?.receivedDocuments ?? 1);
    for (let d = 0; d < documents; d++) {
      waits.push(msOf(task.finishedAt!) - msOf(task.enqueuedAt));
      processing.push(msOf(task.finishedAt!) - msOf(task.startedAt!));
    }
  }
  return {
    tasks: finished.length,
    documents: waits.length,
    enqueuedToFinished: summarise(waits),
    processing: summarise(processing),
    failedTasks: tasks.filter((t) => t.status === 'failed').length,
  };
}

export function freshnessProblems(result: FreshnessResult): string[] {
  const problems = [...latencyProblems('freshness', result.approvalToFindable), ...latencyProblems('freshness: Meilisearch tasks', result.meili.enqueuedToFinished)];
  if (result.notFound > 0) problems.push(`freshness: ${result.notFound} approved listings were never found`);
  if (result.meili.failedTasks > 0) problems.push(`freshness: ${result.meili.failedTasks} Meilisearch tasks failed`);
  return problems;
}

export function freshnessMarkdown(report: BenchReport): string {
  const r = report.benchmarks.freshness!;
  const s = r.settings;
  const row = (what: string, l: LatencySummary) => `| ${what} | ${l.count} | ${fixed(l.p50Ms, 0)} | ${fixed(l.p95Ms, 0)} | ${fixed(l.p99Ms, 0)} | ${fixed(l.maxMs, 0)} |`;
  const cpuRows: [string, CpuBreakdown | null][] = [[`${s.approvals} approvals at ${s.approvalsPerSecond}/s, with searches`, r.cpu]];
  return [
    measuredLine(report, `${s.approvals} approvals at ${s.approvalsPerSecond} a second`),
    '',
    `An operator approves ${s.approvals} submitted listings, ${s.approvalsPerSecond} a second, on a catalogue of ${r.catalogueDocuments.toLocaleString('en')} listings; ` +
      `each approved listing is searched for through the API (its own word in the title) every ${s.pollMs} ms until it is among the hits (${r.pollsPerSecond} searches/s on average).`,
    '',
    '| ms | listings / documents | p50 | p95 | p99 | max |',
    '|---|---:|---:|---:|---:|---:|',
    row('**approval sent → findable through the API**', r.approvalToFindable),
    row('approval answered → findable', r.acknowledgedToFindable),
    row('the approval request', r.approval),
    row(`ceiling: Meilisearch task, enqueued → finished (${r.meili.tasks} tasks)`, r.meili.enqueuedToFinished),
    row('Meilisearch task, processing alone', r.meili.processing),
    '',
    `Target (issue 10), p95 under ${r.targetP95Ms / 1000} s from the approval: ${verdict(r.met)} (${fixed(r.approvalToFindable.p95Ms, 0)} ms). ` +
      `${r.notFound ? `**${r.notFound} listings were never found within ${s.timeoutSeconds} s.** ` : 'Every approved listing was found. '}` +
      `The searches' resolution is ${s.pollMs} ms plus one search; Meilisearch's figures count each document once, with the time of the task that indexed it.`,
    ...sharedMachineNote(cpuRows),
    '',
    ...cpuTable(cpuRows),
  ].join('\n');
}
