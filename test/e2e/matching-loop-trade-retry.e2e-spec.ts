import request from 'supertest';
import { launchApp, until } from '../support/app-process';
import { withTestDatabase } from '../support/database';
import { NegotiationsApi } from '../support/negotiations';
import { Scenario, startScenario } from '../support/scenario';

/**
 * An agreement never waits on the trade service: with the auction service (which keeps trades) down,
 * accepting an offer commits the agreement at once; the trade is opened later by the worker (the
 * retried job, or the sweep that re-reads agreed threads from PostgreSQL), exactly once.
 */
describe('matching loop: the trade service is down when the parties agree', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let auction: ReturnType<typeof launchApp> | null = null;

  beforeAll(async () => {
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'matching', 'worker']));
  });
  afterAll(async () => {
    if (auction) {
      auction.child.kill('SIGTERM');
      await auction.exited;
    }
    await system?.stop();
  });

  it('commits the agreement, then opens the trade once the service is back, and records it on the thread', async () => {
    const loop = new NegotiationsApi(system);
    const seller = await identity.verifiedMember(operator, 'institute');
    const buyer = await identity.verifiedMember(operator, 'enterprise');
    const listing = await listings.published(seller, operator);
    const negotiationId = await loop.thread(seller, buyer, listing.id);
    const offer = (await loop.offer(seller, negotiationId, '980000.00', 'transfer').expect(201)).body.currentOffer;

    const agreed = (await loop.answer(buyer, negotiationId, offer.id, 'accept').expect(200)).body;
    expect(agreed).toMatchObject({ status: 'agreed', agreement: { offerId: offer.id, amount: '980000.00' }, tradeId: null });
    const row = await withTestDatabase(async (db) => (await db.query(`SELECT trade_attempts, trade_last_error FROM matching.negotiations WHERE id = $1`, [negotiationId])).rows[0]);
    expect(row.trade_attempts).toBeGreaterThanOrEqual(1);
    expect(row.trade_last_error).toMatch(/^SERVICE\.UNAVAILABLE/);
    // Agreed is agreed: no further offers while the trade waits.
    expect((await loop.offer(buyer, negotiationId, '900000.00').expect(409)).body.error.code).toBe('NEGOTIATION.AGREED');

    auction = launchApp('auction');
    const done = await until(() => loop.get(buyer, negotiationId).expect(200).then((r) => r.body), (t: { tradeId: string | null }) => t.tradeId !== null, 60_000);
    const trade = (await request(system.http).get(`/api/v1/trades/${done.tradeId}`).set(seller.auth)).body;
    expect(trade).toMatchObject({ id: done.tradeId, source: 'negotiation', negotiationId, amount: '980000.00', transactionMode: 'transfer', status: 'pending_signature' });

    const counts = await withTestDatabase(async (db) => (await db.query(`SELECT count(*)::int AS n FROM auction.trades WHERE negotiation_id = $1`, [negotiationId])).rows[0].n);
    expect(counts).toBe(1);
    const opened = await request(system.http).get('/api/v1/admin/audit').query({ entityId: negotiationId, action: 'negotiation.trade-opened' }).set(operator.auth).expect(200);
    expect(opened.body).toHaveLength(1);
    expect(opened.body[0]).toMatchObject({ actorRole: 'system', after: { tradeId: done.tradeId } });
  });
});
