import { AppConfig } from '@lib/config';
import { parseYuanToFen } from '@lib/contracts';
import { catalogueIndexName, assertSucceeded, createMeilisearchClient, ensureCatalogueIndex } from '@lib/search';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from 'pg';
import { qualityReport, QualityReport } from '../apps/matching/src/domain/quality';
import { catalogueDocumentOf } from '../apps/listings/src/domain/public-projection';
import { ListingEntity } from '../apps/listings/src/listings/listing.entity';
import { DEMO_LISTING_COUNT } from './demo/catalogue-demo';
import { demoListings } from './demo/catalogue-generator';

/**
 * The matching quality check: the labelled demands of `scripts/data/matching-labels.json` are posted
 * against the demo catalogue (`demoListings(300)`, the one `npm start` seeds), and the matcher's
 * ranking for each (`GET /demands/:id/matches`) is compared with the listings a person would accept:
 * precision@5 and recall@20, averaged over the demands.
 *
 *   npm run matching:quality [-- --verbose]
 *
 * Starts its own system on loopback (like `npm run bench`: its own database, prefixes and port),
 * loads the demo catalogue into it, measures, prints, and removes everything. The same measurement
 * runs in CI as `test/e2e/matching-quality.e2e-spec.ts`.
 */

const LABELS_FILE = join(__dirname, 'data', 'matching-labels.json');

export interface LabelledDemand {
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
  acceptedSubjects: string[];
  accepted: { index: number; title: string }[];
}

export interface Labels {
  catalogue: { generator: string; count: number; seed: number };
  demands: LabelledDemand[];
}

/** The labels, checked against the demo catalogue as generated now: a changed generator must not silently change what they mean. */
export function readLabels(file = LABELS_FILE): Labels {
  const labels: Labels = JSON.parse(readFileSync(file, 'utf8'));
  const catalogue = demoListings(labels.catalogue.count, labels.catalogue.seed);
  const drift: string[] = [];
  for (const demand of labels.demands) {
    for (const { index, title } of demand.accepted) {
      const listing = catalogue[index];
      if (!listing || listing.body.title !== title || listing.outcome !== 'published') drift.push(`${demand.key}: #${index} ${title}`);
    }
  }
  if (drift.length) {
    throw new Error(`The labels no longer match the demo catalogue (rebuild them with scripts/data/matching-labels.build.ts and check them):\n  ${drift.join('\n  ')}`);
  }
  return labels;
}

