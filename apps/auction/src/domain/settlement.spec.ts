import fc from 'fast-check';
import { DomainError } from '@lib/errors';
import { AUCTION_TYPES, AuctionTerms, AuctionType, RecordedBid, SettlementResult } from './auction-types';
import { depositMovements, DepositRegistration, settleAuction, settleEnglish } from './settlement';

const STARTS = new Date('2025-06-02T01:00:00.000Z');
const ENDS = new Date('2025-06-02T02:00:00.000Z');
const s = (seconds: number) => new Date(STARTS.getTime() + seconds * 1000);
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);
const AFTER = ms(ENDS, 1);

const TERMS: Record<AuctionType, AuctionTerms> = {
  english: { type: 'english', startPrice: 1000n, increment: 100n, reservePrice: null, startsAt: STARTS, endsAt: ENDS, softClose: null, dutch: null },
  sealed_first_price: { type: 'sealed_first_price', startPrice: 1000n, increment: null, reservePrice: null, startsAt: STARTS, endsAt: ENDS, softClose: null, dutch: null },
  sealed_second_price: { type: 'sealed_second_price', startPrice: 1000n, increment: null, reservePrice: null, startsAt: STARTS, endsAt: ENDS, softClose: null, dutch: null },
  // 5000 falling 400 a minute to 3500: closes at 300 s (see dutch.spec.ts).
  dutch: {
    type: 'dutch',
    startPrice: 5000n,
    increment: null,
    reservePrice: null,
    startsAt: STARTS,
    endsAt: ENDS,
    softClose: null,
    dutch: { step: 400n, intervalSeconds: 60, floorPrice: 3500n },
  },
};
const withReserve = (type: AuctionType, reservePrice: bigint) => ({ ...TERMS[type], reservePrice });

const bid = (bidId: string, bidderId: string, amount: bigint, atSecond: number): RecordedBid => ({ bidId, bidderId, amount, placedAt: s(atSecond) });

