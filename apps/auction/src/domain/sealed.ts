import { DomainError } from '@lib/errors';
import { AuctionTerms, isSealed, RecordedBid, SettlementResult } from './auction-types';

/**
 * Sealed-bid auctions, first price and second price (Vickrey). Each bidder makes one bid, unseen
 * by everyone until the close.
 *
 * A sealed bid is final: it can be neither replaced nor withdrawn. Nothing is revealed before the
 * close, so a second bid could only correct a mistake, and allowing it would make the stored bid
 * something that can be superseded, which is exactly what an auditor of a sealed auction must not
 * have to wonder about. Clients confirm the amount before sending it instead.
 */
export type SealedBid = RecordedBid;

export type SealedBidAttempt = Pick<SealedBid, 'bidId' | 'bidderId' | 'amount'>;

export type SealedBidJudgement =
  | { accepted: true; bid: SealedBid }
  | { accepted: false; reason: 'closed' | 'already_bid'; minimumAcceptable: null }
  | { accepted: false; reason: 'too_low'; minimumAcceptable: bigint };

function assertSealed(terms: AuctionTerms): void {
  if (!isSealed(terms.type)) {
    throw new DomainError('AUCTION.TERMS_INCONSISTENT', 'internal', 'Sealed-bid rules applied to another auction type', {
      details: { type: terms.type },
    });
  }
}

/**
 * Judges a sealed bid at `now`: the window is startsAt <= now < endsAt (no soft close: nobody
 * sees a bid to answer it); one bid per bidder; at least the start price. Any amount in fen above
 * that is fine: there is no increment to round to.
 */
export function judgeSealedBid(terms: AuctionTerms, attempt: SealedBidAttempt, bidderAlreadyBid: boolean, now: Date): SealedBidJudgement {
  assertSealed(terms);
  if (now.getTime() < terms.startsAt.getTime() || now.getTime() >= terms.endsAt.getTime()) {
    return { accepted: false, reason: 'closed', minimumAcceptable: null };
  }
  if (bidderAlreadyBid) return { accepted: false, reason: 'already_bid', minimumAcceptable: null };
  if (attempt.amount < terms.startPrice) return { accepted: false, reason: 'too_low', minimumAcceptable: terms.startPrice };
  return { accepted: true, bid: { bidId: attempt.bidId, bidderId: attempt.bidderId, amount: attempt.amount, placedAt: now } };
}

/** Higher amount first; of equal amounts the earlier bid (then the earlier recorded); a strict order. */
function rank(bids: readonly SealedBid[]): SealedBid[] {
  return bids
    .map((bid, position) => ({ bid, position }))
    .sort(
      (a, b) =>
        (a.bid.amount === b.bid.amount ? 0 : a.bid.amount > b.bid.amount ? -1 : 1) ||
        a.bid.placedAt.getTime() - b.bid.placedAt.getTime() ||
        a.position - b.position,
    )
    .map(({ bid }) => bid);
}

/**
 * Opens the envelopes. The highest bid wins, the earliest of equal bids. The winner must reach
 * the reserve, if there is one, or there is no sale.
 *
 * First price: the winner pays their own bid.
 * Second price: the winner pays the highest bid of any other bidder, raised to the reserve if
 * that is higher (the seller never sells below it). A lone bidder pays the reserve, or the start
 * price when there is no reserve: the start price is the lowest bid the seller would accept, i.e.
 * the price a second bidder at the minimum would have set. With equal top bids the winner pays
 * their own amount (the runner-up bid the same).
 *
 * Should a bidder somehow appear twice (the rules allow one bid each), only their best bid counts,
 * so they can never set their own second price.
 */
export function settleSealed(terms: AuctionTerms, bids: readonly SealedBid[]): SettlementResult {
  assertSealed(terms);
  const seen = new Set<string>();
  const ranked = rank(bids).filter((bid) => (seen.has(bid.bidderId) ? false : (seen.add(bid.bidderId), true)));
  if (ranked.length === 0) return { outcome: 'no_sale', reason: 'no_bids' };
  const [winner, runnerUp] = ranked;
  const reserve = terms.reservePrice;
  if (reserve !== null && winner.amount < reserve) return { outcome: 'no_sale', reason: 'reserve_not_met' };

  let price = winner.amount;
  if (terms.type === 'sealed_second_price') {
    const floor = reserve !== null && reserve > terms.startPrice ? reserve : terms.startPrice;
    price = runnerUp !== undefined && runnerUp.amount > floor ? runnerUp.amount : floor;
  }
  return { outcome: 'sold', winnerBidderId: winner.bidderId, winningBidId: winner.bidId, price };
}
