import { DomainError } from '@lib/errors';
import { AuctionTerms, DutchSchedule } from './auction-types';

/**
 * Dutch descending auction: the price starts high and falls on a public schedule; the first
 * bidder to accept the current price buys at it, and that ends the auction.
 *
 * Every price on the schedule, the floor included, is offered for one full interval: tick k
 * (k = 0, 1, 2, ...) begins at startsAt + k × interval and offers max(start − k × step, floor).
 * The drop happens at the boundary instant itself. The lot closes unsold when the price would
 * next fall and the floor stops it (one interval after the floor is first offered), or at endsAt,
 * whichever comes first.
 */
export type DutchAcceptanceJudgement =
  | { accepted: true; price: bigint }
  | { accepted: false; reason: 'closed' | 'already_sold' };

function scheduleOf(terms: AuctionTerms): DutchSchedule {
  if (terms.type !== 'dutch' || terms.dutch === null || terms.dutch.step <= 0n || terms.dutch.intervalSeconds <= 0) {
    throw new DomainError('AUCTION.TERMS_INCONSISTENT', 'internal', 'Dutch rules applied to terms without a valid price schedule', {
      details: { type: terms.type },
    });
  }
  return terms.dutch;
}

/**
 * The scheduled price at `now`, or null before the start. This is the schedule only: after the
 * close it still reads the floor; whether the lot is open is `dutchClosesAt`'s business.
 */
export function dutchPriceAt(terms: AuctionTerms, now: Date): bigint | null {
  const { step, intervalSeconds, floorPrice } = scheduleOf(terms);
  const elapsed = now.getTime() - terms.startsAt.getTime();
  if (elapsed < 0) return null;
  const ticks = BigInt(Math.floor(elapsed / (intervalSeconds * 1000)));
  const price = terms.startPrice - ticks * step;
  return price > floorPrice ? price : floorPrice;
}

/**
 * When the lot closes unsold: one interval after the tick that first offers the floor
 * (ceil((start − floor) / step) intervals after the start), or endsAt if that is earlier.
 * Computed in bigint milliseconds: a 1-fen step over a wide range is a lot of intervals.
 */
export function dutchClosesAt(terms: AuctionTerms): Date {
  const { step, intervalSeconds, floorPrice } = scheduleOf(terms);
  const range = terms.startPrice - floorPrice;
  const ticksToFloor = range <= 0n ? 0n : (range + step - 1n) / step;
  const closesAtMs = BigInt(terms.startsAt.getTime()) + (ticksToFloor + 1n) * BigInt(intervalSeconds) * 1000n;
  const endsAtMs = BigInt(terms.endsAt.getTime());
  return closesAtMs < endsAtMs ? new Date(Number(closesAtMs)) : terms.endsAt;
}

/**
 * An acceptance at `now` buys at the scheduled price, if the lot is open (startsAt <= now <
 * closesAt) and nobody bought it first. A sold lot answers 'already_sold' rather than 'closed',
 * even after its scheduled close, so the loser of a race learns why.
 */
export function judgeDutchAcceptance(terms: AuctionTerms, now: Date, alreadySold: boolean): DutchAcceptanceJudgement {
  if (alreadySold) return { accepted: false, reason: 'already_sold' };
  const price = dutchPriceAt(terms, now);
  if (price === null || now.getTime() >= dutchClosesAt(terms).getTime()) return { accepted: false, reason: 'closed' };
  return { accepted: true, price };
}
