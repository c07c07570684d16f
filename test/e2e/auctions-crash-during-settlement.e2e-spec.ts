import request from 'supertest';
import { launchApp, until } from '../support/app-process';
import { AuctionsApi, englishAuctionBody } from '../support/auctions';
import { withTestDatabase } from '../support/database';
import { IdentityApi } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { TestSystem } from '../support/system';
import { Client } from 'pg';
import { readAppConfig } from '@lib/config';

/** The auction service as a real process, so it can be killed outright. */
const launchAuctionService = () => launchApp('auction');

describe('the auction service killed in the middle of a settlement', () => {
  let system: TestSystem;
  let auctionService = launchAuctionService();

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings', 'worker']);
  });
  afterAll(async () => {
    auctionService.child.kill('SIGKILL');
    await system?.stop();
  });

  it('loses the half-done settlement with the transaction, and settles exactly once after a restart', async () => {
    const identity = new IdentityApi(system);
    const auctions = new AuctionsApi(system);
    const operator = await identity.operator();
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await new ListingsApi(system).published(seller, operator);
    await until(() => request(system.http).get('/health/ready').then((r) => r.body.details?.auction?.status), (s) => s === 'up', 30_000);
    const auction = await auctions.create(seller, englishAuctionBody(listing.id, { endsAt: new Date(Date.now() + 3000).toISOString(), softClose: null }));
    const bidder = await identity.verifiedMember(operator, 'enterprise');
    await auctions.registered(operator, bidder, auction.id);
    await auctions.bid(bidder, auction.id, '1000000.00').expect(200);

    // Hold the trades table so the settlement, once started, stops half-way: status, deposits and
    // audit written in its transaction, the trade insert waiting.
    const blocker = new Client({ connectionString: readAppConfig('cli').database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE auction.trades IN ACCESS EXCLUSIVE MODE');
    try {
      await until(
        // From another connection: inside a transaction pg_stat_activity is a frozen snapshot.
        () =>
          withTestDatabase((db) =>
            db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO auction.trades%'`),
          ).then((r) => r.rows[0].n),
        (n) => n > 0,
        20_000,
      );
      auctionService.child.kill('SIGKILL');
      await auctionService.exited;
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // PostgreSQL rolled the killed transaction back: nothing of the settlement remains.
    const halfway = await withTestDatabase(async (db) => ({
      status: (await db.query('SELECT status FROM auction.auctions WHERE id = $1', [auction.id])).rows[0].status,
      postings: (await db.query(`SELECT count(*)::int AS n FROM auction.ledger_transactions WHERE cause_type = 'auction_settlement'`)).rows[0].n,
    }));
    expect(halfway).toEqual({ status: 'open', postings: 0 });

    // Restarted, the service is asked again by the worker's retried job.
    auctionService = launchAuctionService();
    const settled = await until(
      () => request(system.http).get(`/api/v1/auctions/${auction.id}`).then((r) => r.body),
      (view) => view.status === 'settled',
      60_000,
    );
    expect(settled.outcome).toMatchObject({ outcome: 'sold', price: '1000000.00' });
    const counts = await withTestDatabase(async (db) => ({
      trades: (await db.query('SELECT count(*)::int AS n FROM auction.trades WHERE auction_id = $1', [auction.id])).rows[0].n,
      postings: (await db.query(`SELECT count(*)::int AS n FROM auction.ledger_transactions WHERE cause_type = 'auction_settlement' AND cause_id = $1`, [auction.id])).rows[0].n,
      audits: (await db.query(`SELECT count(*)::int AS n FROM audit.entries WHERE action = 'auction.settled' AND entity_id = $1`, [auction.id])).rows[0].n,
    }));
    expect(counts).toEqual({ trades: 1, postings: 1, audits: 1 });
  });
});
