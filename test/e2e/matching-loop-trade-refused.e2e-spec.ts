import request from 'supertest';
import { launchApp, until } from '../support/app-process';
import { withTestDatabase } from '../support/database';
import { NegotiationsApi } from '../support/negotiations';
import { Scenario, startScenario } from '../support/scenario';

interface Thread {
  id: string;
  status: string;
  tradeId: string | null;
  tradeRefusal: { reason: string; at: string } | null;
}

/**
 * Two enterprises agree to buy the same listing outright while the trade service is down. When it
 * comes back, the first trade opened sells the listing; the other agreement can never become a
 * trade. It must say so on the thread and in both parties' inboxes, and nobody keeps retrying it.
 */
describe('matching loop: an agreement the trade side refuses for good', () => {
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

  it('records the refusal on the thread, tells both parties once, and stops retrying', async () => {
    const loop = new NegotiationsApi(system);
    const seller = await identity.verifiedMember(operator, 'institute');
    const buyers = [await identity.verifiedMember(operator, 'enterprise'), await identity.verifiedMember(operator, 'enterprise')];
    const listing = await listings.published(seller, operator);

    const threads: string[] = [];
    for (const buyer of buyers) {
      const negotiationId = await loop.thread(seller, buyer, listing.id);
      const offer = (await loop.offer(seller, negotiationId, '980000.00', 'transfer').expect(201)).body.currentOffer;
      expect((await loop.answer(buyer, negotiationId, offer.id, 'accept').expect(200)).body).toMatchObject({ status: 'agreed', tradeId: null, tradeRefusal: null });
      threads.push(negotiationId);
    }

    auction = launchApp('auction');
    const settled = await until(
      () => Promise.all(threads.map(async (id) => (await loop.get(seller, id).expect(200)).body as Thread)),
      (all: Thread[]) => all.every((t) => t.tradeId !== null || t.tradeRefusal !== null),
      60_000,
    );
    const opened = settled.filter((t) => t.tradeId !== null);
    const refused = settled.filter((t) => t.tradeRefusal !== null);
    expect(opened).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const [loser] = refused;
    expect(loser).toMatchObject({ status: 'agreed', tradeId: null, tradeRefusal: { reason: expect.stringMatching(/^TRADE\.LISTING_NOT_AVAILABLE/) } });
    const losingBuyer = buyers[threads.indexOf(loser.id)];
    expect((await loop.get(losingBuyer, loser.id).expect(200)).body.tradeRefusal).toEqual(loser.tradeRefusal);
    expect((await request(system.http).get(`/api/v1/listings/${listing.id}`).set(seller.auth).expect(200)).body.status).toBe('sold');

    // Both parties of the refused agreement hear of it, each once.
    for (const party of [seller, losingBuyer]) {
      const page = await loop.eventuallyKinds(party, ['negotiation.trade-refused']);
      const notices = (page.items as { kind: string; subject: { type: string; id: string } }[]).filter((n) => n.kind === 'negotiation.trade-refused');
      expect(notices).toHaveLength(1);
      expect(notices[0].subject).toMatchObject({ type: 'negotiation', id: loser.id });
    }

    // The worker's sweep (every 30 s) no longer picks it up: its attempts stop and one refusal is audited.
    const attemptsOf = () =>
      withTestDatabase(async (db) => (await db.query(`SELECT trade_attempts FROM matching.negotiations WHERE id = $1`, [loser.id])).rows[0].trade_attempts as number);
    const attempts = await attemptsOf();
    await new Promise((resolve) => setTimeout(resolve, 32_000));
    expect(await attemptsOf()).toBe(attempts);
    const audit = await request(system.http).get('/api/v1/admin/audit').query({ entityId: loser.id, action: 'negotiation.trade-refused' }).set(operator.auth).expect(200);
    expect(audit.body).toHaveLength(1);
    expect(audit.body[0]).toMatchObject({ actorRole: 'system', after: { tradeRefused: loser.tradeRefusal!.reason } });

  }, 150_000);
});
