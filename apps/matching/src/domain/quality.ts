/**
 * Measures of a ranking against a person's labels, for the quality check (scripts/matching-quality.ts):
 * precision@k (share of the first k results a person would accept) and recall@k (share of what a person
 * would accept found among the first k).
 */

export function precisionAt(ranked: readonly string[], accepted: ReadonlySet<string>, k: number): number {
  if (k <= 0) throw new Error('k must be positive');
  return ranked.slice(0, k).filter((id) => accepted.has(id)).length / k;
}

export function recallAt(ranked: readonly string[], accepted: ReadonlySet<string>, k: number): number {
  if (accepted.size === 0) throw new Error('recall needs at least one accepted item');
  return ranked.slice(0, k).filter((id) => accepted.has(id)).length / accepted.size;
}

export interface QualityCase {
  key: string;
  ranked: readonly string[];
  accepted: ReadonlySet<string>;
}

export interface QualityReport {
  demands: number;
  precisionAt5: number;
  recallAt20: number;
  /** The best precision@5 any ranking could reach on these labels (demands with fewer than 5 accepted listings cap it). */
  precisionAt5Ceiling: number;
  perDemand: { key: string; precisionAt5: number; recallAt20: number; accepted: number; returned: number }[];
}

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** Means over the demands (macro-averaged), each demand counting once. */
export function qualityReport(cases: readonly QualityCase[]): QualityReport {
  const perDemand = cases.map((c) => ({
    key: c.key,
    precisionAt5: precisionAt(c.ranked, c.accepted, 5),
    recallAt20: recallAt(c.ranked, c.accepted, 20),
    accepted: c.accepted.size,
    returned: c.ranked.length,
  }));
  return {
    demands: cases.length,
    precisionAt5: mean(perDemand.map((d) => d.precisionAt5)),
    recallAt20: mean(perDemand.map((d) => d.recallAt20)),
    precisionAt5Ceiling: mean(cases.map((c) => Math.min(5, c.accepted.size) / 5)),
    perDemand,
  };
}
