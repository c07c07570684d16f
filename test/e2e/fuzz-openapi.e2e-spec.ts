import { DOMAIN_SERVICES } from '@lib/config';
import { writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { casesFor, FuzzCase } from '../support/fuzz/cases';
import { OpenApiDocument, Operation, SchemaBook } from '../support/fuzz/openapi';
import { Prng } from '../support/fuzz/prng';
import { rawRequest } from '../support/fuzz/http';
import { FuzzReport, runFuzz } from '../support/fuzz/runner';
import { changedTables, snapshotTables, TableState } from '../support/fuzz/snapshot';
import { withTestDatabase } from '../support/database';
import { IdentityApi, Session } from '../support/identity';
import { NegotiationsApi } from '../support/negotiations';
import { until } from '../support/app-process';
import { AuctionsApi, englishAuctionBody } from '../support/auctions';
import { EvaluationApi } from '../support/evaluation';
import { ListingsApi } from '../support/listings';
import { MatchingApi } from '../support/matching';
import { TradesApi } from '../support/trades';
import { TestSystem } from '../support/system';

/**
 * Bad input at scale, driven by the OpenAPI document: every operation under /api/v1, called by a
 * caller its access rule lets through (anonymous, a verified member, an operator, an expert), gets
 * malformed JSON, wrong types, missing and oversized fields, bodies over the limit, deep nesting,
 * unknown and prototype-polluting properties, injection-laden strings, bad path and query
 * parameters and forged tokens. Never a 5xx, never a hang, always the standard error body, and
 * not one row written anywhere. The run is seeded (FUZZ_SEED; printed) so a failure replays.
 */

const SEED = process.env.FUZZ_SEED ?? 'dualuse-fuzz-1';
const TIMEOUT_MS = 10_000;
const CONCURRENCY = 4;

type Caller = 'anonymous' | 'institute' | 'enterprise' | 'operator' | 'expert';

/** The caller whose role the operation admits: a member where members may go, else an operator, else an expert. */
function callerFor(operation: Operation): Caller {
  if (operation.access.kind === 'public') return 'anonymous';
  if (operation.access.kind === 'any') return 'institute';
  for (const role of ['institute', 'enterprise', 'operator', 'expert'] as const) if (operation.access.roles.includes(role)) return role;
  throw new Error(`No fuzz caller for ${operation.key} (${JSON.stringify(operation.access)})`);
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let system: TestSystem;
  let port: number;
  let operations: Operation[];
  let cases: FuzzCase[];
  let sessions: Record<Exclude<Caller, 'anonymous'>, Session>;
  let before: Record<string, TableState>;
  let report: FuzzReport;

  beforeAll(async () => {
    system = await TestSystem.start([...DOMAIN_SERVICES, 'worker']);
    await system.gateway.listen(0, '127.0.0.1');
    port = (system.gateway.getHttpServer().address() as AddressInfo).port;
    const identity = new IdentityApi(system);
    const operator = await identity.operator();
    sessions = {
      operator,
      institute: await identity.verifiedMember(operator, 'institute'),
      enterprise: await identity.verifiedMember(operator, 'enterprise'),
      expert: await new NegotiationsApi(system).expert(identity, operator),
    };
    const document: OpenApiDocument = (await request(system.http).get('/docs/openapi.json').expect(200)).body;
    const book = new SchemaBook(document);
    operations = book.operations('/api/v1/');
    const prng = new Prng(SEED);
    cases = [];
    for (const operation of operations) cases.push(...casesFor(book, operation, prng, cases.length));
    // Let the set-up's own asynchronous work (notifications, outbox) settle before the baseline.
    await new Promise((r) => setTimeout(r, 1500));
    before = await withTestDatabase(snapshotTables);
  }, 120_000);
  afterAll(() => system?.stop());

  it('sends thousands of bad requests: no 5xx, no hang, the standard error body on every refusal', async () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(cases.length).toBeGreaterThan(2000);
    report = await runFuzz({
      seed: SEED,
      port,
      cases,
      timeoutMs: TIMEOUT_MS,
      concurrency: CONCURRENCY,
      authorize: (c) => {
        const caller = callerFor(c.operation);
        return caller === 'anonymous' ? undefined : sessions[caller].auth.Authorization;
      },
    });
    process.stdout.write(
      `\nFuzz (seed ${report.seed}): ${report.sent} requests to ${operations.length} operations; ` +
        `5xx: ${report.serverErrors}; timeouts: ${report.timeouts}; slowest ${report.slowestMs} ms (${report.slowest}); ` +
        `by status ${JSON.stringify(report.byStatus)}\n`,
    );
    const file = join(tmpdir(), `fuzz-report-${SEED.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
    writeFileSync(file, JSON.stringify(report, null, 1));
    process.stdout.write(`Full report: ${file}\n`);
    expect(report.sent).toBe(cases.length);
    // Every finding names the case; FUZZ_SEED=<seed> replays exactly this run.
    expect(report.findings.slice(0, 25)).toEqual([]);
    expect(report.serverErrors).toBe(0);
  }, 600_000);

  it('wrote nothing: every table of every schema (audit log included) is as it was', async () => {
    expect(report).toBeDefined();
    await new Promise((r) => setTimeout(r, 1000));
    const after = await withTestDatabase(snapshotTables);
    expect(Object.keys(before).length).toBeGreaterThan(10);
    expect(changedTables(before, after)).toEqual({});
  });

  it('refuses deep JSON, foreign content types, bad URLs and oversized headers early, in the standard error body', async () => {
    const answer = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
      const response = await rawRequest(port, new Agent(), method, path, headers, body, TIMEOUT_MS);
      return { status: response.status, body: JSON.parse(response.text), correlated: JSON.parse(response.text).correlationId === response.headers['x-request-id'] };
    };
    const json = { 'content-type': 'application/json' };
    expect(await answer('POST', '/api/v1/auth/login', json, `${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toEqual({
      status: 400,
      body: { error: { code: 'REQUEST.TOO_DEEP', message: expect.any(String) }, correlationId: expect.any(String) },
      correlated: true,
    });
    expect(await answer('POST', '/api/v1/auth/login', { 'content-type': 'application/x-www-form-urlencoded' }, 'email=a%40b.cn&password=x')).toMatchObject({
      status: 415,
      body: { error: { code: 'HTTP.UNSUPPORTED_MEDIA_TYPE' } },
    });
    expect(await answer('GET', '/api/v1/listings/%E0%A4%A', {})).toMatchObject({ status: 400, body: { error: { code: 'HTTP.BAD_REQUEST' } }, correlated: true });
    expect(await answer('GET', `/api/v1/listings/${'a'.repeat(500)}`, {})).toMatchObject({ status: 414, body: { error: { code: 'HTTP.URI_TOO_LONG' } }, correlated: true });
    expect(await answer('GET', `/api/v1/catalogue?q=${'q'.repeat(20_000)}`, {})).toMatchObject({ status: 431, body: { error: { code: 'HTTP.REQUEST_HEADER_FIELDS_TOO_LARGE' } }, correlated: true });
  });

  it('polluted no prototype, and the system still serves its callers', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    await request(system.http).get('/api/v1/me').set(sessions.institute.auth).expect(200);
    await request(system.http).get('/api/v1/admin/audit/verify').set(sessions.operator.auth).expect(200).expect((r) => expect(r.body.valid).toBe(true));
    await request(system.http).get('/health/ready').expect(200);
  });

  describe('against real objects', () => {
    /**
     * The second pass goes deeper: path parameters name real objects the caller may act on (its own
     * draft and published listings, an auction it sells or is registered for, a trade, a negotiation
     * and its open offer, a pending interest, a demand, a qualification, a notification, an
     * evaluation and an assignment; admin routes get throwaway ones), and hostile values travel in
     * bodies with no other defect, so they reach the services and PostgreSQL. Such requests may
     * succeed and write (that is the point); still never a 5xx, a hang, or a malformed refusal.
     */
    it('sends hostile values to real objects: no 5xx, no hang, the standard error body on every refusal', async () => {
      const identity = new IdentityApi(system);
      const listings = new ListingsApi(system);
      const auctions = new AuctionsApi(system);
      const loop = new NegotiationsApi(system);
      const evaluation = new EvaluationApi(system);
      const { operator, institute, enterprise, expert } = sessions;

      const draft = await listings.draft(institute, { title: '模糊测试草稿' });
      const own = await listings.published(institute, operator, { title: '模糊测试已发布' });
      await request(system.http).put(`/api/v1/listings/${own.id}/dossier`).set(institute.auth).send({ content: '模糊测试资料' }).expect(200);
      const forAdmin = await listings.published(institute, operator, { title: '模糊测试审核对象' });
      const pending = await listings.draft(institute, { title: '模糊测试待审' });
      await request(system.http).post(`/api/v1/listings/${pending.id}/submit`).set(institute.auth).expect(200);
      const lot = await listings.published(institute, operator, { title: '模糊测试拍品' });
      const auction = await auctions.create(institute, englishAuctionBody(lot.id));
      await auctions.registered(operator, enterprise, auction.id);
      const adminLot = await listings.published(institute, operator, { title: '模糊测试拍品二' });
      const adminAuction = await auctions.create(institute, englishAuctionBody(adminLot.id));
      const { tradeId } = await new TradesApi(system).fromAuction(institute, enterprise, operator, { title: '模糊测试成交' });
      const negotiated = await listings.published(institute, operator, { title: '模糊测试协商' });
      const negotiationId = await loop.thread(institute, enterprise, negotiated.id);
      const offer = (await loop.offer(enterprise, negotiationId, '500000.00', 'transfer').expect(201)).body.currentOffer;
      const interest = await loop.interest(enterprise, own.id);
      const demand = await new MatchingApi(system).post(enterprise, { title: '模糊测试需求' });
      const adminDemand = await new MatchingApi(system).post(enterprise, { title: '模糊测试需求二' });
      const qualification = await request(system.http)
        .post('/api/v1/organisations/me/qualifications')
        .set(institute.auth)
        .send({ type: 'secrecy', number: 'GFBM-2023-0417', issuer: '国家保密局', validFrom: '2024-01-01', validUntil: '2028-12-31' })
        .expect(201);
      const throwaway = await identity.verifiedMember(operator, 'institute');
      const panel = [expert, ...(await evaluation.experts(operator, 2))];
      const assessed = await evaluation.requested(institute, own.id);
      await evaluation.assigned(operator, assessed.id, panel);
      const assignment = await evaluation.assignmentOf(expert, assessed.id);
      const notifications = await until(
        () => request(system.http).get('/api/v1/notifications').set(institute.auth).then((r) => r.body.items as { id: string }[]),
        (items) => items.length > 0,
        20_000,
      );

      const objects: Record<string, string[]> = {
        listings: [own.id, draft.id],
        'admin/listings': [forAdmin.id, pending.id],
        auctions: [auction.id],
        'admin/auctions': [adminAuction.id],
        trades: [tradeId],
        'admin/trades': [tradeId],
        negotiations: [negotiationId],
        offers: [offer.id],
        interests: [interest.id],
        demands: [demand.id],
        'admin/demands': [adminDemand.id],
        qualifications: [qualification.body.id],
        'admin/qualifications': [qualification.body.id],
        'admin/organisations': [throwaway.organisationId!],
        'dossier-grants': [enterprise.organisationId!],
        notifications: [notifications[0].id],
        evaluations: [assessed.id],
        'admin/evaluations': [assessed.id],
        assignments: [assignment.id],
      };
      let turn = 0;
      const idOf = (operation: Operation, parameter: string) => {
        const segments = operation.path.split('/');
        const at = segments.indexOf(`{${parameter}}`);
        const kind = segments[at - 1];
        const key = operation.path.startsWith('/api/v1/admin/') && at === 5 ? `admin/${kind}` : kind;
        const ids = objects[key];
        return ids ? ids[turn++ % ids.length] : undefined;
      };
      const document: OpenApiDocument = (await request(system.http).get('/docs/openapi.json').expect(200)).body;
      const book = new SchemaBook(document);
      const prng = new Prng(`${SEED}-real-objects`);
      const deep: FuzzCase[] = [];
      for (const operation of book.operations('/api/v1/')) deep.push(...casesFor(book, operation, prng, deep.length, { realObjects: idOf }));
      const unmapped = book
        .operations('/api/v1/')
        .flatMap((o) => o.pathParams.filter((p) => idOf(o, p.name) === undefined).map((p) => `${o.key} {${p.name}}`));

      const deepReport = await runFuzz({
        seed: `${SEED}-real-objects`,
        port,
        cases: deep,
        timeoutMs: TIMEOUT_MS,
        concurrency: CONCURRENCY,
        authorize: (c) => {
          const caller = callerFor(c.operation);
          if (caller === 'anonymous') return undefined;
          // Member routes: the two parties take turns, so each acts on the objects it may act on.
          const both = caller === 'institute' && (c.operation.access.kind === 'any' || (c.operation.access.kind === 'roles' && c.operation.access.roles.includes('enterprise')));
          return (both && c.index % 2 === 1 ? enterprise : sessions[caller]).auth.Authorization;
        },
      });
      process.stdout.write(
        `\nFuzz against real objects (seed ${deepReport.seed}): ${deepReport.sent} requests; 5xx: ${deepReport.serverErrors}; timeouts: ${deepReport.timeouts}; ` +
          `accepted writes: ${deepReport.acceptedWrites.length}; by status ${JSON.stringify(deepReport.byStatus)}; path parameters without a real object: ${unmapped.length}\n`,
      );
      writeFileSync(join(tmpdir(), `fuzz-report-${SEED.replace(/[^A-Za-z0-9_-]/g, '_')}-real-objects.json`), JSON.stringify({ ...deepReport, unmapped }, null, 1));
      expect(deep.length).toBeGreaterThan(1000);
      expect(deepReport.findings.slice(0, 25)).toEqual([]);
      expect(deepReport.serverErrors).toBe(0);
      // Hostile values really reached the services: some were accepted and written.
      expect(deepReport.acceptedWrites.length).toBeGreaterThan(20);
      await request(system.http).get('/api/v1/admin/audit/verify').set(operator.auth).expect(200).expect((r) => expect(r.body.valid).toBe(true));
      await request(system.http).get('/health/ready').expect(200);
    }, 600_000);
  });
});
