import { ValuationMethod } from '@lib/contracts';
import { DomainError, FieldProblem } from '@lib/errors';

export interface ReviewedAssignment {
  status: string;
  round: number;
}

/**
 * An expert submits once, for an assignment of the evaluation's current round that is still theirs:
 * a submitted one is final (409), a replaced or withdrawn one is no longer theirs to answer (409),
 * and only an evaluation in review takes reviews. A late review (deadline passed, not replaced) is
 * accepted: the missed flag stays on record.
 */
export function assertMaySubmit(assignment: ReviewedAssignment, evaluation: { status: string; round: number }): void {
  if (assignment.status === 'submitted') {
    throw new DomainError('REVIEW.ALREADY_SUBMITTED', 'conflict', 'This review was already submitted; submissions are final');
  }
  if (assignment.status !== 'assigned') {
    throw new DomainError('ASSIGNMENT.CLOSED', 'conflict', `This assignment is ${assignment.status}: it takes no review`);
  }
  if (evaluation.status !== 'in_review' || evaluation.round !== assignment.round) {
    throw new DomainError('ASSIGNMENT.CLOSED', 'conflict', `The evaluation is ${evaluation.status}: it takes no review`);
  }
}

export interface SubmittedValuation {
  lowFen: bigint;
  highFen: bigint;
  method: ValuationMethod;
  hasIncomeInputs: boolean;
  comparableTradeIds: readonly string[];
}

/** A range is positive and ordered; calculator inputs go with the income method, comparables with the market method. */
export function assertValuation(valuation: SubmittedValuation): void {
  const problems: FieldProblem[] = [];
  if (valuation.lowFen <= 0n) problems.push({ field: 'valuation.low', messages: ['valuation.low must be more than 0.00'] });
  if (valuation.highFen < valuation.lowFen) problems.push({ field: 'valuation.high', messages: ['valuation.high must be at least valuation.low'] });
  if (valuation.hasIncomeInputs && valuation.method !== 'income') {
    problems.push({ field: 'valuation.income', messages: ['valuation.income goes only with the income method'] });
  }
  if (valuation.comparableTradeIds.length > 0 && valuation.method !== 'market') {
    problems.push({ field: 'valuation.comparableTradeIds', messages: ['valuation.comparableTradeIds go only with the market method'] });
  }
  if (problems.length) {
    throw new DomainError('REQUEST.INVALID', 'validation', `Invalid input: ${problems.map((p) => p.field).join(', ')}`, { fields: problems });
  }
}

/** Comparable trades are looked up within ± `band` TRL levels, inside 1–9. */
export function trlBandOf(trl: number, band: number): { trlMin: number; trlMax: number } {
  return { trlMin: Math.max(1, trl - band), trlMax: Math.min(9, trl + band) };
}
