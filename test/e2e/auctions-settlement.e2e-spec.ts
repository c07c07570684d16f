import { INestMicroservice } from '@nestjs/common';
import request from 'supertest';
import { AuctionEntity } from '../../apps/auction/src/auctions/auction.entity';
import { SettlementService } from '../../apps/auction/src/settlement/settlement.service';
import { ListingEntity } from '../../apps/listings/src/listings/listing.entity';
import { findOneForUpdate } from '@lib/database';
import { DataSource } from 'typeorm';
import { AuctionsApi, englishAuctionBody } from '../support/auctions';
import { withTestDatabase } from '../support/database';
import { IdentityApi, Session } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { Scenario, startScenario } from '../support/scenario';
import { TestSystem } from '../support/system';

describe('auction settlement: on time, exactly once, deposits applied or released, a trade, the listing sold', () => {
  let { system, identity, listings, auctions, operator } = {} as Scenario;

  beforeAll(async () => {
    ({ system, identity, listings, auctions, operator } = await startScenario(['identity', 'listings', 'auction', 'worker']));
  });
  afterAll(() => system?.stop());

  const auctionOf = (id: string) => request(system.http).get(`/api/v1/auctions/${id}`).then((r) => r.body);
  const walletOf = (session: Session) => request(system.http).get('/api/v1/wallet').set(session.auth).then((r) => r.body);

  it('closes an English auction at its end: the winner’s deposit goes to the trade, the others’ come back, the listing is sold', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await listings.published(seller, operator);
    const auction = await auctions.create(seller, englishAuctionBody(listing.id, { endsAt: new Date(Date.now() + 5000).toISOString(), softClose: null }));
    const [a, b, c] = [await identity.verifiedMember(operator, 'enterprise'), await identity.verifiedMember(operator, 'enterprise'), await identity.verifiedMember(operator, 'enterprise')];
    for (const bidder of [a, b, c]) await auctions.registered(operator, bidder, auction.id);
    await auctions.bid(a, auction.id, '1050000.00').expect(200);
    await auctions.bid(b, auction.id, '1200000.00').expect(200);

    const settled = await listings.eventually(() => auctionOf(auction.id), (v) => v.status === 'settled', 20_000);
    expect(settled.outcome).toMatchObject({ outcome: 'sold', price: '1060000.00', winnerAlias: '竞买人 02', tradeId: expect.any(String) });
    expect(await walletOf(b)).toMatchObject({ available: '950000.00', held: '0.00' });
    expect(await walletOf(a)).toMatchObject({ available: '1000000.00', held: '0.00' });
    expect(await walletOf(c)).toMatchObject({ available: '1000000.00', held: '0.00' });
    const trades = await withTestDatabase((db) => db.query('SELECT buyer_organisation_id, seller_organisation_id, price_fen::text AS price, deposit_applied_fen::text AS applied, status FROM auction.trades WHERE auction_id = $1', [auction.id]));
    expect(trades.rows).toEqual([{ buyer_organisation_id: b.organisationId, seller_organisation_id: seller.organisationId, price: '106000000', applied: '5000000', status: 'pending_signature' }]);
    const sold = await listings.eventually(() => request(system.http).get(`/api/v1/listings/${listing.id}`).set(seller.auth).then((r) => r.body), (l) => l.status === 'sold');
    expect(sold.status).toBe('sold');
    await listings.eventually(() => listings.search({ pageSize: 100 }).then((r) => r.hits.map((h: { listing: { id: string } }) => h.listing.id)), (ids) => !ids.includes(listing.id));
  });

  it('ends without a sale when the reserve is not met, releasing every deposit', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await listings.published(seller, operator);
    const auction = await auctions.create(seller, englishAuctionBody(listing.id, { reservePrice: '5000000.00', endsAt: new Date(Date.now() + 4000).toISOString(), softClose: null }));
    const a = await identity.verifiedMember(operator, 'enterprise');
    await auctions.registered(operator, a, auction.id);
    await auctions.bid(a, auction.id, '1500000.00').expect(200);
    const settled = await listings.eventually(() => auctionOf(auction.id), (v) => v.status === 'settled', 20_000);
    expect(settled.outcome).toEqual({ outcome: 'no_sale', reason: 'reserve_not_met' });
    expect(await walletOf(a)).toMatchObject({ available: '1000000.00', held: '0.00' });
    const owner = await request(system.http).get(`/api/v1/listings/${listing.id}`).set(seller.auth);
    expect(owner.body.status).toBe('published');
  });

  it('settles once when two settlements start at the same moment', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await listings.published(seller, operator);
    const a = await identity.verifiedMember(operator, 'enterprise');
    const endsAt = Date.now() + 3000;
    const auction = await auctions.create(seller, englishAuctionBody(listing.id, { endsAt: new Date(endsAt).toISOString(), softClose: null }));
    await auctions.registered(operator, a, auction.id);
    await auctions.bid(a, auction.id, '1000000.00').expect(200);
    await new Promise((r) => setTimeout(r, Math.max(0, endsAt - Date.now()) + 100));
    const settlement = (system.services.get('auction') as INestMicroservice).get(SettlementService);
    const answers = await Promise.all(Array.from({ length: 6 }, () => settlement.settle(auction.id)));
    // The worker's own job races these six too: whoever wins, all see it settled and at most one settled it.
    expect(answers.every((a) => a.state === 'settled')).toBe(true);
    expect(answers.filter((a) => a.state === 'settled' && !a.alreadySettled).length).toBeLessThanOrEqual(1);
    const counts = await withTestDatabase(async (db) => ({
      trades: Number((await db.query('SELECT count(*) FROM auction.trades WHERE auction_id = $1', [auction.id])).rows[0].count),
      postings: Number((await db.query(`SELECT count(*) FROM auction.ledger_transactions WHERE cause_type = 'auction_settlement' AND cause_id = $1`, [auction.id])).rows[0].count),
      audits: Number((await db.query(`SELECT count(*) FROM audit.entries WHERE action = 'auction.settled' AND entity_id = $1`, [auction.id])).rows[0].count),
    }));
    expect(counts).toEqual({ trades: 1, postings: 1, audits: 1 });
  });

  it('refuses to settle before the end, and follows a soft-close extension', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await listings.published(seller, operator);
    const auction = await auctions.create(seller, englishAuctionBody(listing.id, { endsAt: new Date(Date.now() + 3000).toISOString(), softClose: { windowSeconds: 60, extensionSeconds: 3 } }));
    const a = await identity.verifiedMember(operator, 'enterprise');
    await auctions.registered(operator, a, auction.id);
    const bid = await auctions.bid(a, auction.id, '1000000.00').expect(200);
    const extendedEnd = new Date(bid.body.auction.endsAt).getTime();
    expect(extendedEnd).toBe(new Date(auction.endsAt).getTime() + 3000);
    const settlement = (system.services.get('auction') as INestMicroservice).get(SettlementService);
    expect(await settlement.settle(auction.id)).toEqual({ state: 'not_closed', dueAt: new Date(extendedEnd).toISOString() });
    // The job scheduled for the original end finds it still open and re-schedules itself.
    await new Promise((r) => setTimeout(r, 3500));
    expect((await auctionOf(auction.id)).status).not.toBe('settled');
    const settled = await listings.eventually(() => auctionOf(auction.id), (v) => v.status === 'settled', 20_000);
    expect(new Date(settled.endsAt).getTime()).toBe(extendedEnd);
  });

  it('locks an auction and a listing for settlement exactly as TypeORM would load them (findOneForUpdate)', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await listings.published(seller, operator);
    const auction = await auctions.create(seller, englishAuctionBody(listing.id, { endsAt: new Date(Date.now() + 60_000).toISOString(), softClose: { windowSeconds: 60, extensionSeconds: 3 } }));
    for (const [app, entity, id] of [['auction', AuctionEntity, auction.id], ['listings', ListingEntity, listing.id]] as const) {
      const dataSource = (system.services.get(app) as INestMicroservice).get(DataSource);
      await dataSource.transaction(async (manager) => {
        const locked = await findOneForUpdate<object>(manager, entity, id);
        expect(locked).toBeInstanceOf(entity);
        expect(locked).toEqual(await manager.findOne<object>(entity, { where: { id } }));
      });
      await dataSource.transaction(async (manager) => expect(await findOneForUpdate(manager, entity, '00000000-0000-4000-8000-000000000000')).toBeNull());
    }
  });
});

describe('auctions open on time', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings', 'auction', 'worker']);
  });
  afterAll(() => system?.stop());

  it('moves a scheduled auction to open at its start, without waiting for a bid', async () => {
    const identity = new IdentityApi(system);
    const operator = await identity.operator();
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await new ListingsApi(system).published(seller, operator);
    const startsAt = new Date(Date.now() + 2000);
    const auction = await new AuctionsApi(system).create(seller, englishAuctionBody(listing.id, { startsAt: startsAt.toISOString() }));
    expect(auction.status).toBe('scheduled');
    const view = await new ListingsApi(system).eventually(
      () => request(system.http).get(`/api/v1/auctions/${auction.id}`).then((r) => r.body),
      (v) => v.status === 'open',
      15_000,
    );
    expect(view.status).toBe('open');
    expect(Date.now()).toBeGreaterThanOrEqual(startsAt.getTime());
  });
});
