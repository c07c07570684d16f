import { EvaluationStatus } from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { assertListingEvaluable, assertOwnerMayCancel, EvaluationAction, nextEvaluationStatus } from './evaluation-status';
import { assertMaySubmit, assertValuation, trlBandOf } from './review';

const code = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('evaluation status machine', () => {
  it.each<[EvaluationStatus, EvaluationAction, EvaluationStatus]>([
    ['requested', 'assign', 'in_review'],
    ['in_review', 'publish', 'published'],
    ['in_review', 'flag', 'flagged'],
    ['flagged', 'confirm', 'published'],
    ['flagged', 'send_back', 'requested'],
    ['requested', 'cancel', 'cancelled'],
    ['in_review', 'cancel', 'cancelled'],
    ['flagged', 'cancel', 'cancelled'],
  ])('%s —%s→ %s', (from, action, to) => {
    expect(nextEvaluationStatus(from, action, 'a reason')).toBe(to);
  });

  it.each<[EvaluationStatus, EvaluationAction]>([
    ['requested', 'publish'],
    ['requested', 'confirm'],
    ['in_review', 'assign'],
    ['in_review', 'confirm'],
    ['published', 'cancel'],
    ['published', 'send_back'],
    ['cancelled', 'assign'],
    ['flagged', 'assign'],
  ])('refuses %s —%s→', (from, action) => {
    expect(code(() => nextEvaluationStatus(from, action, 'a reason'))).toBe('EVALUATION.INVALID_TRANSITION');
  });

  it('needs a reason to send back or cancel', () => {
    expect(code(() => nextEvaluationStatus('flagged', 'send_back', '  '))).toBe('EVALUATION.REASON_REQUIRED');
    expect(code(() => nextEvaluationStatus('requested', 'cancel', undefined))).toBe('EVALUATION.REASON_REQUIRED');
    expect(nextEvaluationStatus('flagged', 'confirm', undefined)).toBe('published');
  });

  it('lets the owner withdraw a request only before the panel is assigned', () => {
    expect(code(() => assertOwnerMayCancel('requested'))).toBeNull();
    expect(code(() => assertOwnerMayCancel('in_review'))).toBe('EVALUATION.INVALID_TRANSITION');
  });

  it('evaluates draft, pending and published listings only', () => {
    for (const status of ['draft', 'pending_review', 'published']) expect(code(() => assertListingEvaluable(status))).toBeNull();
    for (const status of ['rejected', 'suspended', 'sold', 'withdrawn']) expect(code(() => assertListingEvaluable(status))).toBe('EVALUATION.LISTING_NOT_EVALUABLE');
  });
});

describe('reviews', () => {
  const inReview = { status: 'in_review', round: 1 };

  it('are submitted once, to an open assignment of the current round', () => {
    expect(code(() => assertMaySubmit({ status: 'assigned', round: 1 }, inReview))).toBeNull();
    expect(code(() => assertMaySubmit({ status: 'submitted', round: 1 }, inReview))).toBe('REVIEW.ALREADY_SUBMITTED');
    expect(code(() => assertMaySubmit({ status: 'replaced', round: 1 }, inReview))).toBe('ASSIGNMENT.CLOSED');
    expect(code(() => assertMaySubmit({ status: 'withdrawn', round: 1 }, inReview))).toBe('ASSIGNMENT.CLOSED');
    expect(code(() => assertMaySubmit({ status: 'assigned', round: 1 }, { status: 'cancelled', round: 1 }))).toBe('ASSIGNMENT.CLOSED');
    expect(code(() => assertMaySubmit({ status: 'assigned', round: 1 }, { status: 'in_review', round: 2 }))).toBe('ASSIGNMENT.CLOSED');
  });

  it('carry a positive, ordered range; calculator inputs with the income method, comparables with the market method', () => {
    const base = { lowFen: 100n, highFen: 200n, method: 'cost' as const, hasIncomeInputs: false, comparableTradeIds: [] };
    const fields = (change: object) => {
      try {
        assertValuation({ ...base, ...change });
        return [];
      } catch (error) {
        return (error as DomainError).extra.fields!.map((f) => f.field);
      }
    };
    expect(fields({})).toEqual([]);
    expect(fields({ highFen: 100n })).toEqual([]);
    expect(fields({ lowFen: 0n })).toEqual(['valuation.low']);
    expect(fields({ highFen: 99n })).toEqual(['valuation.high']);
    expect(fields({ hasIncomeInputs: true })).toEqual(['valuation.income']);
    expect(fields({ method: 'income', hasIncomeInputs: true })).toEqual([]);
    expect(fields({ comparableTradeIds: ['t'] })).toEqual(['valuation.comparableTradeIds']);
    expect(fields({ method: 'market', comparableTradeIds: ['t'] })).toEqual([]);
  });

  it('look up comparables within the TRL band, inside 1–9', () => {
    expect(trlBandOf(6, 1)).toEqual({ trlMin: 5, trlMax: 7 });
    expect(trlBandOf(1, 2)).toEqual({ trlMin: 1, trlMax: 3 });
    expect(trlBandOf(9, 1)).toEqual({ trlMin: 8, trlMax: 9 });
    expect(trlBandOf(4, 0)).toEqual({ trlMin: 4, trlMax: 4 });
  });
});
