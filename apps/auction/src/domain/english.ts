import { DomainError } from '@lib/errors';
import { AuctionTerms, SoftClose } from './auction-types';

/**
 * English ascending auction with proxy bidding, eBay style: a bidder states the most they would
 * pay (`maxAmount`, hidden) and the engine bids for them, one increment at a time, only as far as
 * a rival forces it.
 */
export interface EnglishBid {
  bidId: string;
  bidderId: string;
  maxAmount: bigint;
  placedAt: Date;
}

export type EnglishBidAttempt = Pick<EnglishBid, 'bidId' | 'bidderId' | 'maxAmount'>;

/**
 * What may be shown publicly (through a per-auction alias): the price, who leads, and whether the
 * reserve is met (as eBay shows it; the reserve amount itself stays hidden).
 */
export interface EnglishStanding {
  currentPrice: bigint;
  leaderBidderId: string;
  /** The bid that set the leader's current maximum. */
  leaderBidId: string;
  /** Whether the leader's maximum reaches the reserve (always true without a reserve). */
  reserveMet: boolean;
}

/**
 * Everything needed to judge the next bid, small enough to live in the lot row (lock it, judge,
 * insert the bid, update it). `leaderMax` and `runnerUpMax` are secret: never publish them.
 */
export interface EnglishState {
  standing: EnglishStanding | null;
  leaderMax: bigint | null;
  leaderPlacedAt: Date | null;
  /** The highest maximum of any bidder other than the leader. */
  runnerUpMax: bigint | null;
  /** The effective end, after soft-close extensions. */
  endsAt: Date;
  /** The time recorded on the last accepted bid, so recorded times never run backwards. */
  lastBidAt: Date | null;
}

export type EnglishBidJudgement =
  | {
      accepted: true;
      /** The bid as it must be recorded: `placedAt` is `now`, or the previous bid's time if this clock lags. */
      bid: EnglishBid;
      state: EnglishState;
      minimumAcceptable: bigint;
      /** Whether the bid moved the end (the close job must be rescheduled). */
      extended: boolean;
    }
  | { accepted: false; reason: 'closed'; minimumAcceptable: null }
  | { accepted: false; reason: 'too_low'; minimumAcceptable: bigint };

const max = (a: bigint, b: bigint) => (a > b ? a : b);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

function incrementOf(terms: AuctionTerms): bigint {
  if (terms.type !== 'english' || terms.increment === null || terms.increment <= 0n) {
    throw new DomainError('AUCTION.TERMS_INCONSISTENT', 'internal', 'English rules applied to terms without a positive increment', {
      details: { type: terms.type },
    });
  }
  return terms.increment;
}

/**
 * The price when a rival pushes: just enough to beat the runner-up by one increment, but never
 * more than the leader offered; alone, the start price. When the leader's maximum reaches a
 * hidden reserve the price jumps to the reserve: the leader has already agreed to pay that much,
 * and the seller would not sell for less.
 */
export function englishPrice(terms: AuctionTerms, leaderMax: bigint, runnerUpMax: bigint | null): bigint {
  const increment = incrementOf(terms);
  let price = runnerUpMax === null ? terms.startPrice : min(leaderMax, runnerUpMax + increment);
  price = max(price, terms.startPrice);
  if (terms.reservePrice !== null && leaderMax >= terms.reservePrice) price = max(price, terms.reservePrice);
  return price;
}

const reserveMetBy = (terms: AuctionTerms, leaderMax: bigint) => terms.reservePrice === null || leaderMax >= terms.reservePrice;

interface Leader {
  bidderId: string;
  bidId: string;
  max: bigint;
  placedAt: Date;
}

interface Book {
  leader: Leader | null;
  runnerUpMax: bigint | null;
  price: bigint | null;
}

/**
 * One bid's effect on the book, bids arriving in time order. The leader is always the highest
 * maximum, the earlier of equal ones (it committed first). The price moves only when someone
 * pushes: a rival's bid re-prices at `englishPrice`; the leader raising their own maximum leaves
 * the price where it was (they are not bidding against themselves), except that reaching the
 * reserve lifts it to the reserve. A bidder's bid at or below their own earlier maximum changes
 * nothing: a maximum only goes up. The price never goes down.
 */
