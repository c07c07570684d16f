import request from 'supertest';
import { NegotiationPatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { until } from '../support/app-process';
import { withTestDatabase } from '../support/database';
import { Session } from '../support/identity';
import { NegotiationsApi } from '../support/negotiations';
import { Scenario, startScenario } from '../support/scenario';

/**
 * The loop of BRIEF.md ("Matching"): interest → the owner's answer → negotiation (messages, offers,
 * counter-offers) → agreement → a trade, every step audited and notified to the other party; and its
 * refusals.
 */
describe('matching loop: interest → negotiation → trade', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let loop: NegotiationsApi;
  let seller: Session;
  let buyer: Session;
  let stranger: Session;
  let listing: { id: string; title: string };

  beforeAll(async () => {
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'auction', 'matching', 'worker']));
    loop = new NegotiationsApi(system);
    seller = await identity.verifiedMember(operator, 'institute');
    buyer = await identity.verifiedMember(operator, 'enterprise');
    stranger = await identity.verifiedMember(operator, 'enterprise');
    listing = await listings.published(seller, operator, { transactionModes: ['transfer', 'non_exclusive_licence'], askingPrice: '1250000.00' });
  });
  afterAll(() => system?.stop());

  const audit = (entityId: string) =>
    request(system.http).get('/api/v1/admin/audit').query({ entityId }).set(operator.auth).expect(200).then((r) => r.body as { action: string; actorId: string | null }[]);

  it('runs the whole loop: interest, acceptance, messages, offers and counter-offers, agreement, trade; audited and notified', async () => {
    // Interest, with plain references to the demand and match that suggested it.
    const interest = await loop.interest(buyer, listing.id, { demandRef: 'demand-7f3a', matchRef: 'match:7f3a:12' });
    expect(interest).toMatchObject({
      listingId: listing.id,
      listingTitle: listing.title,
      viewerRole: 'buyer',
      status: 'pending',
      buyerOrganisationId: buyer.organisationId,
      sellerOrganisationId: null, // the owner is not part of a listing's public face
      demandRef: 'demand-7f3a',
      matchRef: 'match:7f3a:12',
      response: null,
      negotiationId: null,
    });
    const received = await request(system.http).get('/api/v1/interests').query({ role: 'seller' }).set(seller.auth).expect(200);
    expect(received.body.items.map((i: { id: string }) => i.id)).toEqual([interest.id]);
    expect(received.body.items[0]).toMatchObject({ viewerRole: 'seller', sellerOrganisationId: seller.organisationId });
    const sent = await request(system.http).get('/api/v1/interests').query({ role: 'seller' }).set(buyer.auth).expect(200);
    expect(sent.body.total).toBe(0);

    // The owner accepts: a thread opens, its first message the acceptance.
    const accepted = (await loop.accept(seller, interest.id, '欢迎洽谈，请提出报价。').expect(200)).body;
    expect(accepted).toMatchObject({ status: 'accepted', response: { outcome: 'accepted', message: '欢迎洽谈，请提出报价。' }, negotiationId: expect.any(String) });
    const negotiationId: string = accepted.negotiationId;
    const seenByBuyer = (await request(system.http).get(`/api/v1/interests/${interest.id}`).set(buyer.auth).expect(200)).body;
    expect(seenByBuyer).toMatchObject({ sellerOrganisationId: seller.organisationId, negotiationId });

    await loop.message(buyer, negotiationId, '请提供测力天平的标定报告。').expect(201);
    const first = (await loop.offer(seller, negotiationId, '1300000.00', 'transfer', '含技术培训').expect(201)).body.currentOffer;
    expect(first).toMatchObject({ madeBy: 'seller', amount: '1300000.00', transactionMode: 'transfer', status: 'open', note: '含技术培训' });
    const counter = (await loop.offer(buyer, negotiationId, '1150000.5', 'transfer').expect(201)).body;
    expect(counter.currentOffer).toMatchObject({ madeBy: 'buyer', amount: '1150000.50', status: 'open' });
    // The seller revises its position in another mode: the buyer's offer is countered.
    const final = (await loop.offer(seller, negotiationId, '1200000.00', 'non_exclusive_licence').expect(201)).body.currentOffer;

    // The buyer accepts the seller's latest offer: agreed, and a trade is opened.
    const agreed = (await loop.answer(buyer, negotiationId, final.id, 'accept', '同意').expect(200)).body;
    expect(agreed).toMatchObject({
      status: 'agreed',
      currentOffer: null,
      agreement: { offerId: final.id, amount: '1200000.00', transactionMode: 'non_exclusive_licence', agreedAt: expect.any(String) },
    });
    const withTrade = await loop.eventuallyTrade(seller, negotiationId);
    expect(withTrade.tradeId).toEqual(expect.any(String));
    // The trade is the agreed one, pending signature, and its parties see it.
    const trade = (await request(system.http).get(`/api/v1/trades/${withTrade.tradeId}`).set(buyer.auth).expect(200)).body;
    expect(trade).toMatchObject({
      id: withTrade.tradeId,
      source: 'negotiation',
      negotiationId,
      listingId: listing.id,
      sellerOrganisationId: seller.organisationId,
      buyerOrganisationId: buyer.organisationId,
      myRole: 'buyer',
      amount: '1200000.00',
      transactionMode: 'non_exclusive_licence',
      status: 'pending_signature',
    });
    await request(system.http).get(`/api/v1/trades/${withTrade.tradeId}`).set(stranger.auth).expect(404);

    // The thread as either party reads it: every step in order.
    const thread = (await loop.get(buyer, negotiationId).expect(200)).body;
    expect(thread).toMatchObject({ viewerRole: 'buyer', sellerOrganisationId: seller.organisationId, buyerOrganisationId: buyer.organisationId, tradeId: withTrade.tradeId });
    expect(thread.timeline.map((e: { type: string; sequence: number; author?: string; madeBy?: string; status?: string; amount?: string }) => [e.sequence, e.type, e.author ?? e.madeBy, e.status ?? null, e.amount ?? null])).toEqual([
      [1, 'message', 'seller', null, null],
      [2, 'message', 'buyer', null, null],
      [3, 'offer', 'seller', 'countered', '1300000.00'],
      [4, 'offer', 'buyer', 'countered', '1150000.50'],
      [5, 'offer', 'seller', 'accepted', '1200000.00'],
    ]);
    const sellerView = (await loop.get(seller, negotiationId).expect(200)).body;
    expect(sellerView).toMatchObject({ viewerRole: 'seller', tradeId: withTrade.tradeId });

    // After agreement: no offer from either side, nor an answer to any; messages still go through.
    for (const party of [seller, buyer]) {
      const refused = await loop.offer(party, negotiationId, '1000000.00', 'transfer').expect(409);
      expect(refused.body.error.code).toBe('NEGOTIATION.AGREED');
    }
    expect((await loop.answer(seller, negotiationId, final.id, 'accept').expect(409)).body.error.code).toBe('NEGOTIATION.AGREED');
    expect((await request(system.http).post(`/api/v1/negotiations/${negotiationId}/withdraw`).set(buyer.auth).send({ reason: '反悔' }).expect(409)).body.error.code).toBe('NEGOTIATION.AGREED');
    await loop.message(seller, negotiationId, '合同文本将于本周发出。').expect(201);

    // Every step is in the audit log, attributed.
    expect((await audit(interest.id)).map((e) => e.action).sort()).toEqual(['interest.accepted', 'interest.expressed']);
    const threadAudit = await audit(negotiationId);
    expect(threadAudit.map((e) => e.action).sort()).toEqual(
      [
        'negotiation.opened',
        'negotiation.message-posted',
        'negotiation.offer-made',
        'negotiation.offer-made',
        'negotiation.offer-made',
        'negotiation.agreed',
        'negotiation.trade-opened',
        'negotiation.message-posted',
      ].sort(),
    );
    expect(threadAudit.find((e) => e.action === 'negotiation.agreed')?.actorId).toBe(buyer.userId);

    // The other party was told of every step, in its inbox (and the trade side told both of the trade).
    await loop.eventuallyKinds(seller, ['interest.expressed', 'negotiation.message', 'negotiation.counter-offer', 'negotiation.agreed', 'trade.created']);
    const buyerInbox = await loop.eventuallyKinds(buyer, ['interest.accepted', 'negotiation.offer', 'negotiation.counter-offer', 'negotiation.message', 'trade.created']);
    expect((buyerInbox.items as { kind: string; subject: unknown }[]).find((n) => n.kind === 'trade.created')?.subject).toEqual({ type: 'trade', id: withTrade.tradeId });
    const acceptance = buyerInbox.items.find((n: { kind: string }) => n.kind === 'interest.accepted');
    expect(acceptance).toMatchObject({ subject: { type: 'negotiation', id: negotiationId }, title: expect.stringContaining(listing.title), readAt: null });
    // Nobody is told of their own steps.
    const sellerKinds = (await loop.inbox(seller, { pageSize: 100 }).expect(200)).body.items.map((n: { kind: string }) => n.kind);
    expect(sellerKinds).not.toContain('interest.accepted');
    expect((await loop.inbox(stranger).expect(200)).body).toMatchObject({ total: 0, unreadCount: 0 });

    // One trade for the negotiation, however often it is asked for (the worker's retries and sweep ask again).
    const reopened = await system.gateway.get(ServiceClient).send(NegotiationPatterns.openTrade, { actor: null, input: { negotiationId } });
    expect(reopened).toEqual({ negotiationId, tradeId: withTrade.tradeId });
    const trades = await request(system.http).get('/api/v1/trades').set(buyer.auth).expect(200);
    expect(trades.body.items.filter((t: { negotiationId: string | null }) => t.negotiationId === negotiationId)).toHaveLength(1);
  });

  it('lets the owner decline, and a declined interest can never open a negotiation', async () => {
    const other = await identity.verifiedMember(operator, 'enterprise');
    const interest = await loop.interest(other, listing.id);
    const declined = (await loop.decline(seller, interest.id, '已有合作方。').expect(200)).body;
    expect(declined).toMatchObject({ status: 'declined', response: { outcome: 'declined', message: '已有合作方。' }, negotiationId: null, viewerRole: 'seller' });
    const seenByOther = (await request(system.http).get(`/api/v1/interests/${interest.id}`).set(other.auth).expect(200)).body;
    expect(seenByOther).toMatchObject({ status: 'declined', sellerOrganisationId: null, response: { outcome: 'declined', message: '已有合作方。' } });

    const refused = await loop.accept(seller, interest.id, '改变主意了').expect(409);
    expect(refused.body.error).toMatchObject({ code: 'INTEREST.NOT_PENDING', message: expect.stringContaining('declined interest cannot open a negotiation') });
    expect((await loop.decline(seller, interest.id).expect(409)).body.error.code).toBe('INTEREST.NOT_PENDING');
    expect((await request(system.http).post(`/api/v1/interests/${interest.id}/withdraw`).set(other.auth).send({}).expect(409)).body.error.code).toBe('INTEREST.NOT_PENDING');
    expect((await request(system.http).get(`/api/v1/interests/${interest.id}`).set(other.auth).expect(200)).body.negotiationId).toBeNull();
    const threads = await request(system.http).get('/api/v1/negotiations').query({ listingId: listing.id }).set(other.auth).expect(200);
    expect(threads.body.total).toBe(0);
    await loop.eventuallyKinds(other, ['interest.declined']);

    // The organisation may approach the listing again with a new interest.
    await loop.interest(other, listing.id);
  });

  it('refuses interest in one’s own listing, a second open interest, an unverified organisation, an institute on a mil→civ listing, and unpublished listings', async () => {
    expect((await loop.express(seller, listing.id).expect(403)).body.error.code).toBe('INTEREST.OWN_LISTING');

    const eager = await identity.verifiedMember(operator, 'enterprise');
    const first = await loop.interest(eager, listing.id);
    const twice = (await loop.express(eager, listing.id).expect(409)).body;
    expect(twice.error).toMatchObject({ code: 'INTEREST.ALREADY_OPEN', details: { interestId: first.id } });
    // Withdrawn, it no longer counts as open.
    await request(system.http).post(`/api/v1/interests/${first.id}/withdraw`).set(eager.auth).send({ message: '内部调整' }).expect(200);
    await loop.interest(eager, listing.id);

    const unverified = await identity.member('enterprise');
    expect((await loop.express(unverified, listing.id).expect(403)).body.error.code).toBe('ORGANISATION.NOT_VERIFIED');

    const institute = await identity.verifiedMember(operator, 'institute');
    expect((await loop.express(institute, listing.id).expect(403)).body.error.code).toBe('INTEREST.DIRECTION_NOT_ALLOWED');
    const civToMil = await listings.published(buyer, operator, { direction: 'civ_to_mil', title: '民用高精度惯导模组' });
    await loop.interest(institute, civToMil.id);

    const draft = await listings.draft(seller);
    expect((await loop.express(buyer, draft.id).expect(404)).body.error.code).toBe('LISTING.NOT_FOUND');
    expect((await loop.express(buyer, '3f2504e0-4f89-41d3-9a0c-0305e82c3301').expect(404)).body.error.code).toBe('LISTING.NOT_FOUND');
    // Operators and experts do not trade.
    expect((await loop.express(operator, listing.id).expect(403)).body.error.code).toBe('AUTH.FORBIDDEN');
  });

  it('shows an interest and a thread only to their two organisations (operators read, never act)', async () => {
    const party = await identity.verifiedMember(operator, 'enterprise');
    const interest = await loop.interest(party, listing.id);
    for (const outsider of [stranger, buyer]) {
      expect((await request(system.http).get(`/api/v1/interests/${interest.id}`).set(outsider.auth).expect(404)).body.error.code).toBe('INTEREST.NOT_FOUND');
      await loop.accept(outsider, interest.id).expect(404);
      await loop.decline(outsider, interest.id).expect(404);
    }
    // The buyer cannot answer its own interest; the owner cannot withdraw it.
    expect((await loop.accept(party, interest.id).expect(403)).body.error.code).toBe('INTEREST.NOT_ALLOWED');
    expect((await request(system.http).post(`/api/v1/interests/${interest.id}/withdraw`).set(seller.auth).send({}).expect(403)).body.error.code).toBe('INTEREST.NOT_ALLOWED');

    const negotiationId = (await loop.accept(seller, interest.id).expect(200)).body.negotiationId;
    const offer = (await loop.offer(party, negotiationId, '900000.00').expect(201)).body.currentOffer;
    for (const outsider of [stranger, buyer]) {
      expect((await loop.get(outsider, negotiationId).expect(404)).body.error.code).toBe('NEGOTIATION.NOT_FOUND');
      await loop.message(outsider, negotiationId, '我也想参与').expect(404);
      await loop.offer(outsider, negotiationId, '950000.00').expect(404);
      await loop.answer(outsider, negotiationId, offer.id, 'accept').expect(404);
      await request(system.http).post(`/api/v1/negotiations/${negotiationId}/withdraw`).set(outsider.auth).send({ reason: '捣乱' }).expect(404);
      const theirs = await request(system.http).get('/api/v1/negotiations').set(outsider.auth).expect(200);
      expect(theirs.body.items.map((t: { id: string }) => t.id)).not.toContain(negotiationId);
    }
    const operatorView = (await loop.get(operator, negotiationId).expect(200)).body;
    expect(operatorView).toMatchObject({ viewerRole: 'operator', status: 'open', currentOffer: { id: offer.id } });
    await loop.offer(operator, negotiationId, '950000.00').expect(403);
    await loop.answer(operator, negotiationId, offer.id, 'accept').expect(403);
    expect((await request(system.http).get(`/api/v1/interests/${interest.id}`).set(operator.auth).expect(200)).body.viewerRole).toBe('operator');

    // An expert sees nothing of it.
    const expert = await loop.expert(identity, operator);
    await loop.get(expert, negotiationId).expect(403);
  });

  it('keeps the offer rules: the mode must be offered, nobody accepts their own offer, only the latest open offer is answered, a closed thread takes nothing', async () => {
    const party = await identity.verifiedMember(operator, 'enterprise');
    const negotiationId = await loop.thread(seller, party, listing.id);

    const mode = await loop.offer(party, negotiationId, '800000.00', 'equity_investment').expect(400);
    expect(mode.body.error).toMatchObject({ code: 'OFFER.MODE_NOT_OFFERED', fields: [{ field: 'transactionMode', messages: [expect.stringContaining('transfer, non_exclusive_licence')] }] });

    const mine = (await loop.offer(party, negotiationId, '800000.00').expect(201)).body.currentOffer;
    expect((await loop.answer(party, negotiationId, mine.id, 'accept').expect(422)).body.error.code).toBe('OFFER.OWN_OFFER');
    expect((await loop.answer(seller, negotiationId, mine.id, 'withdraw').expect(422)).body.error.code).toBe('OFFER.NOT_YOURS');
    // The buyer revises its own offer: the first is withdrawn (replaced) and can no longer be accepted.
    const revised = (await loop.offer(party, negotiationId, '850000.00').expect(201)).body;
    expect(revised.timeline.find((e: { id: string }) => e.id === mine.id).status).toBe('withdrawn');
    expect((await loop.answer(seller, negotiationId, mine.id, 'accept').expect(409)).body.error.code).toBe('OFFER.NOT_OPEN');
    // The seller rejects the revised offer: the thread stays open with no offer on the table.
    const rejected = (await loop.answer(seller, negotiationId, revised.currentOffer.id, 'reject', '价格过低').expect(200)).body;
    expect(rejected).toMatchObject({ status: 'open', currentOffer: null });
    expect(rejected.timeline.find((e: { id: string }) => e.id === revised.currentOffer.id)).toMatchObject({ status: 'rejected', responseNote: '价格过低' });
    await loop.eventuallyKinds(party, ['negotiation.offer-rejected']);

    // An offer id of another thread is not found in this one.
    const otherParty = await identity.verifiedMember(operator, 'enterprise');
    const otherThread = await loop.thread(seller, otherParty, listing.id);
    const foreign = (await loop.offer(otherParty, otherThread, '700000.00').expect(201)).body.currentOffer;
    expect((await loop.answer(seller, negotiationId, foreign.id, 'accept').expect(404)).body.error.code).toBe('OFFER.NOT_FOUND');

    // Either party may end it; then nothing more is taken, and the buyer may approach the listing again.
    const last = (await loop.offer(seller, negotiationId, '1000000.00').expect(201)).body.currentOffer;
    const closed = (await request(system.http).post(`/api/v1/negotiations/${negotiationId}/withdraw`).set(party.auth).send({ reason: '预算调整' }).expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', currentOffer: null, closure: { byOrganisationId: party.organisationId, reason: '预算调整' } });
    expect(closed.timeline.find((e: { id: string }) => e.id === last.id).status).toBe('withdrawn');
    expect((await loop.offer(seller, negotiationId, '900000.00').expect(409)).body.error.code).toBe('NEGOTIATION.CLOSED');
    expect((await loop.message(seller, negotiationId, '还在吗？').expect(409)).body.error.code).toBe('NEGOTIATION.CLOSED');
    expect((await loop.answer(party, negotiationId, last.id, 'accept').expect(409)).body.error.code).toBe('NEGOTIATION.CLOSED');
    await loop.eventuallyKinds(seller, ['negotiation.withdrawn']);
    await loop.interest(party, listing.id);
  });

  it('holds its rules under races: one open interest, one thread, one agreement, one trade', async () => {
    const racer = await identity.verifiedMember(operator, 'enterprise');
    const raced = await listings.published(seller, operator, { title: '碳纤维复合材料自动铺丝工艺' });
    const interests = await Promise.all(Array.from({ length: 6 }, () => loop.express(racer, raced.id)));
    expect(interests.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const interestId = interests.find((r) => r.status === 201)!.body.id;

    const accepts = await Promise.all(Array.from({ length: 4 }, () => loop.accept(seller, interestId)));
    expect(accepts.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const negotiationId = accepts.find((r) => r.status === 200)!.body.negotiationId;

    // Both sides offer at once: each offer is stored, one after the other, and exactly one is left open.
    const offers = await Promise.all([loop.offer(seller, negotiationId, '1100000.00'), loop.offer(racer, negotiationId, '1000000.00')]);
    expect(offers.map((r) => r.status)).toEqual([201, 201]);
    const thread = (await loop.get(racer, negotiationId).expect(200)).body;
    const open = thread.timeline.filter((e: { type: string; status: string }) => e.type === 'offer' && e.status === 'open');
    expect(open).toHaveLength(1);
    expect(thread.timeline.filter((e: { type: string; status: string }) => e.type === 'offer' && e.status === 'countered')).toHaveLength(1);

    // The other side accepts the open offer five times at once: one agreement, one trade.
    const acceptor = open[0].madeBy === 'seller' ? racer : seller;
    const answers = await Promise.all(Array.from({ length: 5 }, () => loop.answer(acceptor, negotiationId, open[0].id, 'accept')));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const agreed = await loop.eventuallyTrade(racer, negotiationId);
    const trades = await withTestDatabase(async (db) => (await db.query(`SELECT id FROM auction.trades WHERE negotiation_id = $1`, [negotiationId])).rows);
    expect(trades).toEqual([{ id: agreed.tradeId }]);
    // A transfer sells the listing: nobody can approach it any more.
    await until(() => loop.express(stranger, raced.id).then((r) => r.status), (status) => status === 404, 10_000);
  });

  it('stops negotiating a listing that is no longer published', async () => {
    const own = await listings.published(seller, operator, { title: '激光熔覆再制造工艺' });
    const party = await identity.verifiedMember(operator, 'enterprise');
    const negotiationId = await loop.thread(seller, party, own.id);
    const offer = (await loop.offer(seller, negotiationId, '500000.00').expect(201)).body.currentOffer;
    await request(system.http).post(`/api/v1/admin/listings/${own.id}/suspend`).set(operator.auth).send({ reason: '核查解密文件' }).expect(200);
    expect((await loop.answer(party, negotiationId, offer.id, 'accept').expect(409)).body.error.code).toBe('NEGOTIATION.LISTING_UNAVAILABLE');
    expect((await loop.offer(party, negotiationId, '450000.00').expect(409)).body.error.code).toBe('NEGOTIATION.LISTING_UNAVAILABLE');
    // Reading and talking go on.
    await loop.message(party, negotiationId, '请告知何时恢复。').expect(201);
    expect((await loop.get(party, negotiationId).expect(200)).body.status).toBe('open');
  });
});
