import { DomainError } from '@lib/errors';

export type TradeStatus = 'pending_signature' | 'signed' | 'paid' | 'completed' | 'disputed' | 'refunded' | 'cancelled';
export type TradeParty = 'seller' | 'buyer';
export type DisputeResolution = 'completed' | 'refunded' | 'cancelled';

/** What the rules need to know about a trade; dates are instants, `now` is always passed in. */
export interface TradeState {
  status: TradeStatus;
  termsVersion: number;
  sellerSignedAt: Date | null;
  buyerSignedAt: Date | null;
  disputedFrom: 'signed' | 'paid' | null;
  priceFen: bigint;
  depositAppliedFen: bigint;
  createdAt: Date;
}

export interface ContractTerms {
  scope: string;
  effectiveDate: string;
  expiryDate: string | null;
}

const invalid = (action: string, status: TradeStatus) =>
  new DomainError('TRADE.INVALID_TRANSITION', 'conflict', `Cannot ${action} a trade that is ${status}`, { details: { status, action } });

/**
 * The seller proposes the contract terms (scope and dates; amount and transaction mode were fixed
 * when the trade was created). Terms can change only before both have signed, and a change voids
 * any signature given so far: nobody is bound to terms they did not see.
 */
export function proposeTerms(trade: TradeState, party: TradeParty, terms: ContractTerms): { termsVersion: number; sellerSignedAt: null; buyerSignedAt: null } {
  if (party !== 'seller') throw new DomainError('TRADE.SELLER_PROPOSES_TERMS', 'forbidden', 'The seller proposes the contract terms; the buyer signs them or asks for changes');
  if (trade.status !== 'pending_signature') throw invalid('change the terms of', trade.status);
  if (terms.expiryDate !== null && terms.expiryDate < terms.effectiveDate) {
    throw new DomainError('TRADE.INVALID_TERMS', 'validation', 'The expiry date is before the effective date', {
      fields: [{ field: 'expiryDate', messages: ['expiryDate must not be before effectiveDate'] }],
    });
  }
  return { termsVersion: trade.termsVersion + 1, sellerSignedAt: null, buyerSignedAt: null };
}

/**
 * A party signs the terms version it has read. Signing a stale version is refused (the other
 * party changed the terms meanwhile); signing twice is a no-op. When both have signed, the trade
 * is signed.
 */
export function sign(
  trade: TradeState & { hasTerms: boolean },
  party: TradeParty,
  termsVersion: number,
  now: Date,
): { status: TradeStatus; sellerSignedAt: Date | null; buyerSignedAt: Date | null; signedAt: Date | null; changed: boolean } {
  if (trade.status !== 'pending_signature') throw invalid('sign', trade.status);
  if (!trade.hasTerms) throw new DomainError('TRADE.NO_TERMS', 'rule_violation', 'The seller has not proposed contract terms yet');
  if (termsVersion !== trade.termsVersion) {
    throw new DomainError('TRADE.TERMS_CHANGED', 'conflict', `The terms changed: the current version is ${trade.termsVersion}`, {
      details: { currentTermsVersion: trade.termsVersion },
    });
  }
  const already = party === 'seller' ? trade.sellerSignedAt : trade.buyerSignedAt;
  if (already) return { status: trade.status, sellerSignedAt: trade.sellerSignedAt, buyerSignedAt: trade.buyerSignedAt, signedAt: null, changed: false };
  const sellerSignedAt = party === 'seller' ? now : trade.sellerSignedAt;
  const buyerSignedAt = party === 'buyer' ? now : trade.buyerSignedAt;
  const both = sellerSignedAt !== null && buyerSignedAt !== null;
  return { status: both ? 'signed' : 'pending_signature', sellerSignedAt, buyerSignedAt, signedAt: both ? now : null, changed: true };
}

/** What the buyer still owes once the auction deposit applied to the trade is counted. */
export function outstandingFen(trade: Pick<TradeState, 'priceFen' | 'depositAppliedFen'>): bigint {
  const owed = trade.priceFen - trade.depositAppliedFen;
  return owed > 0n ? owed : 0n;
}

/** An operator confirms the buyer's payment of exactly the outstanding amount into escrow. */
export function confirmPayment(trade: TradeState, amountFen: bigint): { status: 'paid' } {
  if (trade.status !== 'signed') throw invalid('confirm payment for', trade.status);
  const owed = outstandingFen(trade);
  if (amountFen !== owed) {
    throw new DomainError('TRADE.PAYMENT_AMOUNT_MISMATCH', 'validation', `The payment must be the outstanding amount`, {
      fields: [{ field: 'amount', messages: [`amount must equal the outstanding amount of ${owed} fen`] }],
      details: { outstandingFen: owed.toString() },
    });
  }
  return { status: 'paid' };
}

/** The buyer accepts delivery of a paid trade (or an operator records it); escrow goes to the seller. */
export function complete(trade: TradeState, party: TradeParty | 'operator'): { status: 'completed' } {
  if (party === 'seller') throw new DomainError('TRADE.BUYER_ACCEPTS', 'forbidden', 'Only the buyer (or an operator) confirms delivery and completes the trade');
  if (trade.status !== 'paid') throw invalid('complete', trade.status);
  return { status: 'completed' };
}

/** Either party disputes a signed or paid trade, with a reason; money stays in escrow meanwhile. */
export function dispute(trade: TradeState, reason: string): { status: 'disputed'; disputedFrom: 'signed' | 'paid' } {
  if (!reason.trim()) {
    throw new DomainError('TRADE.REASON_REQUIRED', 'validation', 'A dispute needs a reason', { fields: [{ field: 'reason', messages: ['reason is required'] }] });
  }
  if (trade.status !== 'signed' && trade.status !== 'paid') throw invalid('dispute', trade.status);
  return { status: 'disputed', disputedFrom: trade.status };
}

/**
 * An operator resolves a dispute. `completed` pays the escrow to the seller and needs the trade to
 * have been paid; `refunded` returns the escrow to the buyer and also needs a payment;
 * `cancelled` voids an unpaid contract (the applied auction deposit goes back to the buyer).
 */
export function resolveDispute(trade: TradeState, resolution: DisputeResolution, reason: string): { status: DisputeResolution } {
  if (!reason.trim()) {
    throw new DomainError('TRADE.REASON_REQUIRED', 'validation', 'A resolution needs a reason', { fields: [{ field: 'reason', messages: ['reason is required'] }] });
  }
  if (trade.status !== 'disputed') throw invalid('resolve', trade.status);
  if ((resolution === 'completed' || resolution === 'refunded') && trade.disputedFrom !== 'paid') {
    throw new DomainError('TRADE.NOT_PAID', 'rule_violation', `A trade disputed before payment cannot be ${resolution}; cancel it instead`, {
      fields: [{ field: 'outcome', messages: ['only cancelled is possible for a trade that was never paid'] }],
    });
  }
  if (resolution === 'cancelled' && trade.disputedFrom === 'paid') {
    throw new DomainError('TRADE.PAID', 'rule_violation', 'A paid trade is refunded, not cancelled', {
      fields: [{ field: 'outcome', messages: ['a paid trade is completed or refunded'] }],
    });
  }
  return { status: resolution };
}

/** Unsigned for longer than the deadline: flagged to operators (once). */
export function isSignatureOverdue(trade: Pick<TradeState, 'status' | 'createdAt'>, deadlineSeconds: number, now: Date): boolean {
  return trade.status === 'pending_signature' && now.getTime() - trade.createdAt.getTime() >= deadlineSeconds * 1000;
}

