import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { withTestDatabase } from '../support/database';
import { Scenario, startScenario } from '../support/scenario';
import { TradesApi } from '../support/trades';

/*
 * Real objects made through the API, then moved to fixed moments of 2031 (China Standard Time),
 * so the figures can be worked out by hand and the year and month boundaries are those of
 * Asia/Shanghai, not UTC:
 *   L1 published 2031-01-01 00:30 +08 (still 2030 in UTC), evaluated 2031-03-10, auctioned:
 *      closed and dealt 2031-04-15 10:00 (104.4 days after publication), completed 2031-05-20.
 *   L2 published 2030-12-31 23:30 +08 (2030), negotiated 2031-12-31 23:59 +08 (365.0 days; 2031 in
 *      Shanghai, still 2031 in UTC too) for 300,000.00, not completed.
 */
describe('annual report on the real services, figures worked out by hand', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let trades: TradesApi;

  beforeAll(async () => {
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'auction', 'worker']));
    trades = new TradesApi(system);
    const seller = await identity.verifiedMember(operator, 'institute');
    const buyer = await identity.verifiedMember(operator, 'enterprise');
    const { listing: l1, auction, tradeId: t1 } = await trades.fromAuction(seller, buyer, operator);
    await trades.signed(seller, buyer, t1);
    await trades.pay(operator, t1, '950000.00').expect(200);
    await request(system.http).post(`/api/v1/trades/${t1}/completion`).set(buyer.auth).expect(200);
    const l2 = await listings.published(seller, operator, { field: 'nuclear' });
    const { tradeId: t2 } = await trades.openNegotiated({ listingId: l2.id, seller, buyer, amount: '300000.00', transactionMode: 'non_exclusive_licence' });
    await listings.draft(seller);

    await withTestDatabase(async (db) => {
      await db.query(`UPDATE identity.organisations SET region_code = '510703', name = 'Alpha Institute' WHERE id = $1`, [seller.organisationId]);
      await db.query(`UPDATE identity.organisations SET region_code = '110105', name = 'Beta UAV Co' WHERE id = $1`, [buyer.organisationId]);
      await db.query(
        `UPDATE listings.listings SET published_at = '2031-01-01T00:30:00+08:00',
           evaluation = '{"grade":"A","score":88,"valuationLow":"1.00","valuationHigh":"2.00","evaluatedAt":"2031-03-10T09:00:00+08:00","experts":3}' WHERE id = $1`,
        [l1.id],
      );
      await db.query(`UPDATE listings.listings SET published_at = '2030-12-31T23:30:00+08:00' WHERE id = $1`, [l2.id]);
      await db.query(`UPDATE auction.auctions SET settled_at = '2031-04-15T10:00:00+08:00' WHERE id = $1`, [auction.id]);
      await db.query(
        `UPDATE auction.trades SET created_at = '2031-04-15T10:00:00+08:00', listing_published_at = '2031-01-01T00:30:00+08:00', completed_at = '2031-05-20T12:00:00+08:00' WHERE id = $1`,
        [t1],
      );
      await db.query(`UPDATE auction.trades SET created_at = '2031-12-31T23:59:00+08:00', listing_published_at = '2030-12-31T23:30:00+08:00' WHERE id = $1`, [t2]);
    });
    context = { seller: seller.organisationId!, buyer: buyer.organisationId! };
  });
  afterAll(() => system?.stop());

  let context: { seller: string; buyer: string };
  const annual = (year: number | string, extra = '') => request(system.http).get(`/api/v1/reports/annual?year=${year}${extra}`);

  it('adds up the year in China Standard Time', async () => {
    const report = (await annual(2031).expect(200)).body;
    expect(report.totals).toEqual({
      listingsPublished: 1,
      evaluationsCompleted: 1,
      auctionsHeld: 1,
      auctionsCleared: 1,
      clearanceRate: '1.0000',
      negotiatedDeals: 1,
      tradesCompleted: 1,
      tradeVolume: '1000000.00',
      medianDaysToDeal: 234.7,
    });
    const month = (m: number) => report.byMonth.find((r: { key: string }) => r.key === String(m));
    expect(month(1)).toMatchObject({ listingsPublished: 1, evaluationsCompleted: 0 });
    expect(month(3)).toMatchObject({ evaluationsCompleted: 1 });
    expect(month(4)).toMatchObject({ auctionsHeld: 1, auctionsCleared: 1, medianDaysToDeal: 104.4 });
    expect(month(5)).toMatchObject({ tradesCompleted: 1, tradeVolume: '1000000.00' });
    expect(month(12)).toMatchObject({ negotiatedDeals: 1, medianDaysToDeal: 365 });
    expect(report.byRegion).toEqual([expect.objectContaining({ key: '510000', label: { zh: '四川省', en: 'Sichuan' }, listingsPublished: 1, negotiatedDeals: 1 })]);
    expect(report.byField.find((r: { key: string }) => r.key === 'nuclear')).toMatchObject({ listingsPublished: 0, negotiatedDeals: 1, medianDaysToDeal: 365 });
    expect(report.organisations).toBeUndefined();
  });

  it('puts what happened at 23:30 on 31 December (Shanghai) in that year', async () => {
    const report = (await annual(2030).expect(200)).body;
    expect(report.totals).toMatchObject({ listingsPublished: 1, auctionsHeld: 0, negotiatedDeals: 0, tradesCompleted: 0 });
    expect(report.byMonth.find((r: { key: string }) => r.key === '12').listingsPublished).toBe(1);
  });

  it('gives operators the per-organisation detail, and nobody else', async () => {
    const report = (await request(system.http).get('/api/v1/admin/reports/annual?year=2031').set(operator.auth).expect(200)).body;
    expect(report.organisations).toEqual([
      { organisationId: context.seller, name: 'Alpha Institute', kind: 'institute', region: '510000', listingsPublished: 1, auctionsHeld: 1, auctionsCleared: 1, dealsAsSeller: 2, dealsAsBuyer: 0, volumeAsSeller: '1000000.00', volumeAsBuyer: '0.00' },
      { organisationId: context.buyer, name: 'Beta UAV Co', kind: 'enterprise', region: '110000', listingsPublished: 0, auctionsHeld: 0, auctionsCleared: 0, dealsAsSeller: 0, dealsAsBuyer: 2, volumeAsSeller: '0.00', volumeAsBuyer: '1000000.00' },
    ]);
    const member = await identity.verifiedMember(operator, 'enterprise');
    await request(system.http).get('/api/v1/admin/reports/annual?year=2031').set(member.auth).expect(403);
    await request(system.http).get('/api/v1/admin/reports/annual?year=2031').expect(401);
  });

  it('exports CSV for spreadsheets', async () => {
    const csv = await annual(2031, '&format=csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="annual-report-2031.csv"');
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[1]).toBe('2031,total,,,,1,1,1,1,1.0000,1,1,1000000.00,234.7');
    expect(lines).not.toContain('Alpha Institute');
    const detail = await request(system.http).get('/api/v1/admin/reports/annual?year=2031&format=csv').set(operator.auth).expect(200);
    expect(detail.text).toContain(`2031,${context.seller},Alpha Institute,institute,510000,1,1,1,2,0,1000000.00,0.00`);
  });

  it('refuses a bad year or format with field-level messages', async () => {
    for (const [query, field] of [['year=twenty', 'year'], ['year=1999', 'year'], ['', 'year'], ['year=2031&format=xlsx', 'format'], [`year=2031&x=${randomUUID()}`, 'x']]) {
      const response = await request(system.http).get(`/api/v1/reports/annual?${query}`).expect(400);
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });
});
