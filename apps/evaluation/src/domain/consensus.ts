import { RUBRIC_CRITERIA, RubricCriterion } from '@lib/contracts';
import { divideRoundingHalfUp, Grade, gradeOf, RubricScores, weightedScoreCenti } from './rubric';
import { outliersOf, robustRange } from './valuation';

export const MINIMUM_PANEL = 3;

export interface SubmittedReview {
  id: string;
  scores: RubricScores;
  valuationLowFen: bigint;
  valuationHighFen: bigint;
}

export interface Consensus {
  /** The consensus score in tenths of a point (published as `score` with one decimal). */
  scoreTenths: number;
  score: number;
  grade: Grade;
  valuationLowFen: bigint;
  valuationHighFen: bigint;
  /** Population standard deviation of the experts' weighted scores, in hundredths of a point. */
  dispersionHundredths: number;
  dispersion: number;
  dispersionThreshold: number;
  /** Dispersion beyond the threshold: an operator confirms or sends back instead of publishing. */
  flagged: boolean;
  experts: number;
  /** Panel mean of each criterion, one decimal. */
  criteria: Record<RubricCriterion, number>;
  /** Ids of reviews whose range does not overlap the consensus range. */
  valuationOutliers: string[];
  computedAt: Date;
}

/**
 * The consensus of a complete panel (at least three reviews):
 * - score: the mean of the experts' weighted scores, rounded half up to one decimal;
 * - grade: from that score (A ≥ 85, B ≥ 70, C ≥ 55, else D);
 * - valuation: the median low and the median high (robust to one outlier);
 * - dispersion: the population standard deviation of the weighted scores, in points (2 decimals);
 * - flagged: dispersion strictly above `dispersionThreshold`.
 * Score arithmetic is in integers (weights in percent × scores), so boundaries are exact.
 */
export function consensusOf(reviews: readonly SubmittedReview[], dispersionThreshold: number, now: Date): Consensus {
  const n = reviews.length;
  if (n < MINIMUM_PANEL) throw new Error(`a consensus needs at least ${MINIMUM_PANEL} reviews, got ${n}`);
  const weighted = reviews.map((review) => weightedScoreCenti(review.scores));
  const sum = weighted.reduce((a, b) => a + b, 0);
  const sumOfSquares = weighted.reduce((a, b) => a + b * b, 0);
  const scoreTenths = divideRoundingHalfUp(sum, 10 * n);
  // SD in points = sqrt(n·Σc² − (Σc)²) / (100·n) for c in hundredths; in hundredths of a point:
  const dispersionHundredths = Math.round(Math.sqrt(n * sumOfSquares - sum * sum) / n);
  const range = robustRange(reviews.map((r) => ({ lowFen: r.valuationLowFen, highFen: r.valuationHighFen })));
  const criteria = Object.fromEntries(
    RUBRIC_CRITERIA.map((criterion) => [criterion, divideRoundingHalfUp(reviews.reduce((a, r) => a + r.scores[criterion], 0) * 10, n) / 10]),
  ) as Record<RubricCriterion, number>;
  return {
    scoreTenths,
    score: scoreTenths / 10,
    grade: gradeOf(scoreTenths),
    valuationLowFen: range.lowFen,
    valuationHighFen: range.highFen,
    dispersionHundredths,
    dispersion: dispersionHundredths / 100,
    dispersionThreshold,
    flagged: dispersionHundredths > Math.round(dispersionThreshold * 100),
    experts: n,
    criteria,
    valuationOutliers: outliersOf(
      reviews.map((r) => ({ id: r.id, lowFen: r.valuationLowFen, highFen: r.valuationHighFen })),
      range,
    ).map((r) => r.id),
    computedAt: now,
  };
}
