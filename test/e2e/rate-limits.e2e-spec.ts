import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { englishAuctionBody } from '../support/auctions';
import { PASSWORD, randomCreditCode, Session, uniqueEmail } from '../support/identity';
import { Scenario, startScenario } from '../support/scenario';

// Small limits for this file only (read when the apps are created in beforeAll).
process.env.RATE_LIMIT_LOGINS_PER_MINUTE = '5';
process.env.RATE_LIMIT_REGISTRATIONS_PER_HOUR = '3';
process.env.RATE_LIMIT_BIDS_PER_10_SECONDS = '4';

/**
 * Limits on login, registration and bidding hold across gateway replicas: the counters are in
 * Redis, so alternating between two gateways does not double the allowance. Each test speaks
 * from its own client address (X-Forwarded-For from the loopback proxy, which is trusted), so
 * the set-up's own sign-ups and logins from 127.0.0.1 do not count against it.
 */
describe('rate limits shared by every gateway replica', () => {
  let { system, identity, listings, auctions, operator } = {} as Scenario;
  let seller: Session;
  let bidders: Session[];
  let auctionId: string;

  beforeAll(async () => {
    ({ system, identity, listings, auctions, operator } = await startScenario(['identity', 'listings', 'auction'], { gateways: 2 }));
    seller = await identity.verifiedMember(operator, 'institute');
    bidders = [await identity.verifiedMember(operator, 'enterprise'), await identity.verifiedMember(operator, 'enterprise')];
    const listing = await listings.published(seller, operator);
    auctionId = (await auctions.create(seller, englishAuctionBody(listing.id, { softClose: null }))).id;
    for (const bidder of bidders) await auctions.registered(operator, bidder, auctionId);
  });
  afterAll(() => system?.stop());

  /** The two gateways, alternately. */
  const gateway = (i: number) => (i % 2 === 0 ? system.http : system.replicas[0].getHttpServer());

  it('logins: 5 a minute per client address, whichever replica answers, then 429 with Retry-After', async () => {
    const address = '203.0.113.10';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await request(gateway(i)).post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ email: uniqueEmail('nobody'), password: 'wrong password here' });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const refused = await request(gateway(5)).post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ email: bidders[0].email, password: PASSWORD }).expect(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 5, windowSeconds: 60 } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another address is not affected.
    await request(gateway(6)).post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.11').send({ email: bidders[0].email, password: PASSWORD }).expect(200);
  });

  it('registrations: 3 an hour per client address, and a refused one creates nothing', async () => {
    const address = '203.0.113.20';
    const register = (i: number, email: string) =>
      request(gateway(i))
        .post('/api/v1/auth/register')
        .set('X-Forwarded-For', address)
        .send({ email, password: PASSWORD, displayName: '李娜', organisation: { name: '限流测试科技有限公司', kind: 'enterprise', creditCode: randomCreditCode(), regionCode: '510700' } });
    for (let i = 0; i < 3; i++) await register(i, uniqueEmail('limited')).expect(201);
    const email = uniqueEmail('limited');
    const refused = await register(3, email).expect(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    await request(system.http).post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.21').send({ email, password: PASSWORD }).expect(401);
  });

  it('bids: 4 per 10 seconds per user, whatever address or replica; another user bids on', async () => {
    const [first, second] = bidders;
    const amounts = ['1000000.00', '1010000.00', '1020000.00', '1030000.00'];
    for (let i = 0; i < 4; i++) {
      await request(gateway(i)).post(`/api/v1/auctions/${auctionId}/bids`).set(first.auth).set('X-Forwarded-For', `198.51.100.${i}`).set('Idempotency-Key', randomUUID()).send({ amount: amounts[i] }).expect(200);
    }
    const refused = await request(gateway(4)).post(`/api/v1/auctions/${auctionId}/bids`).set(first.auth).set('X-Forwarded-For', '198.51.100.9').set('Idempotency-Key', randomUUID()).send({ amount: '2000000.00' }).expect(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 4, windowSeconds: 10 } });
    const accepted = await request(gateway(5)).post(`/api/v1/auctions/${auctionId}/bids`).set(second.auth).set('Idempotency-Key', randomUUID()).send({ amount: '1500000.00' }).expect(200);
    expect(accepted.body.accepted).toBe(true);
    const view = (await request(system.http).get(`/api/v1/auctions/${auctionId}`).expect(200)).body;
    expect(view.bidCount).toBe(5);
  });
});