function thrown(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('settleAuction', () => {
  it.each(AUCTION_TYPES)('%s without bids, after the close: no sale, no bids', (type) => {
    expect(settleAuction(TERMS[type], [], AFTER)).toEqual({ outcome: 'no_sale', reason: 'no_bids' });
  });

  it.each(['english', 'sealed_first_price', 'sealed_second_price'] as const)('%s: refuses to settle 1 ms before the scheduled end; at the end is fine', (type) => {
    const error = thrown(() => settleAuction(TERMS[type], [], ms(ENDS, -1)));
    expect(error).toMatchObject({ code: 'AUCTION.NOT_CLOSED', kind: 'conflict' });
    expect(error.extra.details).toEqual({ type, closesAt: ENDS.toISOString() });
    expect(settleAuction(TERMS[type], [], ENDS)).toEqual({ outcome: 'no_sale', reason: 'no_bids' });
  });

  describe('English', () => {
    it('the leader buys at the current price, with the bid that set their maximum', () => {
      // A 5000, B 2000: A pays min(5000, 2000 + 100) = 2100.
      const bids = [bid('a1', 'A', 5000n, 1), bid('b1', 'B', 2000n, 2)];
      expect(settleAuction(TERMS.english, bids, AFTER)).toEqual({ outcome: 'sold', winnerBidderId: 'A', winningBidId: 'a1', price: 2100n });
      // A raised later to 6000: still 2100 (nobody pushed), and the raise is the winning bid.
      expect(settleAuction(TERMS.english, [...bids, bid('a2', 'A', 6000n, 3)], AFTER)).toEqual({
        outcome: 'sold',
        winnerBidderId: 'A',
        winningBidId: 'a2',
        price: 2100n,
      });
    });

    it('no sale when the leader’s maximum is under the reserve; a sale at the reserve when it reaches it', () => {
      // A 3000, B 2500, reserve 4000: price 2600, leader's 3000 < 4000.
      const under = [bid('a1', 'A', 3000n, 1), bid('b1', 'B', 2500n, 2)];
      expect(settleAuction(withReserve('english', 4000n), under, AFTER)).toEqual({ outcome: 'no_sale', reason: 'reserve_not_met' });
      // A raises to 4000: the price rises to the reserve, 4000.
      expect(settleAuction(withReserve('english', 4000n), [...under, bid('a2', 'A', 4000n, 3)], AFTER)).toMatchObject({
        outcome: 'sold',
        winnerBidderId: 'A',
        price: 4000n,
      });
    });

    it('settleEnglish reads the same off a standing', () => {
      expect(settleEnglish(null)).toEqual({ outcome: 'no_sale', reason: 'no_bids' });
      expect(settleEnglish({ currentPrice: 2600n, leaderBidderId: 'A', leaderBidId: 'a1', reserveMet: false })).toEqual({
        outcome: 'no_sale',
        reason: 'reserve_not_met',
      });
      expect(settleEnglish({ currentPrice: 2600n, leaderBidderId: 'A', leaderBidId: 'a1', reserveMet: true })).toEqual({
        outcome: 'sold',
        winnerBidderId: 'A',
        winningBidId: 'a1',
        price: 2600n,
      });
    });
  });

  describe('sealed', () => {
    const bids = [bid('a', 'A', 1500n, 1), bid('b', 'B', 3000n, 2), bid('c', 'C', 2200n, 3)];

    it('first price: B pays their 3000', () => {
      expect(settleAuction(TERMS.sealed_first_price, bids, AFTER)).toEqual({ outcome: 'sold', winnerBidderId: 'B', winningBidId: 'b', price: 3000n });
    });

    it('second price: B pays the second-highest, 2200; with a 2600 reserve, 2600; with a 3500 reserve, no sale', () => {
      expect(settleAuction(TERMS.sealed_second_price, bids, AFTER)).toEqual({ outcome: 'sold', winnerBidderId: 'B', winningBidId: 'b', price: 2200n });
      expect(settleAuction(withReserve('sealed_second_price', 2600n), bids, AFTER)).toMatchObject({ price: 2600n });
      expect(settleAuction(withReserve('sealed_second_price', 3500n), bids, AFTER)).toEqual({ outcome: 'no_sale', reason: 'reserve_not_met' });
    });
  });

  describe('Dutch', () => {
    it('the first acceptance buys at the price it accepted, and settles at once', () => {
      // B accepted at 130 s (price 4200), C at 131 s lost the race; rows come back in any order.
      const b = bid('b', 'B', 4200n, 130);
      const c = bid('c', 'C', 4200n, 131);
      expect(settleAuction(TERMS.dutch, [c, b], s(132))).toEqual({ outcome: 'sold', winnerBidderId: 'B', winningBidId: 'b', price: 4200n });
    });

    it('without an acceptance, it cannot settle before the schedule closes (300 s), and is no sale after', () => {
      const error = thrown(() => settleAuction(TERMS.dutch, [], ms(s(300), -1)));
      expect(error).toMatchObject({ code: 'AUCTION.NOT_CLOSED', kind: 'conflict' });
      expect(error.extra.details).toEqual({ type: 'dutch', closesAt: s(300).toISOString() });
      expect(settleAuction(TERMS.dutch, [], s(300))).toEqual({ outcome: 'no_sale', reason: 'no_bids' });
    });
  });
});

describe('depositMovements', () => {
  const registrations: DepositRegistration[] = [
    { bidderId: 'A', depositHeld: 500n },
    { bidderId: 'B', depositHeld: 500n },
    { bidderId: 'C', depositHeld: 800n },
  ];
  const sold = (winnerBidderId: string, price: bigint): SettlementResult => ({ outcome: 'sold', winnerBidderId, winningBidId: 'w', price });
  const total = (amounts: bigint[]) => amounts.reduce((sum, amount) => sum + amount, 0n);

  it('sold: the winner’s deposit is applied to the trade, the others are released', () => {
    // 500 + 500 + 800 = 1800 in; 500 applied + 500 + 800 released = 1800 out.
    const movements = depositMovements(sold('A', 2100n), registrations);
    expect(movements).toEqual([
      { bidderId: 'A', kind: 'apply_to_trade', amount: 500n },
      { bidderId: 'B', kind: 'release', amount: 500n },
      { bidderId: 'C', kind: 'release', amount: 800n },
    ]);
    expect(total(movements.map((m) => m.amount))).toBe(1800n);
  });

  it('a deposit larger than the price applies the price and releases the rest', () => {
    // C holds 800, pays 600: 600 applied, 200 released.
    expect(depositMovements(sold('C', 600n), registrations)).toEqual([
      { bidderId: 'A', kind: 'release', amount: 500n },
      { bidderId: 'B', kind: 'release', amount: 500n },
      { bidderId: 'C', kind: 'apply_to_trade', amount: 600n },
      { bidderId: 'C', kind: 'release', amount: 200n },
    ]);
    // Exactly the price: all applied, nothing released.
    expect(depositMovements(sold('C', 800n), registrations).filter((m) => m.bidderId === 'C')).toEqual([
      { bidderId: 'C', kind: 'apply_to_trade', amount: 800n },
    ]);
  });

  it.each(['no_bids', 'reserve_not_met'] as const)('no sale (%s): everything is released', (reason) => {
    expect(depositMovements({ outcome: 'no_sale', reason }, registrations)).toEqual([
      { bidderId: 'A', kind: 'release', amount: 500n },
      { bidderId: 'B', kind: 'release', amount: 500n },
      { bidderId: 'C', kind: 'release', amount: 800n },
    ]);
  });

  it('zero deposits move nothing, and a winner who held none has nothing applied', () => {
    const withZero = [...registrations, { bidderId: 'D', depositHeld: 0n }];
    expect(depositMovements(sold('D', 2100n), withZero).map((m) => m.bidderId)).toEqual(['A', 'B', 'C']);
    expect(depositMovements({ outcome: 'no_sale', reason: 'no_bids' }, [])).toEqual([]);
  });

  it('refuses a ledger that disagrees with the auction', () => {
    expect(thrown(() => depositMovements(sold('Z', 100n), registrations))).toMatchObject({ code: 'AUCTION.DEPOSITS_INCONSISTENT', kind: 'internal' });
    expect(thrown(() => depositMovements({ outcome: 'no_sale', reason: 'no_bids' }, [...registrations, { bidderId: 'A', depositHeld: 1n }])).extra.details).toEqual({
      bidderId: 'A',
    });
    expect(thrown(() => depositMovements({ outcome: 'no_sale', reason: 'no_bids' }, [{ bidderId: 'A', depositHeld: -1n }]))).toMatchObject({
      code: 'AUCTION.DEPOSITS_INCONSISTENT',
    });
  });

  it('money in = money out, per bidder and in total, over random registrations and outcomes', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ bidderId: fc.string({ minLength: 1, maxLength: 4 }), depositHeld: fc.bigInt({ min: 0n, max: 1_000_000n }) }), {
          minLength: 1,
          maxLength: 20,
          selector: (registration) => registration.bidderId,
        }),
        fc.nat(),
        fc.bigInt({ min: 1n, max: 2_000_000n }),
        fc.boolean(),
        (regs, winnerIndex, price, isSold) => {
          const winner = regs[winnerIndex % regs.length].bidderId;
          const result: SettlementResult = isSold ? sold(winner, price) : { outcome: 'no_sale', reason: 'reserve_not_met' };
          const movements = depositMovements(result, regs);
          expect(total(movements.map((m) => m.amount))).toBe(total(regs.map((r) => r.depositHeld)));
          for (const { bidderId, depositHeld } of regs) {
            expect(total(movements.filter((m) => m.bidderId === bidderId).map((m) => m.amount))).toBe(depositHeld);
          }
          expect(movements.every((m) => m.amount > 0n)).toBe(true);
          const applied = movements.filter((m) => m.kind === 'apply_to_trade');
          if (!isSold) expect(applied).toEqual([]);
          else {
            expect(applied.every((m) => m.bidderId === winner)).toBe(true);
            expect(total(applied.map((m) => m.amount)) <= price).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
