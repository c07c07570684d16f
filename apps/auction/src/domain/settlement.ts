import { DomainError } from '@lib/errors';
import { AuctionTerms, isSealed, RecordedBid, SettlementResult } from './auction-types';
import { dutchClosesAt } from './dutch';
import { EnglishStanding, resolveEnglish } from './english';
import { settleSealed } from './sealed';

/** An English result from its final standing: the leader buys at the current price if the reserve is met. */
export function settleEnglish(standing: EnglishStanding | null): SettlementResult {
  if (standing === null) return { outcome: 'no_sale', reason: 'no_bids' };
  if (!standing.reserveMet) return { outcome: 'no_sale', reason: 'reserve_not_met' };
  return { outcome: 'sold', winnerBidderId: standing.leaderBidderId, winningBidId: standing.leaderBidId, price: standing.currentPrice };
}

function notClosed(terms: AuctionTerms, closesAt: Date): DomainError {
  return new DomainError('AUCTION.NOT_CLOSED', 'conflict', 'The auction has not closed yet', {
    details: { type: terms.type, closesAt: closesAt.toISOString() },
  });
}

/**
 * The outcome of any auction from its accepted bids, in acceptance order (`RecordedBid.amount`
 * is the maximum for English, the bid for sealed, the accepted price for Dutch).
 *
 * Settling early is refused with AUCTION.NOT_CLOSED (409). These rules only see the scheduled
 * end: an English auction's extensions live in its lot row, so the worker must not settle before
 * that stored end; the check here catches a settlement before the scheduled end, which is wrong
 * whatever happened since. A Dutch lot that has been accepted is settled at once: the first
 * acceptance ends it.
 */
export function settleAuction(terms: AuctionTerms, bids: readonly RecordedBid[], now: Date): SettlementResult {
  if (terms.type === 'dutch') {
    const first = bids
      .map((bid, position) => ({ bid, position }))
      .sort((a, b) => a.bid.placedAt.getTime() - b.bid.placedAt.getTime() || a.position - b.position)[0];
    if (first !== undefined) {
      // The price was fixed when the acceptance was judged; later acceptances lost the race.
      return { outcome: 'sold', winnerBidderId: first.bid.bidderId, winningBidId: first.bid.bidId, price: first.bid.amount };
    }
    const closesAt = dutchClosesAt(terms);
    if (now.getTime() < closesAt.getTime()) throw notClosed(terms, closesAt);
    return { outcome: 'no_sale', reason: 'no_bids' };
  }

  if (now.getTime() < terms.endsAt.getTime()) throw notClosed(terms, terms.endsAt);
  if (isSealed(terms.type)) return settleSealed(terms, bids);
  return settleEnglish(
    resolveEnglish(
      terms,
      bids.map((bid) => ({ bidId: bid.bidId, bidderId: bid.bidderId, maxAmount: bid.amount, placedAt: bid.placedAt })),
    ),
  );
}

export interface DepositRegistration {
  bidderId: string;
  depositHeld: bigint;
}

export interface DepositMovement {
  bidderId: string;
  kind: 'apply_to_trade' | 'release';
  amount: bigint;
}

function inconsistent(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError('AUCTION.DEPOSITS_INCONSISTENT', 'internal', message, { details });
}

/**
 * What happens to every held deposit once the auction is settled. The winner's deposit goes
 * towards the trade, but never more than the price: a deposit larger than the price applies the
 * price and releases the rest. Everyone else's deposit is released; after no sale, all are.
 * Zero amounts produce no movement (a ledger line moving nothing explains nothing). The
 * movements always add up to exactly the deposits held.
 *
 * A winner without a registration, a bidder registered twice or a negative deposit means the
 * ledger and the auction disagree: refused as a defect rather than settled around.
 */
export function depositMovements(result: SettlementResult, registrations: readonly DepositRegistration[]): DepositMovement[] {
  const seen = new Set<string>();
  for (const registration of registrations) {
    if (seen.has(registration.bidderId)) throw inconsistent('A bidder is registered twice', { bidderId: registration.bidderId });
    if (registration.depositHeld < 0n) throw inconsistent('A deposit held is negative', { bidderId: registration.bidderId });
    seen.add(registration.bidderId);
  }
  if (result.outcome === 'sold' && !seen.has(result.winnerBidderId)) {
    throw inconsistent('The winner has no registration', { bidderId: result.winnerBidderId });
  }

  const movements: DepositMovement[] = [];
  for (const { bidderId, depositHeld } of registrations) {
    let release = depositHeld;
    if (result.outcome === 'sold' && bidderId === result.winnerBidderId) {
      const applied = depositHeld < result.price ? depositHeld : result.price;
      if (applied > 0n) movements.push({ bidderId, kind: 'apply_to_trade', amount: applied });
      release = depositHeld - applied;
    }
    if (release > 0n) movements.push({ bidderId, kind: 'release', amount: release });
  }
  return movements;
}
