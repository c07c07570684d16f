import { DomainError } from '@lib/errors';
import { complete, confirmPayment, dispute, isSignatureOverdue, outstandingFen, proposeTerms, resolveDispute, sign, TradeState, TradeStatus } from './trade-lifecycle';

const NOW = new Date('2026-11-26T10:00:00Z');
const TERMS = { scope: 'exclusive licence, civil UAVs, mainland China', effectiveDate: '2027-01-01', expiryDate: '2031-12-31' };

function trade(overrides: Partial<TradeState> = {}): TradeState {
  return {
    status: 'pending_signature',
    termsVersion: 0,
    sellerSignedAt: null,
    buyerSignedAt: null,
    disputedFrom: null,
    priceFen: 100_000_000n,
    depositAppliedFen: 5_000_000n,
    createdAt: new Date('2026-11-01T00:00:00Z'),
    ...overrides,
  };
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'no error';
};

const ALL: TradeStatus[] = ['pending_signature', 'signed', 'paid', 'completed', 'disputed', 'refunded', 'cancelled'];

describe('contract terms', () => {
  it('are proposed by the seller only, and each proposal is a new version that voids signatures', () => {
    expect(proposeTerms(trade(), 'seller', TERMS)).toEqual({ termsVersion: 1, sellerSignedAt: null, buyerSignedAt: null });
    expect(proposeTerms(trade({ termsVersion: 3, buyerSignedAt: NOW }), 'seller', TERMS).termsVersion).toBe(4);
    expect(codeOf(() => proposeTerms(trade(), 'buyer', TERMS))).toBe('TRADE.SELLER_PROPOSES_TERMS');
  });

  it('cannot change once signed by both, nor later', () => {
    for (const status of ALL.filter((s) => s !== 'pending_signature')) {
      expect(codeOf(() => proposeTerms(trade({ status }), 'seller', TERMS))).toBe('TRADE.INVALID_TRANSITION');
    }
  });

  it('refuse an expiry before the effective date, but allow the same day and no expiry', () => {
    expect(codeOf(() => proposeTerms(trade(), 'seller', { ...TERMS, expiryDate: '2026-12-31' }))).toBe('TRADE.INVALID_TERMS');
    expect(codeOf(() => proposeTerms(trade(), 'seller', { ...TERMS, expiryDate: '2027-01-01' }))).toBe('no error');
    expect(codeOf(() => proposeTerms(trade(), 'seller', { ...TERMS, expiryDate: null }))).toBe('no error');
  });
});

describe('signatures', () => {
  const withTerms = (overrides: Partial<TradeState> = {}) => ({ ...trade({ termsVersion: 2, ...overrides }), hasTerms: true });

  it('need terms to sign, and the version the signer read', () => {
    expect(codeOf(() => sign({ ...trade(), hasTerms: false }, 'buyer', 0, NOW))).toBe('TRADE.NO_TERMS');
    expect(codeOf(() => sign(withTerms(), 'buyer', 1, NOW))).toBe('TRADE.TERMS_CHANGED');
    expect(codeOf(() => sign(withTerms(), 'buyer', 3, NOW))).toBe('TRADE.TERMS_CHANGED');
  });

  it('make the trade signed when the second party signs, in either order', () => {
    const one = sign(withTerms(), 'buyer', 2, NOW);
    expect(one).toMatchObject({ status: 'pending_signature', buyerSignedAt: NOW, sellerSignedAt: null, signedAt: null, changed: true });
    const later = new Date(NOW.getTime() + 60_000);
    const both = sign(withTerms({ buyerSignedAt: NOW }), 'seller', 2, later);
    expect(both).toEqual({ status: 'signed', buyerSignedAt: NOW, sellerSignedAt: later, signedAt: later, changed: true });
    expect(sign(withTerms({ sellerSignedAt: NOW }), 'buyer', 2, later).status).toBe('signed');
  });

  it('are idempotent: signing twice keeps the first signature time', () => {
    const again = sign(withTerms({ sellerSignedAt: NOW }), 'seller', 2, new Date(NOW.getTime() + 1000));
    expect(again).toMatchObject({ changed: false, sellerSignedAt: NOW, status: 'pending_signature' });
  });

  it('are refused once the trade is past pending signature', () => {
    for (const status of ALL.filter((s) => s !== 'pending_signature')) {
      expect(codeOf(() => sign(withTerms({ status }), 'buyer', 2, NOW))).toBe('TRADE.INVALID_TRANSITION');
    }
  });
});

