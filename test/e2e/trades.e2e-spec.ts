import { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TradePatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { TradesService } from '../../apps/auction/src/trades/trades.service';
import { withTestDatabase } from '../support/database';
import { Session } from '../support/identity';
import { Scenario, startScenario } from '../support/scenario';
import { TradesApi } from '../support/trades';
import { englishAuctionBody } from '../support/auctions';

describe('trades: signature, payment into escrow, completion, disputes; only the parties and operators see them', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let trades: TradesApi;

  beforeAll(async () => {
    // matching keeps the inbox the trade notices go to.
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'auction', 'matching', 'worker']));
    trades = new TradesApi(system);
  });
  afterAll(() => system?.stop());

  const walletOf = (session: Session) => request(system.http).get('/api/v1/wallet').set(session.auth).then((r) => r.body);
  const listingOf = (owner: Session, id: string) => request(system.http).get(`/api/v1/listings/${id}`).set(owner.auth).then((r) => r.body);
  const auditActions = (tradeId: string) =>
    withTestDatabase((db) => db.query(`SELECT action FROM audit.entries WHERE entity_type = 'trade' AND entity_id = $1 ORDER BY seq`, [tradeId])).then((r) => r.rows.map((row) => row.action));
  const parties = async () => ({ seller: await identity.verifiedMember(operator, 'institute'), buyer: await identity.verifiedMember(operator, 'enterprise') });
  /** The kinds of the notices about a trade in someone's inbox. */
  const kindsAbout = (session: Session, tradeId: string) =>
    request(system.http)
      .get('/api/v1/notifications?pageSize=100')
      .set(session.auth)
      .then((r) => r.body.items.filter((n: { subject: { id: string } }) => n.subject.id === tradeId).map((n: { kind: string }) => n.kind) as string[]);

  it('takes an auction trade from pending signature to completed: terms, both signatures, payment into escrow, delivery accepted', async () => {
    const { seller, buyer } = await parties();
    const { listing, tradeId } = await trades.fromAuction(seller, buyer, operator);

    const created = (await trades.get(buyer, tradeId).expect(200)).body;
    expect(created).toMatchObject({
      source: 'auction',
      status: 'pending_signature',
      amount: '1000000.00',
      depositApplied: '50000.00',
      outstanding: '950000.00',
      transactionMode: 'transfer',
      field: 'aerodynamics',
      trl: 6,
      listingTitle: listing.title,
      myRole: 'buyer',
      contract: { termsVersion: 0, scope: null },
    });
    expect((await listingOf(seller, listing.id)).status).toBe('sold');

    expect((await trades.sign(buyer, tradeId, 1).expect(422)).body.error.code).toBe('TRADE.NO_TERMS');
    const signed = await trades.signed(seller, buyer, tradeId);
    expect(signed).toMatchObject({ status: 'signed', contract: { termsVersion: 1, effectiveDate: '2027-01-01', expiryDate: null }, signedAt: expect.any(String) });

    const paid = (await trades.pay(operator, tradeId, '950000.00').expect(200)).body;
    expect(paid).toMatchObject({ status: 'paid', outstanding: '0.00', paidAt: expect.any(String) });
    expect(await walletOf(buyer)).toMatchObject({ available: '950000.00', held: '0.00' });

    await request(system.http).post(`/api/v1/trades/${tradeId}/completion`).set(seller.auth).expect(403);
    const completed = (await request(system.http).post(`/api/v1/trades/${tradeId}/completion`).set(buyer.auth).expect(200)).body;
    expect(completed).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    expect(await walletOf(seller)).toMatchObject({ available: '1000000.00' });
    expect(await walletOf(buyer)).toMatchObject({ available: '950000.00' });

    expect(await auditActions(tradeId)).toEqual(['trade.terms_proposed', 'trade.signature_given', 'trade.signature_given', 'trade.paid', 'trade.completed']);
    const ledger = await withTestDatabase((db) =>
      db.query(`SELECT coalesce(sum(balance_fen), 0)::text AS total FROM auction.ledger_accounts`).then((r) => r.rows[0].total),
    );
    expect(ledger).toBe('0');
  });

  it('tells both parties in their inbox at each step', async () => {
    const { seller, buyer } = await parties();
    const { tradeId } = await trades.fromAuction(seller, buyer, operator);
    await trades.signed(seller, buyer, tradeId);
    const titles = (session: Session) =>
      request(system.http).get('/api/v1/notifications?pageSize=50').set(session.auth).then((r) => r.body.items.filter((n: { subject: { id: string } }) => n.subject.id === tradeId).map((n: { title: string }) => n.title));
    const expected = ['交易已创建 (trade created)', '卖方提出了合同条款 (contract terms proposed)', '合同已签署一方 (a party signed)'];
    for (const party of [seller, buyer]) {
      const seen = await listings.eventually(() => titles(party), (t) => expected.every((title) => t.includes(title)) && t.length >= 4);
      expect(seen.filter((t: string) => t === '合同已签署一方 (a party signed)')).toHaveLength(2);
    }
    const outsider = await identity.verifiedMember(operator, 'enterprise');
    expect(await titles(outsider)).toEqual([]);
  });

  it('voids signatures when the seller changes the terms, refuses a stale signature, and lets only the seller propose', async () => {
    const { seller, buyer } = await parties();
    const { tradeId } = await trades.fromAuction(seller, buyer, operator);
    const first = (await trades.proposeTerms(seller, tradeId).expect(200)).body;
    await trades.sign(buyer, tradeId, first.contract.termsVersion).expect(200);
    await trades.proposeTerms(buyer, tradeId, { scope: 'the buyer would like a wider scope, please' }).expect(403);

    const second = (await trades.proposeTerms(seller, tradeId, { expiryDate: '2030-12-31' }).expect(200)).body;
    expect(second.contract).toMatchObject({ termsVersion: 2, buyerSignedAt: null, sellerSignedAt: null, expiryDate: '2030-12-31' });
    const stale = await trades.sign(seller, tradeId, first.contract.termsVersion).expect(409);
    expect(stale.body.error).toMatchObject({ code: 'TRADE.TERMS_CHANGED', details: { currentTermsVersion: 2 } });
    await trades.sign(seller, tradeId, 2).expect(200);
    expect((await trades.get(seller, tradeId).expect(200)).body.status).toBe('pending_signature');
    const again = await trades.sign(seller, tradeId, 2).expect(200);
    expect(again.body.status).toBe('pending_signature');
    await trades.sign(buyer, tradeId, 2).expect(200);
    await trades.proposeTerms(seller, tradeId).expect(409);
  });

  it('cancels a trade disputed before payment: the applied deposit goes back to the buyer', async () => {
    const { seller, buyer } = await parties();
    const { tradeId } = await trades.fromAuction(seller, buyer, operator);
    await request(system.http).post(`/api/v1/trades/${tradeId}/disputes`).set(buyer.auth).send({ reason: 'not signed yet, but unhappy' }).expect(409);
    await trades.signed(seller, buyer, tradeId);
    const disputed = (await request(system.http).post(`/api/v1/trades/${tradeId}/disputes`).set(buyer.auth).send({ reason: 'The seller refuses to hand over the drawings' }).expect(200)).body;
    expect(disputed).toMatchObject({ status: 'disputed', dispute: { disputedFrom: 'signed', byOrganisationId: buyer.organisationId, resolvedAt: null } });
    await trades.pay(operator, tradeId, '950000.00').expect(409);
    // The operators, who resolve disputes, are told (with the reason); the parties get their own notice.
    const operatorKinds = await listings.eventually(() => kindsAbout(operator, tradeId), (kinds) => kinds.includes('trade.dispute_opened'));
    expect(operatorKinds).toEqual(['trade.dispute_opened']);
    const toOperator = (await request(system.http).get('/api/v1/notifications?pageSize=100').set(operator.auth).expect(200)).body.items.find(
      (n: { kind: string; subject: { id: string } }) => n.kind === 'trade.dispute_opened' && n.subject.id === tradeId,
    );
    expect(toOperator.body).toContain('The seller refuses to hand over the drawings');
    expect(await listings.eventually(() => kindsAbout(seller, tradeId), (kinds) => kinds.includes('trade.disputed'))).not.toContain('trade.dispute_opened');

    const resolve = (outcome: string) =>
      request(system.http).post(`/api/v1/admin/trades/${tradeId}/resolution`).set(operator.auth).send({ outcome, reason: 'Mediation: the contract is void' });
    await resolve('refunded').expect(422);
    await request(system.http).post(`/api/v1/admin/trades/${tradeId}/resolution`).set(seller.auth).send({ outcome: 'cancelled', reason: 'I decide myself' }).expect(403);
    const cancelled = (await resolve('cancelled').expect(200)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', dispute: { resolutionReason: 'Mediation: the contract is void', resolvedAt: expect.any(String) } });
    expect(await walletOf(buyer)).toMatchObject({ available: '1000000.00' });
    expect(await walletOf(seller)).toMatchObject({ available: '0.00' });
    await resolve('cancelled').expect(409);
  });

  it.each([
    ['refunded', { buyer: '1950000.00', seller: '0.00' }],
    ['completed', { buyer: '950000.00', seller: '1000000.00' }],
  ])('resolves a dispute over a paid trade as %s, moving the escrow accordingly', async (outcome, wallets) => {
    const { seller, buyer } = await parties();
    const { tradeId } = await trades.fromAuction(seller, buyer, operator);
    await trades.signed(seller, buyer, tradeId);
    await trades.pay(operator, tradeId, '950000.00').expect(200);
    await request(system.http).post(`/api/v1/trades/${tradeId}/disputes`).set(seller.auth).send({ reason: 'The buyer will not accept delivery' }).expect(200);
    await request(system.http).post(`/api/v1/admin/trades/${tradeId}/resolution`).set(operator.auth).send({ outcome: 'cancelled', reason: 'a paid trade is not cancelled' }).expect(422);
    const resolved = (await request(system.http).post(`/api/v1/admin/trades/${tradeId}/resolution`).set(operator.auth).send({ outcome, reason: 'Decided after hearing both' }).expect(200)).body;
    expect(resolved.status).toBe(outcome);
    expect((await walletOf(buyer)).available).toBe(wallets.buyer);
    expect((await walletOf(seller)).available).toBe(wallets.seller);
    expect(await auditActions(tradeId)).toContain('trade.dispute_resolved');
  });

  it('confirms a payment once: the same reference again changes nothing, a wrong amount or a used reference is refused', async () => {
    const { seller, buyer } = await parties();
    const { tradeId } = await trades.fromAuction(seller, buyer, operator);
    await trades.signed(seller, buyer, tradeId);
    const wrong = await trades.pay(operator, tradeId, '1000000.00').expect(400);
    expect(wrong.body.error.fields).toEqual([{ field: 'amount', messages: [expect.stringContaining('outstanding')] }]);
    const used = `BANK-${randomUUID()}`;
    await request(system.http).post('/api/v1/admin/payments/top-ups').set(operator.auth).send({ organisationId: buyer.organisationId, amount: '10.00', reference: used }).expect(201);
    await trades.pay(operator, tradeId, '950000.00', used).expect(409);
    const reference = `BANK-${randomUUID()}`;
    await trades.pay(operator, tradeId, '950000.00', reference).expect(200);
    await trades.pay(operator, tradeId, '950000.00', reference).expect(200);
    const payments = await withTestDatabase((db) => db.query(`SELECT count(*)::int AS n FROM auction.ledger_transactions WHERE cause_type = 'trade_payment' AND cause_id = $1`, [tradeId]));
    expect(payments.rows[0].n).toBe(1);
    expect(await walletOf(buyer)).toMatchObject({ available: '950010.00' });
  });

  it('shows a trade to its parties and operators only: another organisation gets 404 for every action', async () => {
    const { seller, buyer } = await parties();
    const outsider = await identity.verifiedMember(operator, 'enterprise');
    const { tradeId } = await trades.fromAuction(seller, buyer, operator);
    await trades.get(outsider, tradeId).expect(404);
    await trades.proposeTerms(outsider, tradeId).expect(404);
    await trades.sign(outsider, tradeId, 1).expect(404);
    await request(system.http).post(`/api/v1/trades/${tradeId}/disputes`).set(outsider.auth).send({ reason: 'I just want to interfere' }).expect(404);
    await request(system.http).post(`/api/v1/trades/${tradeId}/completion`).set(outsider.auth).expect(404);
    await request(system.http).get(`/api/v1/trades/${tradeId}`).expect(401);
    await trades.get(seller, tradeId).expect(200);
    expect((await trades.get(operator, tradeId).expect(200)).body.myRole).toBeNull();

    const mine = (await request(system.http).get('/api/v1/trades').set(outsider.auth).expect(200)).body;
    expect(mine.items).toEqual([]);
    const sellers = (await request(system.http).get('/api/v1/trades').set(seller.auth).expect(200)).body;
    expect(sellers.items.map((t: { id: string }) => t.id)).toEqual([tradeId]);
    await trades.pay(seller, tradeId, '950000.00').expect(403);
  });

  it('opens a negotiated trade once per negotiation; a transfer sells the listing, a non-exclusive licence keeps it published', async () => {
    const { seller, buyer } = await parties();
    const listing = await listings.published(seller, operator);
    const negotiationId = randomUUID();
    const licence = { negotiationId, listingId: listing.id, seller, buyer, amount: '300000.00', transactionMode: 'non_exclusive_licence' as const };
    const first = await trades.openNegotiated(licence);
    const retry = await trades.openNegotiated(licence);
    expect(first.created).toBe(true);
    expect(retry).toEqual({ tradeId: first.tradeId, created: false });
    expect((await trades.get(buyer, first.tradeId).expect(200)).body).toMatchObject({ source: 'negotiation', negotiationId, amount: '300000.00', depositApplied: '0.00', outstanding: '300000.00' });
    expect((await listingOf(seller, listing.id)).status).toBe('published');

    const another = await identity.verifiedMember(operator, 'enterprise');
    const transfer = await trades.openNegotiated({ listingId: listing.id, seller, buyer: another, amount: '1200000.00', transactionMode: 'transfer' });
    expect(transfer.created).toBe(true);
    expect((await listingOf(seller, listing.id)).status).toBe('sold');
    await expect(trades.openNegotiated({ listingId: listing.id, seller, buyer, amount: '1.00', transactionMode: 'transfer' })).rejects.toMatchObject({ code: 'TRADE.LISTING_NOT_AVAILABLE' });

    const other = await listings.published(seller, operator);
    await expect(trades.openNegotiated({ listingId: other.id, seller: buyer, buyer: seller, amount: '1.00', transactionMode: 'transfer' })).rejects.toMatchObject({ code: 'TRADE.SELLER_NOT_OWNER' });
    await expect(trades.openNegotiated({ listingId: other.id, seller, buyer, amount: '1.00', transactionMode: 'equity_investment' })).rejects.toMatchObject({ code: 'TRADE.MODE_NOT_OFFERED' });

    // A negotiated trade pays its whole amount into its own escrow, and completes like any other.
    await trades.signed(seller, buyer, first.tradeId);
    await trades.pay(operator, first.tradeId, '300000.00').expect(200);
    await request(system.http).post(`/api/v1/trades/${first.tradeId}/completion`).set(operator.auth).expect(200);
    expect(await walletOf(seller)).toMatchObject({ available: '300000.00' });
  });

  it('auctions one of the listing’s transaction modes: a non-exclusive licence sold at auction leaves the listing published', async () => {
    const { seller, buyer } = await parties();
    const listing = await listings.published(seller, operator);
    const refused = await request(system.http)
      .post('/api/v1/auctions')
      .set(seller.auth)
      .send({ ...englishAuctionBody(listing.id), transactionMode: 'equity_investment' })
      .expect(400);
    expect(refused.body.error.fields).toEqual([{ field: 'transactionMode', messages: ['one of transfer, non_exclusive_licence'] }]);
    const { listing: licensed, tradeId } = await trades.fromAuction(seller, buyer, operator, {}, { transactionMode: 'non_exclusive_licence' });
    expect((await trades.get(seller, tradeId).expect(200)).body.transactionMode).toBe('non_exclusive_licence');
    // The worker has had its chance to follow the sale: the listing is still for sale.
    await new Promise((r) => setTimeout(r, 500));
    expect((await listingOf(seller, licensed.id)).status).toBe('published');
  });

  it('flags trades left unsigned past the deadline to operators, once', async () => {
    const { seller, buyer } = await parties();
    const { tradeId } = await trades.fromAuction(seller, buyer, operator);
    const service = (system.services.get('auction') as INestMicroservice).get(TradesService);
    const later = new Date(Date.now() + 15 * 86_400_000);
    expect((await service.flagOverdueSignatures(later)).flagged).toBeGreaterThanOrEqual(1);
    expect((await service.flagOverdueSignatures(later)).flagged).toBe(0);
    const flagged = (await request(system.http).get('/api/v1/trades?flagged=true&pageSize=100').set(operator.auth).expect(200)).body;
    expect(flagged.items.map((t: { id: string }) => t.id)).toContain(tradeId);
    expect((await trades.get(seller, tradeId).expect(200)).body.unsignedFlaggedAt).toBe(later.toISOString());
    expect(await auditActions(tradeId)).toEqual(['trade.signature_overdue']);
    // The operators are told to follow up, once; the parties are reminded.
    expect(await listings.eventually(() => kindsAbout(operator, tradeId), (kinds) => kinds.includes('trade.flagged'))).toEqual(['trade.flagged']);
    for (const party of [seller, buyer]) {
      const kinds = await listings.eventually(() => kindsAbout(party, tradeId), (k) => k.includes('trade.signature_overdue'));
      expect(kinds.filter((k) => k === 'trade.signature_overdue' || k === 'trade.flagged')).toEqual(['trade.signature_overdue']);
    }
    await request(system.http).get('/api/v1/trades?flagged=maybe').set(operator.auth).expect(400);
  });

  it('answers evaluation: comparables are signed trades in the field and TRL band; participants are bidders and parties', async () => {
    const { seller, buyer } = await parties();
    const { listing, tradeId } = await trades.fromAuction(seller, buyer, operator, { field: 'nuclear', trl: 4 });
    const client = system.gateway.get(ServiceClient);
    const comparables = () => client.send<{ tradeId: string }[]>(TradePatterns.comparables, { actor: null, input: { field: 'nuclear', trlMin: 3, trlMax: 5 } });
    expect((await comparables()).map((c) => c.tradeId)).not.toContain(tradeId);
    await trades.signed(seller, buyer, tradeId);
    expect(await comparables()).toContainEqual(expect.objectContaining({ tradeId, amount: '1000000.00', trl: 4, field: 'nuclear', source: 'auction', listingTitle: listing.title }));
    const none = await client.send<unknown[]>(TradePatterns.comparables, { actor: null, input: { field: 'nuclear', trlMin: 6, trlMax: 9 } });
    expect(none.map((c) => (c as { tradeId: string }).tradeId)).not.toContain(tradeId);
    const participants = await client.send<{ organisationIds: string[] }>(TradePatterns.participantsOfListing, { actor: null, input: { listingId: listing.id } });
    expect(participants.organisationIds.sort()).toEqual([seller.organisationId, buyer.organisationId].sort());
  });

  it('refuses bad input with field-level messages and changes nothing', async () => {
    const { seller, buyer } = await parties();
    const { tradeId } = await trades.fromAuction(seller, buyer, operator);
    const cases: [string, Record<string, unknown>, string][] = [
      ['scope too short', { scope: 'short' }, 'scope'],
      ['impossible date', { effectiveDate: '2027-02-30' }, 'effectiveDate'],
      ['expiry not a date', { expiryDate: 'soon' }, 'expiryDate'],
      ['unknown field', { price: '1.00' }, 'price'],
    ];
    for (const [name, body, field] of cases) {
      const response = await trades.proposeTerms(seller, tradeId, body);
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const backwards = await trades.proposeTerms(seller, tradeId, { effectiveDate: '2028-01-01', expiryDate: '2027-01-01' }).expect(400);
    expect(backwards.body.error.fields).toEqual([{ field: 'expiryDate', messages: ['expiryDate must not be before effectiveDate'] }]);
    await trades.sign(seller, tradeId, 'one' as never).expect(400);
    await request(system.http).post(`/api/v1/trades/${tradeId}/disputes`).set(seller.auth).send({}).expect(400);
    await request(system.http).post(`/api/v1/admin/trades/${tradeId}/resolution`).set(operator.auth).send({ outcome: 'split', reason: 'half each' }).expect(400);
    await request(system.http).get('/api/v1/trades/not-a-uuid').set(seller.auth).expect(400);
    expect((await trades.get(seller, tradeId).expect(200)).body.contract.termsVersion).toBe(0);
    expect(await auditActions(tradeId)).toEqual([]);
  });
});
