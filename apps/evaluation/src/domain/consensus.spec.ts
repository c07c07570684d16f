import fc from 'fast-check';
import { consensusOf, SubmittedReview } from './consensus';
import { gradeOf, weightedScoreCenti } from './rubric';

const NOW = new Date('2026-11-26T08:00:00Z');
const yuan = (amount: number) => BigInt(Math.round(amount * 100));
const all = (score: number) => ({ technicalAdvancement: score, maturity: score, ipStrength: score, marketProspect: score, dualUseValue: score });
const review = (id: string, scores: SubmittedReview['scores'], low: number, high: number): SubmittedReview => ({
  id,
  scores,
  valuationLowFen: yuan(low),
  valuationHighFen: yuan(high),
});

/*
 * Hand-worked panel (weights 25/20/20/20/15):
 *   E1: 80 70 75 60 90 → 25·80 + 20·70 + 20·75 + 20·60 + 15·90 = 2000+1400+1500+1200+1350 = 7450 → 74.50
 *   E2: 85 75 70 65 85 → 2125+1500+1400+1300+1275 = 7600 → 76.00
 *   E3: 78 72 80 70 88 → 1950+1440+1600+1400+1320 = 7710 → 77.10
 *   mean = 22760 / 3 = 7586.67 → 75.87 → published 75.9 → grade B
 *   SD: deviations −1.367, +0.133, +1.233; squares 1.868, 0.018, 1.521; mean 1.136; √ = 1.066 → 1.07
 *   valuations (yuan): [1.0M, 1.5M], [1.2M, 1.8M], [0.9M, 1.4M] → median low 1.0M, median high 1.5M
 */
const E1 = review('e1', { technicalAdvancement: 80, maturity: 70, ipStrength: 75, marketProspect: 60, dualUseValue: 90 }, 1_000_000, 1_500_000);
const E2 = review('e2', { technicalAdvancement: 85, maturity: 75, ipStrength: 70, marketProspect: 65, dualUseValue: 85 }, 1_200_000, 1_800_000);
const E3 = review('e3', { technicalAdvancement: 78, maturity: 72, ipStrength: 80, marketProspect: 70, dualUseValue: 88 }, 900_000, 1_400_000);