describe('payment', () => {
  it('is the price minus the applied deposit, never negative', () => {
    expect(outstandingFen(trade())).toBe(95_000_000n);
    expect(outstandingFen(trade({ depositAppliedFen: 0n }))).toBe(100_000_000n);
    expect(outstandingFen(trade({ depositAppliedFen: 200_000_000n }))).toBe(0n);
  });

  it('must be exactly the outstanding amount, on a signed trade', () => {
    expect(confirmPayment(trade({ status: 'signed' }), 95_000_000n)).toEqual({ status: 'paid' });
    expect(codeOf(() => confirmPayment(trade({ status: 'signed' }), 95_000_001n))).toBe('TRADE.PAYMENT_AMOUNT_MISMATCH');
    expect(codeOf(() => confirmPayment(trade({ status: 'signed' }), 100_000_000n))).toBe('TRADE.PAYMENT_AMOUNT_MISMATCH');
    for (const status of ALL.filter((s) => s !== 'signed')) expect(codeOf(() => confirmPayment(trade({ status }), 95_000_000n))).toBe('TRADE.INVALID_TRANSITION');
  });
});

describe('completion', () => {
  it('is the buyer’s (or an operator’s) acceptance of a paid trade', () => {
    expect(complete(trade({ status: 'paid' }), 'buyer')).toEqual({ status: 'completed' });
    expect(complete(trade({ status: 'paid' }), 'operator')).toEqual({ status: 'completed' });
    expect(codeOf(() => complete(trade({ status: 'paid' }), 'seller'))).toBe('TRADE.BUYER_ACCEPTS');
    for (const status of ALL.filter((s) => s !== 'paid')) expect(codeOf(() => complete(trade({ status }), 'buyer'))).toBe('TRADE.INVALID_TRANSITION');
  });
});

describe('disputes', () => {
  it('open from signed or paid only, with a reason, remembering where they came from', () => {
    expect(dispute(trade({ status: 'signed' }), 'late delivery')).toEqual({ status: 'disputed', disputedFrom: 'signed' });
    expect(dispute(trade({ status: 'paid' }), 'late delivery')).toEqual({ status: 'disputed', disputedFrom: 'paid' });
    expect(codeOf(() => dispute(trade({ status: 'paid' }), '   '))).toBe('TRADE.REASON_REQUIRED');
    for (const status of ['pending_signature', 'completed', 'disputed', 'refunded', 'cancelled'] as TradeStatus[]) {
      expect(codeOf(() => dispute(trade({ status }), 'late delivery'))).toBe('TRADE.INVALID_TRANSITION');
    }
  });

  it('resolve by what was paid: a paid trade is completed or refunded, an unpaid one cancelled', () => {
    const paid = trade({ status: 'disputed', disputedFrom: 'paid' });
    const unpaid = trade({ status: 'disputed', disputedFrom: 'signed' });
    expect(resolveDispute(paid, 'completed', 'delivered')).toEqual({ status: 'completed' });
    expect(resolveDispute(paid, 'refunded', 'not delivered')).toEqual({ status: 'refunded' });
    expect(codeOf(() => resolveDispute(paid, 'cancelled', 'void'))).toBe('TRADE.PAID');
    expect(resolveDispute(unpaid, 'cancelled', 'void')).toEqual({ status: 'cancelled' });
    expect(codeOf(() => resolveDispute(unpaid, 'completed', 'x'))).toBe('TRADE.NOT_PAID');
    expect(codeOf(() => resolveDispute(unpaid, 'refunded', 'x'))).toBe('TRADE.NOT_PAID');
    expect(codeOf(() => resolveDispute(paid, 'refunded', ''))).toBe('TRADE.REASON_REQUIRED');
    expect(codeOf(() => resolveDispute(trade({ status: 'paid' }), 'refunded', 'x'))).toBe('TRADE.INVALID_TRANSITION');
  });
});

describe('signature deadline', () => {
  const created = new Date('2026-11-01T00:00:00Z');
  const deadline = 14 * 86_400;

  it('is overdue at exactly the deadline, not a millisecond before', () => {
    const at = new Date(created.getTime() + deadline * 1000);
    expect(isSignatureOverdue({ status: 'pending_signature', createdAt: created }, deadline, at)).toBe(true);
    expect(isSignatureOverdue({ status: 'pending_signature', createdAt: created }, deadline, new Date(at.getTime() - 1))).toBe(false);
  });

  it('concerns only unsigned trades', () => {
    const late = new Date('2027-01-01T00:00:00Z');
    for (const status of ALL.filter((s) => s !== 'pending_signature')) expect(isSignatureOverdue({ status, createdAt: created }, deadline, late)).toBe(false);
  });
});