/** `YYYY-MM-DD`, `days` from now in China Standard Time. */
function chinaDateIn(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

/**
 * Loads the demo catalogue straight into PostgreSQL, each listing in its demo outcome (published,
 * in review, draft, rejected) and owned by one of ten organisations per kind, and writes the
 * published ones to the Meilisearch catalogue through the one public projection, as the outbox relay
 * would. (The demo seed of `npm start` creates the same listings through the API; this is quicker and
 * gives the same catalogue.) Answers the listing id of each catalogue index.
 */
export async function loadDemoCatalogue(db: Client, config: AppConfig, count = DEMO_LISTING_COUNT, seed = 1): Promise<Map<number, string>> {
  const owners = { institute: Array.from({ length: 10 }, (_, i) => demoUuid(`institute-${i}`)), enterprise: Array.from({ length: 10 }, (_, i) => demoUuid(`enterprise-${i}`)) };
  const ids = new Map<number, string>();
  const entities: ListingEntity[] = [];
  const now = Date.now();
  for (const [index, { body, ownerKind, outcome, dossier }] of demoListings(count, seed).entries()) {
    const id = demoUuid(`listing-${seed}-${index}`);
    ids.set(index, id);
    const published = outcome === 'published' ? new Date(now - (count - index) * 60_000) : null;
    const entity = {
      id,
      organisationId: owners[ownerKind][index % 10],
      status: outcome,
      statusReason: outcome === 'rejected' ? '解密批准文件扫描件不清晰，请补充后重新提交' : null,
      ...body,
      dossierAccess: body.dossierAccess ?? 'by_grant',
      askingPriceFen: body.askingPrice === null ? null : parseYuanToFen(body.askingPrice).toString(),
      evaluation: null,
      publishedAt: published,
    } as unknown as ListingEntity;
    entities.push(entity);
    await db.query(
      `INSERT INTO listings.listings (id, organisation_id, created_by, status, status_reason, title, summary, description, direction, field,
         ipc_codes, trl, patents, transaction_modes, asking_price_fen, secrecy_level, declassification, dossier_access, dossier_content,
         published_at, submitted_at)
       VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        id,
        entity.organisationId,
        outcome,
        entity.statusReason,
        body.title,
        body.summary,
        body.description,
        body.direction,
        body.field,
        body.ipcCodes,
        body.trl,
        JSON.stringify(body.patents),
        body.transactionModes,
        entity.askingPriceFen,
        body.secrecyLevel,
        body.declassification ? JSON.stringify(body.declassification) : null,
        entity.dossierAccess,
        dossier,
        published,
        outcome === 'draft' ? null : new Date(now - count * 60_000),
      ],
    );
  }
  const meili = createMeilisearchClient(config);
  const uid = catalogueIndexName(config);
  await ensureCatalogueIndex(meili, uid);
  const documents = entities.map(catalogueDocumentOf).filter((d) => d !== null);
  await assertSucceeded(meili.index(uid).addDocuments(documents, { primaryKey: 'id' }).waitTask({ timeout: 60_000 }), 'index the demo catalogue');
  return ids;
}

/**
 * A UUID v4 derived from a name: the demo catalogue gets the same ids in every run, so listings with
 * equal scores (ranked by id) come in the same order and the figures are reproducible.
 */
function demoUuid(name: string): string {
  const hex = createHash('sha256').update(`dualuse-demo:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** One HTTP call to the gateway, however the caller reaches it (supertest in e2e, a socket here). */
export type GatewayCall = (method: 'GET' | 'POST', path: string, token: string, body?: unknown) => Promise<{ status: number; body: any }>;

export interface QualityRun extends QualityReport {
  publishedListings: number;
  /** Per demand, the indexes of the first five listings returned and whether a person accepts each. */
  firstFive: Record<string, { index: number; accepted: boolean; score: number }[]>;
  millisecondsPerDemand: number;
}

/**
 * Posts every labelled demand (as an enterprise, or an institute for its civ→mil needs), asks the
 * matcher for its first 20 listings, and measures them against the labels.
 */
export async function measureMatching(call: GatewayCall, tokens: { enterprise: string; institute: string }, labels: Labels, ids: Map<number, string>): Promise<QualityRun> {
  const indexOf = new Map([...ids].map(([index, id]) => [id, index]));
  const cases = [];
  const firstFive: QualityRun['firstFive'] = {};
  let elapsed = 0;
  for (const demand of labels.demands) {
    const { key, poster, acceptedSubjects: _subjects, accepted, deadlineInDays, ...fields } = demand;
    const posted = await call('POST', '/api/v1/demands', tokens[poster], { ...fields, deadline: chinaDateIn(deadlineInDays), visibility: 'public' });
    if (posted.status !== 201) throw new Error(`Posting demand ${key} failed: ${posted.status} ${JSON.stringify(posted.body)}`);
    const started = performance.now();
    const matches = await call('GET', `/api/v1/demands/${posted.body.id}/matches?limit=20`, tokens[poster]);
    elapsed += performance.now() - started;
    if (matches.status !== 200) throw new Error(`Matching demand ${key} failed: ${matches.status} ${JSON.stringify(matches.body)}`);
    const items = matches.body.items as { listing: { id: string }; score: number }[];
    const acceptedIds = new Set(accepted.map((a) => ids.get(a.index)!));
    cases.push({ key, ranked: items.map((i) => i.listing.id), accepted: acceptedIds });
    firstFive[key] = items.slice(0, 5).map((i) => ({ index: indexOf.get(i.listing.id) ?? -1, accepted: acceptedIds.has(i.listing.id), score: i.score }));
  }
  const published = demoListings(labels.catalogue.count, labels.catalogue.seed).filter((l) => l.outcome === 'published').length;
  return { ...qualityReport(cases), publishedListings: published, firstFive, millisecondsPerDemand: elapsed / labels.demands.length };
}

export function reportLines(run: QualityRun, verbose = false): string[] {
  const lines = [
    `Matching quality on the demo catalogue (${run.demands} labelled demands, ${run.publishedListings} published listings)`,
    `  precision@5  ${run.precisionAt5.toFixed(3)}   (the labels allow at most ${run.precisionAt5Ceiling.toFixed(3)}: some demands have fewer than 5 acceptable listings)`,
    `  recall@20    ${run.recallAt20.toFixed(3)}`,
    `  ${run.millisecondsPerDemand.toFixed(0)} ms per demand (GET /demands/:id/matches)`,
  ];
  if (verbose) {
    for (const row of run.perDemand) {
      const five = run.firstFive[row.key].map((f) => `${f.accepted ? '+' : '-'}#${f.index}(${f.score.toFixed(2)})`).join(' ');
      lines.push(`    ${row.key.padEnd(30)} P@5 ${row.precisionAt5.toFixed(2)}  R@20 ${row.recallAt20.toFixed(2)}  accepted ${row.accepted}  returned ${row.returned}  ${five}`);
    }
  }
  return lines;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { verbose: { type: 'boolean', default: false } } });
  // Loaded here, not at the top: the e2e test imports this module without starting a bench system.
  const { BenchSystem } = await import('../bench/lib/system');
  const { JsonClient } = await import('../bench/lib/load');
  const { BenchApi, benchEmail, BENCH_PASSWORD } = await import('../bench/lib/api');
  const labels = readLabels();
  const log = (line: string) => console.log(line);
  const system = new BenchSystem({ apps: ['identity', 'listings', 'matching', 'gateway'], log });
  const stop = () => void system.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await system.start();
    const http = new JsonClient(system.baseUrl, 4);
    const api = new BenchApi(http);
    const operatorEmail = benchEmail('operator');
    system.createOperator(operatorEmail, '值班员', BENCH_PASSWORD);
    const operator = await api.login(operatorEmail);
    const enterprise = await api.verifiedMember(operator, 'enterprise', 1);
    const institute = await api.verifiedMember(operator, 'institute', 2);
    log('Demo catalogue');
    const ids = await system.withDatabase((db) => loadDemoCatalogue(db, system.config, labels.catalogue.count, labels.catalogue.seed));
    log(`  ${ids.size} listings loaded`);
    const call: GatewayCall = (method, path, token, body) => http.request(method, path, body, { authorization: `Bearer ${token}` });
    const run = await measureMatching(call, { enterprise: enterprise.headers.authorization.slice(7), institute: institute.headers.authorization.slice(7) }, labels, ids);
    for (const line of reportLines(run, values.verbose)) log(line);
    system.removeLogs();
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    if (system.logDir) console.error(`App logs kept in ${system.logDir}`);
    return 1;
  } finally {
    await system.stop();
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
