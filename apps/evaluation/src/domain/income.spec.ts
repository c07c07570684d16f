import { DomainError } from '@lib/errors';
import { discountedRoyalty, IncomeInputs } from './income';

const fen = (yuan: number) => BigInt(Math.round(yuan * 100));

describe('discounted-royalty calculator (income method)', () => {
  /*
   * 1,000,000 yuan of revenue a year for 3 years, royalty 5%, discount 10%:
   *   royalty 50,000 a year; PV = 50,000/1.1 + 50,000/1.21 + 50,000/1.331
   *      = 45,454.545 + 41,322.314 + 37,565.740 = 124,342.5995… → 124,342.60
   *   (exactly 165,500,000,000 / 1,331 fen)
   */
  it('computes a flat forecast by hand', () => {
    const result = discountedRoyalty({ revenueForecastFen: [fen(1_000_000)], royaltyBasisPoints: 500n, discountBasisPoints: 1000n, years: 3 });
    expect(result).toEqual({
      presentValueFen: fen(124_342.6),
      years: [
        { year: 1, revenueFen: fen(1_000_000), royaltyFen: fen(50_000), discountFactor: '0.909091', presentValueFen: fen(45_454.55) },
        { year: 2, revenueFen: fen(1_000_000), royaltyFen: fen(50_000), discountFactor: '0.826446', presentValueFen: fen(41_322.31) },
        { year: 3, revenueFen: fen(1_000_000), royaltyFen: fen(50_000), discountFactor: '0.751315', presentValueFen: fen(37_565.74) },
      ],
    });
  });

  /*
   * Forecast 1,000,000 then 2,000,000, over 4 years (years 3 and 4 repeat 2,000,000), royalty 3.5%,
   * discount 8%:
   *   year 1: 35,000 / 1.08        = 32,407.407 → 32,407.41
   *   year 2: 70,000 / 1.1664      = 60,013.717 → 60,013.72
   *   year 3: 70,000 / 1.259712    = 55,568.257 → 55,568.26
   *   year 4: 70,000 / 1.36048896  = 51,452.090 → 51,452.09
   *   total 199,441.4714 → 199,441.47, one fen below the sum of the rounded years (199,441.48):
   *   the total is rounded once.
   */
  it('repeats the last forecast year and rounds the total once', () => {
    const result = discountedRoyalty({ revenueForecastFen: [fen(1_000_000), fen(2_000_000)], royaltyBasisPoints: 350n, discountBasisPoints: 800n, years: 4 });
    expect(result.presentValueFen).toBe(fen(199_441.47));
    expect(result.years.map((y) => [y.revenueFen, y.royaltyFen, y.discountFactor, y.presentValueFen])).toEqual([
      [fen(1_000_000), fen(35_000), '0.925926', fen(32_407.41)],
      [fen(2_000_000), fen(70_000), '0.857339', fen(60_013.72)],
      [fen(2_000_000), fen(70_000), '0.793832', fen(55_568.26)],
      [fen(2_000_000), fen(70_000), '0.735030', fen(51_452.09)],
    ]);
    expect(result.years.reduce((sum, y) => sum + y.presentValueFen, 0n)).toBe(fen(199_441.48));
  });

  it('with no discount, is the plain sum of the royalties', () => {
    expect(discountedRoyalty({ revenueForecastFen: [fen(500_000)], royaltyBasisPoints: 1000n, discountBasisPoints: 0n, years: 5 }).presentValueFen).toBe(fen(250_000));
  });

  it('keeps fen exact on large amounts over twenty years', () => {
    const result = discountedRoyalty({ revenueForecastFen: [fen(9_999_999_999_999.99)], royaltyBasisPoints: 10_000n, discountBasisPoints: 1n, years: 20 });
    expect(result.years).toHaveLength(20);
    expect(result.presentValueFen > 0n).toBe(true);
    expect(result.presentValueFen < 20n * fen(9_999_999_999_999.99)).toBe(true);
  });

  it.each<[string, Partial<IncomeInputs>, string[]]>([
    ['a forecast longer than the years', { revenueForecastFen: [1n, 2n, 3n], years: 2 }, ['revenueForecast']],
    ['a zero royalty', { royaltyBasisPoints: 0n }, ['royaltyRate']],
    ['no forecast at all', { revenueForecastFen: [] }, ['revenueForecast']],
  ])('refuses %s with the field named', (_, change, fields) => {
    const inputs: IncomeInputs = { revenueForecastFen: [fen(1)], royaltyBasisPoints: 500n, discountBasisPoints: 1000n, years: 3, ...change };
    try {
      discountedRoyalty(inputs, 'valuation.income.');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('validation');
      expect((error as DomainError).extra.fields?.map((f) => f.field)).toEqual(fields.map((f) => `valuation.income.${f}`));
    }
  });
});
