import { RUBRIC_CRITERIA, RubricCriterion } from '@lib/contracts';

/**
 * Weights of the fixed rubric, in percent (they sum to 100). Technical advancement weighs most;
 * dual-use value least, because every listing here is dual-use by construction and the criterion
 * separates them less. Changing a weight changes every future grade: it is a rule, not a setting.
 */
export const RUBRIC_WEIGHTS: Readonly<Record<RubricCriterion, number>> = {
  technicalAdvancement: 25,
  maturity: 20,
  ipStrength: 20,
  marketProspect: 20,
  dualUseValue: 15,
};

export type RubricScores = Record<RubricCriterion, number>;

/** Grades by the consensus score (in tenths of a point, as published with one decimal). */
export const GRADE_BANDS: readonly { grade: Grade; minTenths: number }[] = [
  { grade: 'A', minTenths: 850 },
  { grade: 'B', minTenths: 700 },
  { grade: 'C', minTenths: 550 },
  { grade: 'D', minTenths: 0 },
];
export type Grade = 'A' | 'B' | 'C' | 'D';

/** Σ weight × score over the rubric: the weighted score in hundredths of a point (0–10 000), integers only. */
export function weightedScoreCenti(scores: RubricScores): number {
  let total = 0;
  for (const criterion of RUBRIC_CRITERIA) {
    const score = scores[criterion];
    if (!Number.isInteger(score) || score < 0 || score > 100) throw new Error(`${criterion} must be an integer 0-100, got ${score}`);
    total += RUBRIC_WEIGHTS[criterion] * score;
  }
  return total;
}

/** A (≥ 85.0), B (≥ 70.0), C (≥ 55.0), D (below): judged on the score as published, to one decimal. */
export function gradeOf(scoreTenths: number): Grade {
  return GRADE_BANDS.find((band) => scoreTenths >= band.minTenths)!.grade;
}

/** `numerator / denominator` rounded half up, for non-negative integers. */
export function divideRoundingHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}
