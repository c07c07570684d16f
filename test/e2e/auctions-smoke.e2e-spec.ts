import request from 'supertest';
import { englishAuctionBody } from '../support/auctions';
import { Scenario, startScenario } from '../support/scenario';

describe('auctions smoke', () => {
  let { system, identity, listings, auctions, operator } = {} as Scenario;

  beforeAll(async () => {
    ({ system, identity, listings, auctions, operator } = await startScenario(['identity', 'listings', 'auction']));
  });
  afterAll(() => system?.stop());

  it('runs an English auction with proxy bidding and deposits', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await listings.published(seller, operator);
    const auction = await auctions.create(seller, englishAuctionBody(listing.id, { reservePrice: '1100000.00' }));
    expect(auction).toMatchObject({ status: 'open', currentPrice: null, hasReserve: true, reservePrice: '1100000.00', minimumNextBid: '1000000.00' });

    const a = await identity.verifiedMember(operator, 'enterprise');
    const b = await identity.verifiedMember(operator, 'enterprise');
    const regA = await auctions.registered(operator, a, auction.id);
    const regB = await auctions.registered(operator, b, auction.id);
    expect(regA).toMatchObject({ alias: '竞买人 01', deposit: '50000.00', depositStatus: 'held' });
    const wallet = await request(system.http).get('/api/v1/wallet').set(a.auth).expect(200);
    expect(wallet.body).toMatchObject({ available: '950000.00', held: '50000.00' });

    const first = await auctions.bid(a, auction.id, '1200000.00').expect(200);
    expect(first.body.auction).toMatchObject({ currentPrice: '1100000.00', leaderAlias: regA.alias, reserveMet: true });
    expect(first.body.auction).not.toHaveProperty('reservePrice');
    const second = await auctions.bid(b, auction.id, '1150000.00').expect(200);
    expect(second.body.auction).toMatchObject({ currentPrice: '1160000.00', leaderAlias: regA.alias });
    const tooLow = await auctions.bid(b, auction.id, '1160000.00').expect(422);
    expect(tooLow.body.error).toMatchObject({ code: 'BID.TOO_LOW', details: { minimumAcceptable: '1170000.00' } });
    const third = await auctions.bid(b, auction.id, '1300000.00', 'retry-key-0001').expect(200);
    expect(third.body.auction).toMatchObject({ currentPrice: '1210000.00', leaderAlias: regB.alias });
    const retried = await auctions.bid(b, auction.id, '1300000.00', 'retry-key-0001').expect(200);
    expect(retried.body).toMatchObject({ bidId: third.body.bidId, replayed: true });
    await auctions.bid(b, auction.id, '1400000.00', 'retry-key-0001').expect(409);

    const history = await request(system.http).get(`/api/v1/auctions/${auction.id}/bids`).expect(200);
    expect(history.body.map((h: { price: string }) => h.price)).toEqual(['1100000.00', '1160000.00', '1210000.00']);
    const own = await auctions.bid(seller, auction.id, '2000000.00').expect(403);
    expect(own.body.error.code).toBe('AUCTION.OWN_LISTING');
    await request(system.http).post(`/api/v1/auctions/${auction.id}/registrations`).set(seller.auth).expect(403);
  });
});
