import { withTestDatabase } from '../support/database';
import { IdentityApi, Session } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { AuctionsApi, englishAuctionBody } from '../support/auctions';
import { TestSystem } from '../support/system';
import { randomUUID } from 'node:crypto';
import { INestMicroservice } from '@nestjs/common';
import { LifecycleScheduler } from '../../apps/auction/src/auctions/lifecycle-scheduler';

const AUCTIONS = 1000;

describe('1,000 auctions closing in the same second', () => {
  let system: TestSystem;
  let operator: Session;

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings', 'auction', 'worker']);
    operator = await new IdentityApi(system).operator();
  });
  afterAll(() => system?.stop());

  it('all settle, each exactly once', async () => {
    const identity = new IdentityApi(system);
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await new ListingsApi(system).published(seller, operator);
    // One auction made through the API, as the template; 999 more cloned in SQL on other listings, all ending together.
    const template = await new AuctionsApi(system).create(seller, englishAuctionBody(listing.id, { endsAt: new Date(Date.now() + 60_000).toISOString(), softClose: null }));
    const closeAt = new Date(Date.now() + 4000);
    const ids = Array.from({ length: AUCTIONS - 1 }, () => randomUUID());
    await withTestDatabase(async (db) => {
      await db.query('UPDATE auction.auctions SET ends_at = $2, scheduled_ends_at = $2 WHERE id = $1', [template.id, closeAt]);
      await db.query(
        `INSERT INTO auction.auctions (id, listing_id, organisation_id, created_by, type, status, start_price_fen, increment_fen, deposit_fen,
           required_qualifications, starts_at, ends_at, scheduled_ends_at, bid_count)
         SELECT clone.id, gen_random_uuid(), a.organisation_id, a.created_by, a.type, 'open', a.start_price_fen, a.increment_fen, a.deposit_fen,
           a.required_qualifications, a.starts_at, $2, $2, 0
         FROM auction.auctions a, unnest($1::uuid[]) AS clone(id) WHERE a.id = $3`,
        [ids, closeAt, template.id],
      );
    });
    // Schedule their settlements as the service does at creation, all due in the same second.
    const scheduler = (system.services.get('auction') as INestMicroservice).get(LifecycleScheduler);
    for (const id of [template.id, ...ids]) await scheduler.settleAt(id, closeAt);
    const deadline = Date.now() + 90_000;
    let settled = 0;
    while (Date.now() < deadline) {
      settled = await withTestDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM auction.auctions WHERE status = 'settled'`)).rows[0].count));
      if (settled === AUCTIONS) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(settled).toBe(AUCTIONS);
    const audits = await withTestDatabase(async (db) =>
      (await db.query(`SELECT entity_id, count(*)::int AS n FROM audit.entries WHERE action = 'auction.settled' GROUP BY entity_id HAVING count(*) <> 1`)).rows,
    );
    expect(audits).toEqual([]);
    const outcomes = await withTestDatabase(async (db) => (await db.query(`SELECT outcome->>'reason' AS reason, count(*)::int AS n FROM auction.auctions GROUP BY 1`)).rows);
    expect(outcomes).toEqual([{ reason: 'no_bids', n: AUCTIONS }]);
  });
});
