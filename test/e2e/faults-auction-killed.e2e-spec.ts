import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { formatFen, parseYuanToFen } from '@lib/contracts';
import { launchApp, until } from '../support/app-process';
import { AuctionsApi, englishAuctionBody } from '../support/auctions';
import { withTestDatabase } from '../support/database';
import { IdentityApi, Session } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { TestSystem } from '../support/system';

/**
 * The auction service (a real process) killed with SIGKILL in the middle of a bid storm, then
 * restarted. Clients retry every unanswered or failed bid with its Idempotency-Key, as they are
 * told to: afterwards every bid that was ever acknowledged is in the database exactly once, no
 * retried bid was applied twice, and nobody saw a 500.
 */
const BIDDERS = 6;
const BIDS_EACH = 15;

describe('the auction service killed during a bid storm', () => {
  let system: TestSystem;
  let auctionService = launchApp('auction');

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings']);
  });
  afterAll(async () => {
    auctionService.child.kill('SIGKILL');
    await auctionService.exited;
    await system?.stop();
  });

  it('keeps every acknowledged bid exactly once across the crash and the clients’ retries', async () => {
    const identity = new IdentityApi(system);
    const listings = new ListingsApi(system);
    const auctions = new AuctionsApi(system);
    await until(() => request(system.http).get('/api/v1/auctions').then((r) => r.status), (status) => status === 200, 60_000);
    const operator = await identity.operator();
    const seller = await identity.verifiedMember(operator, 'institute');
    const bidders: Session[] = [];
    for (let i = 0; i < BIDDERS; i++) bidders.push(await identity.verifiedMember(operator, 'enterprise'));
    const listing = await listings.published(seller, operator);
    const auction = await auctions.create(seller, englishAuctionBody(listing.id, { softClose: null }));
    for (const bidder of bidders) await auctions.registered(operator, bidder, auction.id);

    const statuses: number[] = [];
    /** key → bid id, for every bid some answer acknowledged. */
    const acknowledged = new Map<string, string>();
    const sendUntilAnswered = async (bidder: Session, key: string, amount: string) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const response = await request(system.http).post(`/api/v1/auctions/${auction.id}/bids`).set(bidder.auth).set('Idempotency-Key', key).send({ amount });
        statuses.push(response.status);
        if (response.status === 200) {
          const earlier = acknowledged.get(key);
          if (earlier) expect(response.body.bidId).toBe(earlier);
          acknowledged.set(key, response.body.bidId);
          return;
        }
        if (response.status !== 503) return; // judged: refused for a reason, final
        await new Promise((r) => setTimeout(r, 100)); // the service is away: retry the same bid
      }
      throw new Error(`bid ${key} never answered`);
    };

    let killed = false;
    const storm = bidders.map(async (bidder) => {
      for (let i = 0; i < BIDS_EACH; i++) {
        const view = (await request(system.http).get(`/api/v1/auctions/${auction.id}`)).body;
        const floor = view.minimumNextBid ?? view.startPrice;
        const amount = floor ? formatFen(parseYuanToFen(floor) + BigInt(i % 3) * 1_000_000n) : '1000000.00';
        await sendUntilAnswered(bidder, randomUUID(), amount);
      }
    });
    // Kill it once the storm is under way, and bring it back shortly after.
    const crash = (async () => {
      await until(() => Promise.resolve(acknowledged.size), (n) => n >= 5, 60_000);
      auctionService.child.kill('SIGKILL');
      await auctionService.exited;
      killed = true;
      await new Promise((r) => setTimeout(r, 1500));
      auctionService = launchApp('auction');
    })();
    await Promise.all([...storm, crash]);

    expect(killed).toBe(true);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(statuses).toContain(503);
    const rows: { id: string; idempotency_key: string }[] = await withTestDatabase(
      async (db) => (await db.query(`SELECT id, idempotency_key FROM auction.bids WHERE auction_id = $1`, [auction.id])).rows,
    );
    // Every acknowledged bid is stored, once, under its key; nothing is stored that nobody was told about.
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(acknowledged.values()));
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(rows.length);
    for (const row of rows) expect(acknowledged.get(row.idempotency_key)).toBe(row.id);
    const lot = (await request(system.http).get(`/api/v1/auctions/${auction.id}`).expect(200)).body;
    expect(lot.bidCount).toBe(rows.length);
    console.log(`auction service killed mid-storm: ${statuses.length} requests, ${statuses.filter((s) => s === 503).length} answered 503 while it was away, ${rows.length} bids stored once each`);
  });
});