describe('weighted score and grade', () => {
  it('weighs the rubric 25/20/20/20/15, in hundredths of a point', () => {
    expect([E1, E2, E3].map((r) => weightedScoreCenti(r.scores))).toEqual([7450, 7600, 7710]);
    expect(weightedScoreCenti(all(100))).toBe(10_000);
    expect(weightedScoreCenti(all(0))).toBe(0);
  });

  it('refuses scores outside 0–100 or with fractions', () => {
    expect(() => weightedScoreCenti({ ...all(50), maturity: 101 })).toThrow();
    expect(() => weightedScoreCenti({ ...all(50), maturity: -1 })).toThrow();
    expect(() => weightedScoreCenti({ ...all(50), maturity: 50.5 })).toThrow();
  });

  it('grades on the published score: A ≥ 85.0, B ≥ 70.0, C ≥ 55.0, else D', () => {
    expect([1000, 850, 849, 700, 699, 550, 549, 0].map(gradeOf)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D']);
  });
});

describe('consensus of a panel', () => {
  it('computes the hand-worked panel', () => {
    expect(consensusOf([E1, E2, E3], 15, NOW)).toEqual({
      scoreTenths: 759,
      score: 75.9,
      grade: 'B',
      valuationLowFen: yuan(1_000_000),
      valuationHighFen: yuan(1_500_000),
      dispersionHundredths: 107,
      dispersion: 1.07,
      dispersionThreshold: 15,
      flagged: false,
      experts: 3,
      criteria: { technicalAdvancement: 81, maturity: 72.3, ipStrength: 75, marketProspect: 65, dualUseValue: 87.7 },
      valuationOutliers: [],
      computedAt: NOW,
    });
  });

  it('does not depend on the order of the reviews', () => {
    const a = consensusOf([E1, E2, E3], 15, NOW);
    const b = consensusOf([E3, E1, E2], 15, NOW);
    expect({ ...b, valuationOutliers: [] }).toEqual({ ...a, valuationOutliers: [] });
  });

  /*
   * One expert values it at 50–80 million instead of about 1–2 million:
   *   lows 1.0M, 1.2M, 50M → median 1.2M (a mean would be 17.4M)
   *   highs 1.5M, 1.8M, 80M → median 1.8M (a mean would be 27.77M)
   *   the outlier's range [50M, 80M] does not overlap [1.2M, 1.8M]: named as an outlier.
   */
  it('keeps the valuation range where the others put it when one expert is far off, and names the outlier', () => {
    const outlier = review('e3', E3.scores, 50_000_000, 80_000_000);
    const result = consensusOf([E1, E2, outlier], 15, NOW);
    expect({ low: result.valuationLowFen, high: result.valuationHighFen, outliers: result.valuationOutliers }).toEqual({
      low: yuan(1_200_000),
      high: yuan(1_800_000),
      outliers: ['e3'],
    });
    const low = review('e3', E3.scores, 1, 2);
    const lowResult = consensusOf([E1, E2, low], 15, NOW);
    expect({ low: lowResult.valuationLowFen, high: lowResult.valuationHighFen, outliers: lowResult.valuationOutliers }).toEqual({
      low: yuan(1_000_000),
      high: yuan(1_500_000),
      outliers: ['e3'],
    });
  });

  it('property: one outlier, however far, leaves the range within what the other experts said', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 })), { minLength: 2, maxLength: 8 }),
        fc.tuple(fc.integer({ min: 1, max: 1_000_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 })),
        (honest, [outLow, outSpan]) => {
          const reviews = [...honest, [outLow, outSpan] as [number, number]].map(([low, span], i) => ({
            id: `r${i}`,
            scores: all(70),
            valuationLowFen: BigInt(low),
            valuationHighFen: BigInt(low + span),
          }));
          const result = consensusOf(reviews, 15, NOW);
          const lows = honest.map(([low]) => BigInt(low));
          const highs = honest.map(([low, span]) => BigInt(low + span));
          const min = (xs: bigint[]) => xs.reduce((a, b) => (b < a ? b : a));
          const max = (xs: bigint[]) => xs.reduce((a, b) => (b > a ? b : a));
          return (
            result.valuationLowFen >= min(lows) &&
            result.valuationLowFen <= max(lows) &&
            result.valuationHighFen >= min(highs) &&
            result.valuationHighFen <= max(highs) &&
            result.valuationLowFen <= result.valuationHighFen
          );
        },
      ),
    );
  });

  /*
   * Two experts at 90 everywhere, one at 40: weighted 9000, 9000, 4000; mean 73.33 → 73.3 (B);
   * SD = √((16.67² + 16.67² + 33.33²) / 3) = √555.56 = 23.57 > 15: flagged for the operator.
   */
  it('flags a panel that disagrees beyond the threshold', () => {
    const result = consensusOf([review('a', all(90), 1, 2), review('b', all(90), 1, 2), review('c', all(40), 1, 2)], 15, NOW);
    expect({ score: result.score, grade: result.grade, dispersion: result.dispersion, flagged: result.flagged }).toEqual({
      score: 73.3,
      grade: 'B',
      dispersion: 23.57,
      flagged: true,
    });
    expect(consensusOf([review('a', all(90), 1, 2), review('b', all(90), 1, 2), review('c', all(40), 1, 2)], 23.57, NOW).flagged).toBe(false);
  });

  /* Weighted 6000, 6000, 9000, 9000: mean 75, every deviation 15, SD exactly 15.00. */
  it('flags only dispersion strictly above the threshold', () => {
    const panel = [review('a', all(60), 1, 2), review('b', all(60), 1, 2), review('c', all(90), 1, 2), review('d', all(90), 1, 2)];
    expect(consensusOf(panel, 15, NOW)).toMatchObject({ dispersion: 15, flagged: false });
    expect(consensusOf(panel, 14.99, NOW)).toMatchObject({ dispersion: 15, flagged: true });
  });

  it('has no dispersion when the panel agrees exactly', () => {
    expect(consensusOf([review('a', all(77), 1, 2), review('b', all(77), 1, 2), review('c', all(77), 1, 2)], 0, NOW)).toMatchObject({
      score: 77,
      dispersion: 0,
      flagged: false,
    });
  });

  /*
   * Rounding half up at a grade boundary: three experts at 85 everywhere (8500) and one at 85
   * except maturity 84 (8500 − 20 = 8480): mean 33980 / 4 = 8495 → 84.95 → 85.0 → A.
   * Three at 85, one with technical advancement 80 (8500 − 125 = 8375): 25375 / 3 = 84.58 → 84.6 → B.
   */
  it('rounds the score half up to one decimal before grading', () => {
    const atBoundary = [review('a', all(85), 1, 2), review('b', all(85), 1, 2), review('c', all(85), 1, 2), review('d', { ...all(85), maturity: 84 }, 1, 2)];
    expect(consensusOf(atBoundary, 15, NOW)).toMatchObject({ score: 85, grade: 'A' });
    const below = [review('a', all(85), 1, 2), review('b', all(85), 1, 2), review('c', { ...all(85), technicalAdvancement: 80 }, 1, 2)];
    expect(consensusOf(below, 15, NOW)).toMatchObject({ score: 84.6, grade: 'B' });
  });

  /* Four experts: lows 1.00, 1.01, 2.00, 3.00 yuan → (1.01 + 2.00) / 2 = 1.505 → 1.51 (half up, in fen). */
  it('takes the mean of the two middle values for an even panel, rounded half up to the fen', () => {
    const panel = [review('a', all(70), 1, 5), review('b', all(70), 1.01, 5), review('c', all(70), 2, 5), review('d', all(70), 3, 6)];
    expect(consensusOf(panel, 15, NOW)).toMatchObject({ valuationLowFen: 151n, valuationHighFen: 500n });
  });

  it('needs at least three reviews', () => {
    expect(() => consensusOf([E1, E2], 15, NOW)).toThrow(/at least 3/);
  });
});
