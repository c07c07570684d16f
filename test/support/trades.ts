import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { OpenNegotiatedTradeAnswer, TradePatterns, TransactionMode } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { AuctionsApi, englishAuctionBody } from './auctions';
import { Session } from './identity';
import { ListingsApi } from './listings';
import { TestSystem } from './system';

export class TradesApi {
  private readonly listings: ListingsApi;
  private readonly auctions: AuctionsApi;

  constructor(private readonly system: TestSystem) {
    this.listings = new ListingsApi(system);
    this.auctions = new AuctionsApi(system);
  }

  get(session: Session, tradeId: string) {
    return request(this.system.http).get(`/api/v1/trades/${tradeId}`).set(session.auth);
  }

  proposeTerms(session: Session, tradeId: string, overrides: Record<string, unknown> = {}) {
    return request(this.system.http)
      .put(`/api/v1/trades/${tradeId}/contract`)
      .set(session.auth)
      .send({ scope: '技术转让，含全部专利权及技术资料 / full transfer of the patents and know-how', effectiveDate: '2027-01-01', expiryDate: null, ...overrides });
  }

  sign(session: Session, tradeId: string, termsVersion: number) {
    return request(this.system.http).post(`/api/v1/trades/${tradeId}/signatures`).set(session.auth).send({ termsVersion });
  }

  /** Terms proposed by the seller and signed by both. */
  async signed(seller: Session, buyer: Session, tradeId: string) {
    const proposed = await this.proposeTerms(seller, tradeId).expect(200);
    await this.sign(seller, tradeId, proposed.body.contract.termsVersion).expect(200);
    return (await this.sign(buyer, tradeId, proposed.body.contract.termsVersion).expect(200)).body;
  }

  pay(operator: Session, tradeId: string, amount: string, reference = `BANK-${randomUUID()}`) {
    return request(this.system.http).post(`/api/v1/admin/trades/${tradeId}/payments`).set(operator.auth).send({ amount, reference });
  }

  /** An English auction won by `buyer` at the start price, settled by the worker: its trade. */
  async fromAuction(seller: Session, buyer: Session, operator: Session, listingOverrides: Record<string, unknown> = {}, auctionOverrides: Record<string, unknown> = {}) {
    const listing = await this.listings.published(seller, operator, listingOverrides);
    const auction = await this.auctions.create(
      seller,
      englishAuctionBody(listing.id, { endsAt: new Date(Date.now() + 2000).toISOString(), softClose: null, ...auctionOverrides }),
    );
    await this.auctions.registered(operator, buyer, auction.id);
    await this.auctions.bid(buyer, auction.id, '1000000.00').expect(200);
    const settled = await this.listings.eventually(
      () => request(this.system.http).get(`/api/v1/auctions/${auction.id}`).then((r) => r.body),
      (v) => v.status === 'settled',
      20_000,
    );
    return { listing, auction, tradeId: settled.outcome.tradeId as string };
  }

  /** What matching sends when a negotiation is agreed (service to service, as matching would). */
  openNegotiated(input: { negotiationId?: string; listingId: string; seller: Session; buyer: Session; amount: string; transactionMode: TransactionMode }) {
    return this.system.gateway.get(ServiceClient).send<OpenNegotiatedTradeAnswer>(TradePatterns.openNegotiated, {
      actor: null,
      input: {
        negotiationId: input.negotiationId ?? randomUUID(),
        listingId: input.listingId,
        sellerOrganisationId: input.seller.organisationId,
        buyerOrganisationId: input.buyer.organisationId,
        amount: input.amount,
        transactionMode: input.transactionMode,
      },
    });
  }
}