function advance(terms: AuctionTerms, book: Book, bid: EnglishBid): Book {
  const incoming: Leader = { bidderId: bid.bidderId, bidId: bid.bidId, max: bid.maxAmount, placedAt: bid.placedAt };
  const { leader, runnerUpMax, price } = book;
  if (leader === null || price === null) {
    return { leader: incoming, runnerUpMax: null, price: englishPrice(terms, incoming.max, null) };
  }
  if (incoming.bidderId === leader.bidderId) {
    if (incoming.max <= leader.max) return book;
    const reserve = terms.reservePrice;
    return { leader: incoming, runnerUpMax, price: reserve !== null && incoming.max >= reserve ? max(price, reserve) : price };
  }
  if (incoming.max > leader.max) {
    // The old leader's maximum was at least every other bidder's, so it becomes the runner-up.
    return { leader: incoming, runnerUpMax: leader.max, price: max(price, englishPrice(terms, incoming.max, leader.max)) };
  }
  // Equal to the leader's maximum is not enough: the leader got there first.
  const runnerUp = runnerUpMax === null ? incoming.max : max(runnerUpMax, incoming.max);
  return { leader, runnerUpMax: runnerUp, price: max(price, englishPrice(terms, leader.max, runnerUp)) };
}

function standingOf(terms: AuctionTerms, book: Book): EnglishStanding | null {
  if (book.leader === null || book.price === null) return null;
  return {
    currentPrice: book.price,
    leaderBidderId: book.leader.bidderId,
    leaderBidId: book.leader.bidId,
    reserveMet: reserveMetBy(terms, book.leader.max),
  };
}

/**
 * The standing implied by a set of accepted bids: they are taken in time order (equal `placedAt`
 * in the order given, which must be acceptance order) and each applied as `advance` says. The
 * leader is thereby the bidder with the highest maximum (earliest of equals), dated by the bid
 * that set it; the price depends on the order, because a leader's own raise does not move it.
 * The bids are assumed to be ones `judgeEnglishBid` accepted (so each is at least the start price).
 */
export function resolveEnglish(terms: AuctionTerms, bids: readonly EnglishBid[]): EnglishStanding | null {
  incrementOf(terms);
  const inTimeOrder = bids
    .map((bid, position) => ({ bid, position }))
    .sort((a, b) => a.bid.placedAt.getTime() - b.bid.placedAt.getTime() || a.position - b.position);
  let book: Book = { leader: null, runnerUpMax: null, price: null };
  for (const { bid } of inTimeOrder) book = advance(terms, book, bid);
  return standingOf(terms, book);
}

/** The state of an English auction before its first bid. */
export function openEnglishState(terms: AuctionTerms): EnglishState {
  incrementOf(terms);
  return { standing: null, leaderMax: null, leaderPlacedAt: null, runnerUpMax: null, endsAt: terms.endsAt, lastBidAt: null };
}

/**
 * The least `bidderId` may bid now: the start price on an empty lot; more than their own maximum
 * for the leader (raising it is their only move, and a raise by 1 fen is a raise); for anyone else
 * the current price plus one increment, which is always above any maximum they set before.
 */
export function englishMinimumAcceptable(terms: AuctionTerms, state: EnglishState, bidderId: string): bigint {
  const increment = incrementOf(terms);
  if (state.standing === null || state.leaderMax === null) return terms.startPrice;
  if (state.standing.leaderBidderId === bidderId) return state.leaderMax + 1n;
  return state.standing.currentPrice + increment;
}

/**
 * Judges one bid against the current state at `now`. Open means startsAt <= now < endsAt (the
 * effective end): a bid at the very instant of the end is late, as at any exchange's close.
 *
 * The soft close extends only for a bid that changes the public standing (price or leader). A
 * leader quietly raising their own hidden maximum gives nobody anything to answer, and moving the
 * end would tell everyone the maximum had been raised. Every accepted bid from anyone but the
 * leader does change the standing, so in practice: every challenger's bid extends, and a leader's
 * own raise extends only when it lifts the price to the reserve.
 */
