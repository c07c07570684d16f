import request from 'supertest';
import { englishAuctionBody } from '../support/auctions';
import { Scenario, startScenario } from '../support/scenario';

describe('operators pause, resume and cancel auctions', () => {
  let { system, identity, listings, auctions, operator } = {} as Scenario;

  beforeAll(async () => {
    ({ system, identity, listings, auctions, operator } = await startScenario(['identity', 'listings', 'auction']));
  });
  afterAll(() => system?.stop());

  async function runningAuction() {
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await listings.published(seller, operator);
    const auction = await auctions.create(seller, englishAuctionBody(listing.id));
    const bidder = await identity.verifiedMember(operator, 'enterprise');
    await auctions.registered(operator, bidder, auction.id);
    return { seller, auction, bidder };
  }
  const admin = (id: string, action: string, body: object = {}) =>
    request(system.http).post(`/api/v1/admin/auctions/${id}/${action}`).set(operator.auth).send(body);

  it('pausing stops bidding; resuming gives back the paused time', async () => {
    const { auction, bidder } = await runningAuction();
    await admin(auction.id, 'pause').expect(400);
    const paused = await admin(auction.id, 'pause', { reason: '核查竞买人资质' }).expect(200);
    expect(paused.body).toMatchObject({ status: 'paused', statusReason: '核查竞买人资质' });
    const refused = await auctions.bid(bidder, auction.id, '1000000.00').expect(409);
    expect(refused.body.error.code).toBe('BID.CLOSED');
    await new Promise((r) => setTimeout(r, 1200));
    const resumed = await admin(auction.id, 'resume').expect(200);
    const moved = new Date(resumed.body.endsAt).getTime() - new Date(auction.endsAt).getTime();
    expect(moved).toBeGreaterThanOrEqual(1200);
    expect(moved).toBeLessThan(5000);
    await auctions.bid(bidder, auction.id, '1000000.00').expect(200);
    await admin(auction.id, 'resume').expect(409);
  });

  it('cancelling releases every deposit, and is final', async () => {
    const { auction, bidder } = await runningAuction();
    await auctions.bid(bidder, auction.id, '1000000.00').expect(200);
    expect((await request(system.http).get('/api/v1/wallet').set(bidder.auth)).body).toMatchObject({ available: '950000.00', held: '50000.00' });
    const cancelled = await admin(auction.id, 'cancel', { reason: '挂牌材料存疑' }).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await request(system.http).get('/api/v1/wallet').set(bidder.auth)).body).toMatchObject({ available: '1000000.00', held: '0.00' });
    const registration = await request(system.http).get(`/api/v1/auctions/${auction.id}/registration`).set(bidder.auth).expect(200);
    expect(registration.body.depositStatus).toBe('released');
    await admin(auction.id, 'resume').expect(409);
    await admin(auction.id, 'cancel', { reason: 'again' }).expect(409);
    await auctions.bid(bidder, auction.id, '1100000.00').expect(409);
  });

  it('records every decision in the audit log, and lets only operators decide', async () => {
    const { seller, auction } = await runningAuction();
    await request(system.http).post(`/api/v1/admin/auctions/${auction.id}/pause`).set(seller.auth).send({ reason: 'x' }).expect(403);
    await admin(auction.id, 'pause', { reason: '临时维护' }).expect(200);
    await admin(auction.id, 'resume').expect(200);
    await admin(auction.id, 'cancel', { reason: '卖方撤回' }).expect(200);
    const entries = await request(system.http).get('/api/v1/admin/audit').query({ entityId: auction.id }).set(operator.auth).expect(200);
    expect(entries.body.map((e: { action: string; reason: string | null }) => [e.action, e.reason])).toEqual([
      ['auction.cancelled', '卖方撤回'],
      ['auction.resumed', null],
      ['auction.paused', '临时维护'],
      ['auction.bidder_registered', null],
      ['auction.created', null],
    ]);
  });
});
