import { ListingFactRow, MarketFacts, OrganisationDirectoryEntry } from '@lib/contracts';
import { annualReportCsv, buildAnnualReport, csvField, median, provinceOf } from './annual-report';

/*
 * A fixture worked out by hand (figures in the comments are the hand computation).
 * A: institute in 绵阳 (510703 → Sichuan 510000); B: enterprise in Beijing (110105 → 110000);
 * C: enterprise in 成都 (510100 → Sichuan). Regions are the seller's.
 */
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const DIRECTORY = new Map<string, OrganisationDirectoryEntry>([
  [A, { id: A, name: 'Alpha Institute', kind: 'institute', regionCode: '510703' }],
  [B, { id: B, name: 'Beta UAV Co', kind: 'enterprise', regionCode: '110105' }],
  [C, { id: C, name: 'Gamma Precision', kind: 'enterprise', regionCode: '510100' }],
]);
const LISTINGS: ListingFactRow[] = [
  { organisationId: A, field: 'aerodynamics', direction: 'mil_to_civ', month: 3, published: 2, evaluated: 1 },
  { organisationId: A, field: 'nuclear', direction: 'mil_to_civ', month: 5, published: 1, evaluated: 0 },
  { organisationId: B, field: 'unmanned_systems', direction: 'civ_to_mil', month: 3, published: 1, evaluated: 1 },
];
const MARKET: MarketFacts = {
  auctions: [
    { sellerOrganisationId: A, field: 'aerodynamics', direction: 'mil_to_civ', month: 6, held: 2, cleared: 1 },
    { sellerOrganisationId: B, field: 'unmanned_systems', direction: 'civ_to_mil', month: 7, held: 1, cleared: 0 },
  ],
  trades: [
    // T1: auction, dealt in June after 90 days, completed in August, 1,000,000.00
    { source: 'auction', sellerOrganisationId: A, buyerOrganisationId: C, field: 'aerodynamics', direction: 'mil_to_civ', dealMonth: 6, completedMonth: 8, priceFen: '100000000', daysToDeal: 90 },
    // T2: negotiated in September after 120.5 days, not completed, 300,000.00
    { source: 'negotiation', sellerOrganisationId: A, buyerOrganisationId: B, field: 'nuclear', direction: 'mil_to_civ', dealMonth: 9, completedMonth: null, priceFen: '30000000', daysToDeal: 120.5 },
    // T3: negotiated in October after 30 days, completed in December, 50,000.00
    { source: 'negotiation', sellerOrganisationId: B, buyerOrganisationId: C, field: 'unmanned_systems', direction: 'civ_to_mil', dealMonth: 10, completedMonth: 12, priceFen: '5000000', daysToDeal: 30 },
    // T4: dealt last year, completed in February, 200,000.00
    { source: 'auction', sellerOrganisationId: A, buyerOrganisationId: B, field: 'aerodynamics', direction: 'mil_to_civ', dealMonth: null, completedMonth: 2, priceFen: '20000000', daysToDeal: null },
  ],
};

const ZERO = {
  listingsPublished: 0,
  evaluationsCompleted: 0,
  auctionsHeld: 0,
  auctionsCleared: 0,
  clearanceRate: null,
  negotiatedDeals: 0,
  tradesCompleted: 0,
  tradeVolume: '0.00',
  medianDaysToDeal: null,
};

