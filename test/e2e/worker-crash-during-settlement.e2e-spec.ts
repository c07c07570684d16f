import { readAppConfig } from '@lib/config';
import { Client } from 'pg';
import request from 'supertest';
import { launchApp, until } from '../support/app-process';
import { AuctionsApi, englishAuctionBody } from '../support/auctions';
import { withTestDatabase } from '../support/database';
import { IdentityApi } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { TestSystem } from '../support/system';

/** The worker as a real process, so it can be killed outright in the middle of a job. */
const launchWorker = () => launchApp('worker');

describe('the worker killed in the middle of a settlement job', () => {
  let system: TestSystem;
  let worker = launchWorker();

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings', 'auction']);
  });
  afterAll(async () => {
    worker.child.kill('SIGKILL');
    await system?.stop();
  });

  it('settles once, and the restarted worker finishes the job (the listing is marked sold)', async () => {
    const identity = new IdentityApi(system);
    const auctions = new AuctionsApi(system);
    const listings = new ListingsApi(system);
    const operator = await identity.operator();
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await listings.published(seller, operator);
    await until(() => request(system.http).get('/health/ready').then((r) => r.body.details?.worker?.status), (s) => s === 'up', 30_000);
    const auction = await auctions.create(seller, englishAuctionBody(listing.id, { endsAt: new Date(Date.now() + 3000).toISOString(), softClose: null }));
    const bidder = await identity.verifiedMember(operator, 'enterprise');
    await auctions.registered(operator, bidder, auction.id);
    await auctions.bid(bidder, auction.id, '1000000.00').expect(200);

    // Stop the settlement half-way (the trade insert waits), so the worker is killed while its job waits on it.
    const blocker = new Client({ connectionString: readAppConfig('cli').database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE auction.trades IN ACCESS EXCLUSIVE MODE');
    try {
      await until(
        () =>
          withTestDatabase((db) =>
            db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO auction.trades%'`),
          ).then((r) => r.rows[0].n),
        (n) => n > 0,
        20_000,
      );
      worker.child.kill('SIGKILL');
      await worker.exited;
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // The auction service, alive, finishes the settlement it started; nobody marks the listing sold yet.
    await until(() => request(system.http).get(`/api/v1/auctions/${auction.id}`).then((r) => r.body.status), (s) => s === 'settled', 10_000);
    expect((await request(system.http).get(`/api/v1/listings/${listing.id}`).set(seller.auth)).body.status).toBe('published');

    // A new worker picks the dead worker's job up again (its lock expired) and completes it.
    worker = launchWorker();
    await until(() => request(system.http).get(`/api/v1/listings/${listing.id}`).set(seller.auth).then((r) => r.body.status), (s) => s === 'sold', 60_000);
    const counts = await withTestDatabase(async (db) => ({
      trades: (await db.query('SELECT count(*)::int AS n FROM auction.trades WHERE auction_id = $1', [auction.id])).rows[0].n,
      postings: (await db.query(`SELECT count(*)::int AS n FROM auction.ledger_transactions WHERE cause_type = 'auction_settlement' AND cause_id = $1`, [auction.id])).rows[0].n,
      audits: (await db.query(`SELECT count(*)::int AS n FROM audit.entries WHERE action = 'auction.settled' AND entity_id = $1`, [auction.id])).rows[0].n,
    }));
    expect(counts).toEqual({ trades: 1, postings: 1, audits: 1 });
  });
});