export function judgeEnglishBid(terms: AuctionTerms, state: EnglishState, attempt: EnglishBidAttempt, now: Date): EnglishBidJudgement {
  if (now.getTime() < terms.startsAt.getTime() || now.getTime() >= state.endsAt.getTime()) {
    return { accepted: false, reason: 'closed', minimumAcceptable: null };
  }
  const minimumAcceptable = englishMinimumAcceptable(terms, state, attempt.bidderId);
  if (attempt.maxAmount < minimumAcceptable) return { accepted: false, reason: 'too_low', minimumAcceptable };

  // Replicas' clocks differ by a few milliseconds; the recorded order of bids must still be the
  // order they were accepted in, or ties would be broken differently on replay than they were live.
  const placedAt = state.lastBidAt !== null && now.getTime() < state.lastBidAt.getTime() ? state.lastBidAt : now;
  const bid: EnglishBid = { bidId: attempt.bidId, bidderId: attempt.bidderId, maxAmount: attempt.maxAmount, placedAt };

  const previous = state.standing;
  const before: Book =
    previous === null || state.leaderMax === null || state.leaderPlacedAt === null
      ? { leader: null, runnerUpMax: null, price: null }
      : {
          leader: { bidderId: previous.leaderBidderId, bidId: previous.leaderBidId, max: state.leaderMax, placedAt: state.leaderPlacedAt },
          runnerUpMax: state.runnerUpMax,
          price: previous.currentPrice,
        };
  const after = advance(terms, before, bid);
  const standing = standingOf(terms, after) as EnglishStanding;
  const leader = after.leader as Leader;

  const publiclyChanged =
    previous === null || previous.currentPrice !== standing.currentPrice || previous.leaderBidderId !== standing.leaderBidderId;
  const endsAt = publiclyChanged ? applySoftClose(state.endsAt, placedAt, terms.softClose) : state.endsAt;

  return {
    accepted: true,
    bid,
    minimumAcceptable,
    extended: endsAt.getTime() !== state.endsAt.getTime(),
    state: { standing, leaderMax: leader.max, leaderPlacedAt: leader.placedAt, runnerUpMax: after.runnerUpMax, endsAt, lastBidAt: placedAt },
  };
}

/**
 * The end after a bid at `bidAt`. A bid with remaining time (endsAt − bidAt) in (0, window]
 * extends the end by `extensionSeconds` from the current end (not from the bid, so extensions
 * add up predictably), capped at `maxEndsAt`. Exactly `windowSeconds` left counts as inside the
 * window ("in the last N seconds" includes the Nth); 0 left means the auction has already ended,
 * so nothing moves. An end already at or past the cap stays where it is (never pulled earlier).
 */
export function applySoftClose(endsAt: Date, bidAt: Date, softClose: SoftClose | null): Date {
  if (softClose === null) return endsAt;
  const remaining = endsAt.getTime() - bidAt.getTime();
  if (remaining <= 0 || remaining > softClose.windowSeconds * 1000) return endsAt;
  let extended = endsAt.getTime() + softClose.extensionSeconds * 1000;
  if (softClose.maxEndsAt !== null) extended = Math.min(extended, softClose.maxEndsAt.getTime());
  return extended > endsAt.getTime() ? new Date(extended) : endsAt;
}

/**
 * Replays recorded bids, in acceptance order, through `judgeEnglishBid` at their own times: the
 * state the lot row should hold, including the extended end. A recorded bid the rules would have
 * refused means the history is corrupt; that is a defect, never something to settle on.
 * (Assumes the auction was never paused: a pause moves the end outside these rules.)
 */
export function englishStateOf(terms: AuctionTerms, bids: readonly EnglishBid[]): EnglishState {
  let state = openEnglishState(terms);
  for (const bid of bids) {
    const judgement = judgeEnglishBid(terms, state, bid, bid.placedAt);
    if (!judgement.accepted) {
      throw new DomainError('AUCTION.BID_HISTORY_INVALID', 'internal', 'A recorded bid would have been refused on replay', {
        details: { bidId: bid.bidId, reason: judgement.reason },
      });
    }
    state = judgement.state;
  }
  return state;
}
