import { DomainError, FieldProblem } from '@lib/errors';

/**
 * The four auction types of BRIEF.md. Every amount in these rules is integer fen as `bigint`
 * (a float would lose fen above 2^53, and decimal strings belong to the API edge), and every
 * time is a `Date` passed in by the caller: no rule reads the clock.
 */
export const AUCTION_TYPES = ['english', 'sealed_first_price', 'sealed_second_price', 'dutch'] as const;
export type AuctionType = (typeof AUCTION_TYPES)[number];

export const isSealed = (type: AuctionType): type is 'sealed_first_price' | 'sealed_second_price' =>
  type === 'sealed_first_price' || type === 'sealed_second_price';

/** A bid in the last `windowSeconds` before the end pushes the end back by `extensionSeconds`, never past `maxEndsAt`. */
export interface SoftClose {
  windowSeconds: number;
  extensionSeconds: number;
  maxEndsAt: Date | null;
}

/** A Dutch price falls by `step` every `intervalSeconds` from the start price, and stops at `floorPrice`. */
export interface DutchSchedule {
  step: bigint;
  intervalSeconds: number;
  floorPrice: bigint;
}

export interface AuctionTerms {
  type: AuctionType;
  startPrice: bigint;
  /** English only (null otherwise): the least a challenger must add to the current price. */
  increment: bigint | null;
  /** Hidden from bidders; null when there is none. Not used by Dutch auctions (their floor is the limit). */
  reservePrice: bigint | null;
  startsAt: Date;
  endsAt: Date;
  /** English only. */
  softClose: SoftClose | null;
  /** Dutch only. */
  dutch: DutchSchedule | null;
}

/**
 * A bid as the settlement reads it back from storage. `amount` means: the bidder's maximum
 * (English), the sealed bid (sealed types), or the price accepted (Dutch).
 */
export interface RecordedBid {
  bidId: string;
  bidderId: string;
  amount: bigint;
  placedAt: Date;
}

export type NoSaleReason = 'no_bids' | 'reserve_not_met';

export type SettlementResult =
  | { outcome: 'sold'; winnerBidderId: string; winningBidId: string; price: bigint }
  | { outcome: 'no_sale'; reason: NoSaleReason };

/** Why a bid (or a Dutch acceptance) was refused; every judge in this folder answers with one of these. */
export type BidRefusalReason = 'closed' | 'too_low' | 'already_bid' | 'already_sold';

/** The largest amount the ledger and the bids table can hold (PostgreSQL `bigint`). */
export const MAX_FEN = 9_223_372_036_854_775_807n;

const BID_REFUSALS: Record<BidRefusalReason, { code: string; kind: 'conflict' | 'rule_violation'; message: string }> = {
  // The auction's state, not the bid, is the problem: the same bid at another moment might pass.
  closed: { code: 'BID.CLOSED', kind: 'conflict', message: 'The auction is not open for bids' },
  already_sold: { code: 'BID.ALREADY_SOLD', kind: 'conflict', message: 'The lot has already been sold' },
  already_bid: { code: 'BID.ALREADY_BID', kind: 'conflict', message: 'A sealed bid from this bidder is already recorded' },
  too_low: { code: 'BID.TOO_LOW', kind: 'rule_violation', message: 'The bid is below the minimum acceptable amount' },
};

/**
 * The error a refused bid becomes on its way out of the service. The minimum travels as a
 * decimal string because a `bigint` cannot cross NATS as JSON.
 */
export function bidRefusedError(reason: BidRefusalReason, minimumAcceptable: bigint | null = null): DomainError {
  const refusal = BID_REFUSALS[reason];
  return new DomainError(refusal.code, refusal.kind, refusal.message, {
    details: { reason, ...(minimumAcceptable !== null ? { minimumAcceptable: minimumAcceptable.toString() } : {}) },
  });
}

/** How a type reads in a message ("a Dutch auction has no increment"). */
const TYPE_LABEL: Record<AuctionType, string> = {
  english: 'an English',
  sealed_first_price: 'a sealed first-price',
  sealed_second_price: 'a sealed second-price',
  dutch: 'a Dutch',
};

const isValidDate = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());
const isPositiveWholeSeconds = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/**
 * Everything wrong with a set of auction terms, as field problems (empty when they are fine).
 * `now` is when the auction is being created or edited: an auction may start now, not earlier,
 * because bids can only ever arrive after the terms are saved.
 */
