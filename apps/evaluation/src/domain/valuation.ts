/**
 * The panel's valuation range, robust to one outlier: the median of the experts' lows and the
 * median of their highs. With at least three experts one expert alone cannot move either median
 * outside the range spanned by the others, however far off they are (a mean would follow them).
 * Because every expert's low is at most their high, the median low is at most the median high.
 */
export interface ValuationRange {
  lowFen: bigint;
  highFen: bigint;
}

/** The median; for an even count the mean of the two middle values, rounded half up to the fen. */
export function medianFen(values: readonly bigint[]): bigint {
  if (values.length === 0) throw new Error('the median of nothing');
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle];
  return (sorted[middle - 1] + sorted[middle] + 1n) / 2n;
}

export function robustRange(ranges: readonly ValuationRange[]): ValuationRange {
  for (const range of ranges) {
    if (range.lowFen <= 0n || range.highFen < range.lowFen) throw new Error(`not a valuation range: ${range.lowFen}–${range.highFen}`);
  }
  return { lowFen: medianFen(ranges.map((r) => r.lowFen)), highFen: medianFen(ranges.map((r) => r.highFen)) };
}

/** The ranges that do not overlap the consensus range at all: shown to the operator as outliers. */
export function outliersOf<T extends ValuationRange>(ranges: readonly T[], consensus: ValuationRange): T[] {
  return ranges.filter((range) => range.highFen < consensus.lowFen || range.lowFen > consensus.highFen);
}
