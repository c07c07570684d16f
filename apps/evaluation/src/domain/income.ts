import { DomainError } from '@lib/errors';

/**
 * The income method's small calculator: the present value of the royalties a licensee would pay,
 *
 *     PV = Σ_{t=1..years} revenue(t) × royalty ÷ (1 + discount)^t
 *
 * with end-of-year discounting. Revenue of the years beyond the forecast repeats its last value
 * (a flat tail). Everything is exact rational arithmetic on BigInt (fen and basis points); the
 * total is rounded half up to the fen once, so it may differ by a fen from the sum of the rounded
 * yearly values shown beside it.
 */
export interface IncomeInputs {
  revenueForecastFen: bigint[];
  royaltyBasisPoints: bigint;
  discountBasisPoints: bigint;
  years: number;
}

export interface IncomeYear {
  year: number;
  revenueFen: bigint;
  royaltyFen: bigint;
  /** 1 ÷ (1 + discount)^year with 6 decimals. */
  discountFactor: string;
  presentValueFen: bigint;
}

export interface IncomeResult {
  presentValueFen: bigint;
  years: IncomeYear[];
}

const BP = 10_000n;

/** `n / d` rounded half up, for non-negative BigInts. */
export function divideHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

export function discountedRoyalty(inputs: IncomeInputs, fieldPrefix = ''): IncomeResult {
  const { revenueForecastFen: forecast, royaltyBasisPoints: royalty, discountBasisPoints: discount, years } = inputs;
  const problems: { field: string; messages: string[] }[] = [];
  if (forecast.length === 0) problems.push({ field: `${fieldPrefix}revenueForecast`, messages: ['revenueForecast must give at least one year'] });
  if (forecast.length > years) {
    problems.push({ field: `${fieldPrefix}revenueForecast`, messages: [`revenueForecast gives ${forecast.length} years but years is ${years}`] });
  }
  if (royalty <= 0n) problems.push({ field: `${fieldPrefix}royaltyRate`, messages: ['royaltyRate must be more than 0'] });
  if (problems.length) {
    throw new DomainError('REQUEST.INVALID', 'validation', `Invalid input: ${problems.map((p) => p.field).join(', ')}`, { fields: problems });
  }
  const revenueOf = (year: number) => forecast[Math.min(year, forecast.length) - 1];
  const growth = BP + discount; // (1 + discount) in basis points
  // Over the common denominator growth^years: Σ revenue(t) · royalty · BP^(t−1) · growth^(years−t).
  let numerator = 0n;
  const rows: IncomeYear[] = [];
  for (let t = 1; t <= years; t++) {
    const revenue = revenueOf(t);
    numerator += revenue * royalty * BP ** BigInt(t - 1) * growth ** BigInt(years - t);
    const factorDenominator = growth ** BigInt(t);
    const factorMillionths = divideHalfUp(1_000_000n * BP ** BigInt(t), factorDenominator);
    rows.push({
      year: t,
      revenueFen: revenue,
      royaltyFen: divideHalfUp(revenue * royalty, BP),
      discountFactor: `${factorMillionths / 1_000_000n}.${(factorMillionths % 1_000_000n).toString().padStart(6, '0')}`,
      presentValueFen: divideHalfUp(revenue * royalty * BP ** BigInt(t - 1), factorDenominator),
    });
  }
  return { presentValueFen: divideHalfUp(numerator, growth ** BigInt(years)), years: rows };
}
