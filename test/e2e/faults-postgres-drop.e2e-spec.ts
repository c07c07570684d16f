import { randomUUID } from 'node:crypto';
import request, { Response } from 'supertest';
import { until } from '../support/app-process';
import { englishAuctionBody } from '../support/auctions';
import { withTestDatabase } from '../support/database';
import { terminateDatabaseConnections } from '../support/faults';
import { Session } from '../support/identity';
import { listingBody } from '../support/listings';
import { Scenario, startScenario } from '../support/scenario';

/**
 * PostgreSQL drops every connection of the services again and again (`pg_terminate_backend`, as a
 * database restart or a network cut would) while bids, listing transitions, dossier writes and reads
 * stream in. Every request either succeeds or is answered 503 SERVICE.UNAVAILABLE — never a 500;
 * the apps recover by themselves, without a restart; and nothing is half-written: every acknowledged
 * bid is in the lot once (retries with the same Idempotency-Key are applied once), the lot's
 * counters match its bids, every listing's status is the one its last audit entry records, and the
 * audit chain verifies.
 */
describe('PostgreSQL drops its connections during a stream of requests', () => {
  let { system, identity, listings, auctions, operator } = {} as Scenario;

  beforeAll(async () => {
    ({ system, identity, listings, auctions, operator } = await startScenario(['identity', 'listings', 'auction']));
  });
  afterAll(() => system?.stop());

  it('answers 2xx or 503 (never 500), recovers without a restart, and leaves no half-written state', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const bidders = [await identity.verifiedMember(operator, 'enterprise'), await identity.verifiedMember(operator, 'enterprise')];
    const lot = await listings.published(seller, operator, { title: '断线期间竞价的成果' });
    const auction = await auctions.create(seller, englishAuctionBody(lot.id, { increment: '10000.00', softClose: null }));
    for (const bidder of bidders) await auctions.registered(operator, bidder, auction.id);
    const dossierOf = await listings.draft(seller, { title: '断线期间写入资料的成果' });

    const statuses = new Map<number, number>();
    const unexpected: string[] = [];
    const record = (what: string, response: Response, allowed: number[]) => {
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (!allowed.includes(response.status)) unexpected.push(`${what}: ${response.status} ${response.text.slice(0, 200)}`);
      if (response.status === 503) expect(response.body.error.code).toBe('SERVICE.UNAVAILABLE');
      return response;
    };
    /** Retries while the answer is 503; `afterUnknown` statuses are accepted once a 503 left the outcome unknown. */
    const retrying = async (what: string, send: () => Promise<Response>, ok: number[], afterUnknown: number[] = []) => {
      let unknown = false;
      for (let attempt = 0; attempt < 100; attempt++) {
        const response = record(what, await send(), [...ok, 503, ...(unknown ? afterUnknown : [])]);
        if (response.status !== 503) return response;
        unknown = true;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${what}: still 503 after 100 attempts`);
    };

    let stormOver = false;
    let cut = 0;
    let kills = 0;
    const storm = (async () => {
      for (let i = 0; i < 16; i++) {
        await new Promise((r) => setTimeout(r, 300));
        cut += await terminateDatabaseConnections();
        kills++;
      }
      stormOver = true;
    })();

    // Bids: each strictly above the last, alternating bidders, each retried with its own key until acknowledged.
    const acknowledged: { key: string; amount: string }[] = [];
    const bidding = (async () => {
      for (let i = 1; !stormOver; i++) {
        const key = randomUUID();
        const amount = `${1_000_000 + i * 20_000}.00`;
        const bidder = bidders[i % 2];
        await retrying('bid', () => auctions.bid(bidder, auction.id, amount, key).then((r) => r), [200]);
        acknowledged.push({ key, amount });
      }
    })();

    // Listings: draft, submit, approve, each step retried on 503 (a repeated transition may find it already done).
    const created: string[] = [];
    const moderating = (async () => {
      while (!stormOver) {
        const draft = record('create listing', await request(system.http).post('/api/v1/listings').set(seller.auth).send(listingBody({ title: '断线期间提交的成果' })), [201, 503]);
        if (draft.status !== 201) continue;
        created.push(draft.body.id);
        await retrying('submit', () => request(system.http).post(`/api/v1/listings/${draft.body.id}/submit`).set(seller.auth).then((r) => r), [200], [409, 422]);
        await retrying('approve', () => request(system.http).post(`/api/v1/admin/listings/${draft.body.id}/approve`).set(operator.auth).then((r) => r), [200], [409, 422]);
      }
    })();

    // Dossier writes (idempotent) and reads.
    let dossierVersion = 0;
    const writing = (async () => {
      while (!stormOver) {
        const content = `断线期间写入的第 ${++dossierVersion} 版资料`;
        await retrying('dossier', () => request(system.http).put(`/api/v1/listings/${dossierOf.id}/dossier`).set(seller.auth).send({ content }).then((r) => r), [200]);
      }
    })();
    const reading = (async (session: Session) => {
      while (!stormOver) {
        record('read listing', await request(system.http).get(`/api/v1/listings/${lot.id}`), [200, 503]);
        record('read auction', await request(system.http).get(`/api/v1/auctions/${auction.id}`), [200, 503]);
        record('read me', await request(system.http).get('/api/v1/organisations/me').set(session.auth), [200, 503]);
      }
    })(seller);

    await Promise.all([storm, bidding, moderating, writing, reading]);
    process.stdout.write(`\nPostgreSQL drops: ${kills} rounds, ${cut} connections cut; answers ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    expect(unexpected).toEqual([]);
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(cut).toBeGreaterThan(0);

    // Recovered without a restart: PostgreSQL and every started service report up, and a whole flow succeeds at the first attempt.
    const started = ['postgres', 'identity', 'listings', 'auction'];
    await until(
      () => request(system.http).get('/health/ready').then((r) => started.map((name) => r.body.details?.[name]?.status)),
      (states) => states.every((s) => s === 'up'),
      15_000,
    );
    const after = await listings.published(seller, operator, { title: '恢复后发布的成果' });
    await auctions.bid(bidders[0], auction.id, `${1_000_000 + (acknowledged.length + 5) * 20_000}.00`).expect(200);

    // Nothing half-written.
    const facts = await withTestDatabase(async (db) => {
      const bids = (await db.query(`SELECT idempotency_key, count(*)::int AS n FROM auction.bids WHERE auction_id = $1 GROUP BY 1`, [auction.id])).rows;
      const lotRow = (await db.query(`SELECT bid_count, current_price_fen::text AS price FROM auction.auctions WHERE id = $1`, [auction.id])).rows[0];
      const bidRows = (await db.query(`SELECT count(*)::int AS n, max(price_after_fen)::text AS top FROM auction.bids WHERE auction_id = $1`, [auction.id])).rows[0];
      // The status of each listing against the status recorded by its last audit entry that recorded one.
      const mismatched = (
        await db.query(
          `SELECT l.id, l.status, a.after->>'status' AS audited
             FROM listings.listings l
             LEFT JOIN LATERAL (SELECT after FROM audit.entries e
                                 WHERE e.entity_type = 'listing' AND e.entity_id = l.id::text AND e.after ? 'status'
                                 ORDER BY seq DESC LIMIT 1) a ON true
            WHERE a.after IS NULL OR a.after->>'status' <> l.status::text`,
        )
      ).rows;
      const created = (await db.query(`SELECT count(*)::int AS n FROM audit.entries WHERE action = 'listing.created'`)).rows[0].n;
      const rows = (await db.query(`SELECT count(*)::int AS n FROM listings.listings`)).rows[0].n;
      const publishedWithoutOutbox = (
        await db.query(`SELECT l.id FROM listings.listings l WHERE l.status = 'published' AND NOT EXISTS (SELECT 1 FROM listings.catalogue_outbox o WHERE o.listing_id = l.id)`)
      ).rows;
      const dossier = (await db.query(`SELECT dossier_content FROM listings.listings WHERE id = $1`, [dossierOf.id])).rows[0].dossier_content;
      return { bids, lotRow, bidRows, mismatched, created, rows, publishedWithoutOutbox, dossier };
    });
    const keys = new Map(facts.bids.map((b: { idempotency_key: string; n: number }) => [b.idempotency_key, b.n]));
    expect(acknowledged.filter((b) => keys.get(b.key) !== 1)).toEqual([]);
    expect(facts.bids.filter((b: { n: number }) => b.n !== 1)).toEqual([]);
    expect(facts.lotRow.bid_count).toBe(facts.bidRows.n);
    expect(facts.lotRow.price).toBe(facts.bidRows.top);
    expect(facts.mismatched).toEqual([]);
    expect(facts.created).toBe(facts.rows);
    expect(facts.publishedWithoutOutbox).toEqual([]);
    expect(facts.dossier).toBe(`断线期间写入的第 ${dossierVersion} 版资料`);
    expect(created.length).toBeGreaterThan(0);
    expect(after.status).toBe('published');
    const audit = await request(system.http).get('/api/v1/admin/audit/verify').set(operator.auth).expect(200);
    expect(audit.body).toMatchObject({ valid: true });
  }, 180_000);
});