describe('annual report', () => {
  const report = buildAnnualReport(2026, LISTINGS, MARKET, DIRECTORY, { organisations: true });
  const row = <T extends { key: string }>(rows: T[], key: string) => rows.find((r) => r.key === key);

  it('totals: 4 published, 2 evaluated, 1 of 3 auctions cleared, 2 negotiated, 3 completed for 1,250,000.00, median 90 days', () => {
    expect(report.totals).toEqual({
      listingsPublished: 4,
      evaluationsCompleted: 2,
      auctionsHeld: 3,
      auctionsCleared: 1,
      clearanceRate: '0.3333',
      negotiatedDeals: 2,
      tradesCompleted: 3,
      tradeVolume: '1250000.00',
      medianDaysToDeal: 90,
    });
    expect(report.year).toBe(2026);
    expect(report.timeZone).toBe('Asia/Shanghai');
  });

  it('by field: every field listed, figures where the facts are', () => {
    expect(report.byField).toHaveLength(12);
    expect(row(report.byField, 'aerodynamics')).toEqual({
      key: 'aerodynamics',
      label: { zh: '空气动力', en: 'Aerodynamics' },
      listingsPublished: 2,
      evaluationsCompleted: 1,
      auctionsHeld: 2,
      auctionsCleared: 1,
      clearanceRate: '0.5000',
      negotiatedDeals: 0,
      tradesCompleted: 2,
      tradeVolume: '1200000.00',
      medianDaysToDeal: 90,
    });
    expect(row(report.byField, 'nuclear')).toMatchObject({ listingsPublished: 1, auctionsHeld: 0, clearanceRate: null, negotiatedDeals: 1, tradesCompleted: 0, tradeVolume: '0.00', medianDaysToDeal: 120.5 });
    expect(row(report.byField, 'unmanned_systems')).toMatchObject({ listingsPublished: 1, evaluationsCompleted: 1, auctionsHeld: 1, clearanceRate: '0.0000', negotiatedDeals: 1, tradesCompleted: 1, tradeVolume: '50000.00', medianDaysToDeal: 30 });
    expect(row(report.byField, 'biomedicine')).toMatchObject(ZERO);
  });

  it('by direction: the median of an even count is the mean of the middle two (90 and 120.5 → 105.3)', () => {
    expect(report.byDirection.map((r) => r.key)).toEqual(['mil_to_civ', 'civ_to_mil']);
    expect(row(report.byDirection, 'mil_to_civ')).toMatchObject({ label: { zh: '军转民' }, listingsPublished: 3, evaluationsCompleted: 1, auctionsHeld: 2, auctionsCleared: 1, negotiatedDeals: 1, tradesCompleted: 2, tradeVolume: '1200000.00', medianDaysToDeal: 105.3 });
    expect(row(report.byDirection, 'civ_to_mil')).toMatchObject({ listingsPublished: 1, evaluationsCompleted: 1, auctionsHeld: 1, auctionsCleared: 0, negotiatedDeals: 1, tradesCompleted: 1, tradeVolume: '50000.00', medianDaysToDeal: 30 });
  });

  it('by region: the seller’s province, so C (a buyer in Sichuan) adds nothing of its own', () => {
    expect(report.byRegion.map((r) => [r.key, r.label.en])).toEqual([
      ['110000', 'Beijing'],
      ['510000', 'Sichuan'],
    ]);
    expect(row(report.byRegion, '510000')).toMatchObject({ listingsPublished: 3, auctionsHeld: 2, negotiatedDeals: 1, tradesCompleted: 2, tradeVolume: '1200000.00', medianDaysToDeal: 105.3 });
    expect(row(report.byRegion, '110000')).toMatchObject({ listingsPublished: 1, auctionsHeld: 1, negotiatedDeals: 1, tradesCompleted: 1, tradeVolume: '50000.00', medianDaysToDeal: 30 });
  });

  it('by month: listings when published, auctions when closed, deals when made, completions when completed', () => {
    expect(report.byMonth.map((r) => r.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(row(report.byMonth, '1')).toMatchObject(ZERO);
    expect(row(report.byMonth, '2')).toMatchObject({ ...ZERO, tradesCompleted: 1, tradeVolume: '200000.00' });
    expect(row(report.byMonth, '3')).toMatchObject({ ...ZERO, listingsPublished: 3, evaluationsCompleted: 2 });
    expect(row(report.byMonth, '5')).toMatchObject({ ...ZERO, listingsPublished: 1 });
    expect(row(report.byMonth, '6')).toMatchObject({ ...ZERO, auctionsHeld: 2, auctionsCleared: 1, clearanceRate: '0.5000', medianDaysToDeal: 90 });
    expect(row(report.byMonth, '7')).toMatchObject({ ...ZERO, auctionsHeld: 1, clearanceRate: '0.0000' });
    expect(row(report.byMonth, '8')).toMatchObject({ ...ZERO, tradesCompleted: 1, tradeVolume: '1000000.00' });
    expect(row(report.byMonth, '9')).toMatchObject({ ...ZERO, negotiatedDeals: 1, medianDaysToDeal: 120.5 });
    expect(row(report.byMonth, '10')).toMatchObject({ ...ZERO, negotiatedDeals: 1, medianDaysToDeal: 30 });
    expect(row(report.byMonth, '12')).toMatchObject({ ...ZERO, tradesCompleted: 1, tradeVolume: '50000.00' });
    expect(row(report.byMonth, '12')?.label).toEqual({ zh: '12月', en: 'December' });
  });

  it('per organisation (operators): deals counted by deal year, volume by completion year', () => {
    expect(report.organisations).toEqual([
      { organisationId: A, name: 'Alpha Institute', kind: 'institute', region: '510000', listingsPublished: 3, auctionsHeld: 2, auctionsCleared: 1, dealsAsSeller: 2, dealsAsBuyer: 0, volumeAsSeller: '1200000.00', volumeAsBuyer: '0.00' },
      { organisationId: B, name: 'Beta UAV Co', kind: 'enterprise', region: '110000', listingsPublished: 1, auctionsHeld: 1, auctionsCleared: 0, dealsAsSeller: 1, dealsAsBuyer: 1, volumeAsSeller: '50000.00', volumeAsBuyer: '200000.00' },
      { organisationId: C, name: 'Gamma Precision', kind: 'enterprise', region: '510000', listingsPublished: 0, auctionsHeld: 0, auctionsCleared: 0, dealsAsSeller: 0, dealsAsBuyer: 2, volumeAsSeller: '0.00', volumeAsBuyer: '1050000.00' },
    ]);
    expect(buildAnnualReport(2026, LISTINGS, MARKET, DIRECTORY).organisations).toBeUndefined();
  });

  it('an empty year is all zeros, with no clearance rate and no median', () => {
    const empty = buildAnnualReport(2030, [], { auctions: [], trades: [] }, new Map());
    expect(empty.totals).toEqual(ZERO);
    expect(empty.byRegion).toEqual([]);
  });

  it('a fact whose field, direction or organisation is unknown is counted under "unknown", never dropped', () => {
    const odd = buildAnnualReport(2026, [], { auctions: [{ sellerOrganisationId: 'x', field: null, direction: null, month: 1, held: 1, cleared: 1 }], trades: [] }, new Map());
    expect(odd.totals.auctionsHeld).toBe(1);
    expect(row(odd.byField, 'unknown')).toMatchObject({ auctionsHeld: 1, label: { en: 'Unknown' } });
    expect(row(odd.byRegion, 'unknown')).toMatchObject({ auctionsHeld: 1 });
  });
});

describe('CSV export', () => {
  const csv = annualReportCsv(buildAnnualReport(2026, LISTINGS, MARKET, DIRECTORY, { organisations: true }));
  const lines = csv.split('\r\n');

  it('has one header, the totals, then every breakdown row, then the organisations', () => {
    expect(lines[0]).toBe('year,breakdown,key,label_zh,label_en,listingsPublished,evaluationsCompleted,auctionsHeld,auctionsCleared,clearanceRate,negotiatedDeals,tradesCompleted,tradeVolume,medianDaysToDeal');
    expect(lines[1]).toBe('2026,total,,,,4,2,3,1,0.3333,2,3,1250000.00,90');
    expect(lines).toContain('2026,field,aerodynamics,空气动力,Aerodynamics,2,1,2,1,0.5000,0,2,1200000.00,90');
    expect(lines).toContain('2026,direction,mil_to_civ,军转民,Military to civilian,3,1,2,1,0.5000,1,2,1200000.00,105.3');
    expect(lines).toContain('2026,region,510000,四川省,Sichuan,3,1,2,1,0.5000,1,2,1200000.00,105.3');
    expect(lines).toContain('2026,month,1,1月,January,0,0,0,0,,0,0,0.00,');
    expect(lines.filter((l) => l.startsWith('2026,field,'))).toHaveLength(12);
    expect(lines).toContain(`2026,${C},Gamma Precision,enterprise,510000,0,0,0,0,2,0.00,1050000.00`);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField(null)).toBe('');
  });
});

describe('helpers', () => {
  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([0.05, 0.1])).toBe(0.1);
  });

  it('province of a division code', () => {
    expect(provinceOf('510703')).toBe('510000');
    expect(provinceOf('110000')).toBe('110000');
    expect(provinceOf('51')).toBe('unknown');
    expect(provinceOf(undefined)).toBe('unknown');
  });
});