export function validateTerms(terms: AuctionTerms, now: Date): FieldProblem[] {
  const problems = new Map<string, string[]>();
  const add = (field: string, message: string) => problems.set(field, [...(problems.get(field) ?? []), message]);
  const amount = (field: string, value: bigint, label: string) => {
    if (value <= 0n) add(field, `${label} must be at least 1 fen`);
    if (value > MAX_FEN) add(field, `${label} is larger than the system can hold`);
  };

  const type = terms.type;
  if (!AUCTION_TYPES.includes(type)) {
    add('type', `type must be one of ${AUCTION_TYPES.join(', ')}`);
    return toProblems(problems);
  }

  // A zero start price would let a lot sell for nothing; "no minimum" is 1 fen.
  amount('startPrice', terms.startPrice, 'the start price');

  if (type === 'english') {
    if (terms.increment === null) add('increment', 'an English auction needs a bid increment');
    else amount('increment', terms.increment, 'the increment');
  } else if (terms.increment !== null) {
    add('increment', `${TYPE_LABEL[type]} auction has no increment; leave it empty`);
  }

  if (terms.reservePrice !== null) {
    if (type === 'dutch') {
      // A hidden reserve under a falling public price would let a bidder accept a price and then lose
      // the lot to it; the floor is the Dutch seller's limit, and it is public.
      add('reservePrice', 'a Dutch auction has no reserve; use the floor price');
    } else {
      amount('reservePrice', terms.reservePrice, 'the reserve price');
      // Every bid is at least the start price, so a lower reserve could never bind: it is almost
      // certainly the two fields swapped. Equal is allowed (harmless, and a seller may mean it).
      if (terms.reservePrice < terms.startPrice) add('reservePrice', 'the reserve price cannot be below the start price');
    }
  }

  const startsValid = isValidDate(terms.startsAt);
  const endsValid = isValidDate(terms.endsAt);
  if (!startsValid) add('startsAt', 'startsAt is not a valid time');
  else if (terms.startsAt.getTime() < now.getTime()) add('startsAt', 'startsAt cannot be in the past');
  if (!endsValid) add('endsAt', 'endsAt is not a valid time');
  else if (startsValid && terms.endsAt.getTime() <= terms.startsAt.getTime()) add('endsAt', 'endsAt must be after startsAt');

  if (terms.softClose !== null) {
    if (type !== 'english') {
      // Sealed bids are invisible and a Dutch lot ends at its first acceptance: nobody could react to a late bid.
      add('softClose', `${TYPE_LABEL[type]} auction has no soft close`);
    } else {
      const { windowSeconds, extensionSeconds, maxEndsAt } = terms.softClose;
      if (!isPositiveWholeSeconds(windowSeconds)) add('softClose.windowSeconds', 'windowSeconds must be a whole number of seconds, at least 1');
      if (!isPositiveWholeSeconds(extensionSeconds)) add('softClose.extensionSeconds', 'extensionSeconds must be a whole number of seconds, at least 1');
      if (maxEndsAt !== null) {
        if (!isValidDate(maxEndsAt)) add('softClose.maxEndsAt', 'maxEndsAt is not a valid time');
        // Equal to endsAt would silently switch the soft close off; say so rather than accept it.
        else if (endsValid && maxEndsAt.getTime() <= terms.endsAt.getTime()) add('softClose.maxEndsAt', 'maxEndsAt must be after endsAt');
      }
    }
  }

  if (type === 'dutch') {
    if (terms.dutch === null) add('dutch', 'a Dutch auction needs a price schedule (step, intervalSeconds, floorPrice)');
    else {
      const { step, intervalSeconds, floorPrice } = terms.dutch;
      amount('dutch.step', step, 'the step');
      if (!isPositiveWholeSeconds(intervalSeconds)) add('dutch.intervalSeconds', 'intervalSeconds must be a whole number of seconds, at least 1');
      amount('dutch.floorPrice', floorPrice, 'the floor price');
      if (floorPrice >= terms.startPrice) add('dutch.floorPrice', 'the floor price must be below the start price');
    }
  } else if (terms.dutch !== null) {
    add('dutch', `${TYPE_LABEL[type]} auction has no Dutch price schedule`);
  }

  return toProblems(problems);
}

function toProblems(problems: Map<string, string[]>): FieldProblem[] {
  return [...problems].map(([field, messages]) => ({ field, messages }));
}

export function assertValidTerms(terms: AuctionTerms, now: Date): void {
  const problems = validateTerms(terms, now);
  if (problems.length > 0) {
    throw new DomainError('AUCTION.INVALID_TERMS', 'validation', 'The auction terms are not valid', { fields: problems });
  }
}
