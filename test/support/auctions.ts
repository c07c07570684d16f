import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Session } from './identity';
import { TestSystem } from './system';

/** A valid English auction starting now and ending in an hour; override what a test is about. */
export function englishAuctionBody(listingId: string, overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    listingId,
    type: 'english',
    startPrice: '1000000.00',
    increment: '10000.00',
    deposit: '50000.00',
    requiredQualifications: [],
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    softClose: { windowSeconds: 300, extensionSeconds: 300 },
    ...overrides,
  };
}

export class AuctionsApi {
  constructor(private readonly system: TestSystem) {}

  get http() {
    return this.system.http;
  }

  async create(seller: Session, body: Record<string, unknown>) {
    return (await request(this.http).post('/api/v1/auctions').set(seller.auth).send(body).expect(201)).body;
  }

  async topUp(operator: Session, organisationId: string, amount = '1000000.00') {
    return (
      await request(this.http)
        .post('/api/v1/admin/payments/top-ups')
        .set(operator.auth)
        .send({ organisationId, amount, reference: `TEST-${randomUUID()}` })
        .expect(201)
    ).body;
  }

  /** Tops up the bidder's wallet and registers it for the auction. */
  async registered(operator: Session, bidder: Session, auctionId: string) {
    await this.topUp(operator, bidder.organisationId!);
    return (await request(this.http).post(`/api/v1/auctions/${auctionId}/registrations`).set(bidder.auth).expect(200)).body;
  }

  bid(bidder: Session, auctionId: string, amount: string | undefined, key: string = randomUUID()) {
    return request(this.http).post(`/api/v1/auctions/${auctionId}/bids`).set(bidder.auth).set('Idempotency-Key', key).send(amount === undefined ? {} : { amount });
  }
}
