import fc from 'fast-check';
import { DomainError } from '@lib/errors';
import { AuctionTerms } from './auction-types';
import { judgeSealedBid, SealedBid, settleSealed } from './sealed';

// Amounts in fen; start price 1000.
const STARTS = new Date('2025-06-02T01:00:00.000Z');
const ENDS = new Date('2025-06-03T01:00:00.000Z');
const s = (seconds: number) => new Date(STARTS.getTime() + seconds * 1000);
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

const sealed = (type: 'sealed_first_price' | 'sealed_second_price', reservePrice: bigint | null = null): AuctionTerms => ({
  type,
  startPrice: 1000n,
  increment: null,
  reservePrice,
  startsAt: STARTS,
  endsAt: ENDS,
  softClose: null,
  dutch: null,
});
const FIRST = sealed('sealed_first_price');
const SECOND = sealed('sealed_second_price');

let counter = 0;
const bid = (bidderId: string, amount: bigint, atSecond: number): SealedBid => ({ bidId: `bid-${bidderId}-${++counter}`, bidderId, amount, placedAt: s(atSecond) });

function thrown(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe.each([FIRST, SECOND])('judging a $type bid', (terms) => {
  const attempt = (amount: bigint) => ({ bidId: 'b1', bidderId: 'A', amount });

  it.each([
    ['1 ms before the start', ms(STARTS, -1), false],
    ['at the start', STARTS, true],
    ['1 ms before the end', ms(ENDS, -1), true],
    ['at the end', ENDS, false],
  ])('%s', (_, now, open) => {
    const judgement = judgeSealedBid(terms, attempt(1000n), false, now);
    if (open) expect(judgement).toEqual({ accepted: true, bid: { bidId: 'b1', bidderId: 'A', amount: 1000n, placedAt: now } });
    else expect(judgement).toEqual({ accepted: false, reason: 'closed', minimumAcceptable: null });
  });

  it('needs at least the start price (1 fen short is refused), with no increment to round to', () => {
    expect(judgeSealedBid(terms, attempt(999n), false, s(1))).toEqual({ accepted: false, reason: 'too_low', minimumAcceptable: 1000n });
    expect(judgeSealedBid(terms, attempt(1000n), false, s(1))).toMatchObject({ accepted: true });
    expect(judgeSealedBid(terms, attempt(1234_57n), false, s(1))).toMatchObject({ accepted: true });
  });

  it('one bid per bidder: a second is refused, whatever its amount (bids are final)', () => {
    expect(judgeSealedBid(terms, attempt(5000n), true, s(1))).toEqual({ accepted: false, reason: 'already_bid', minimumAcceptable: null });
    expect(judgeSealedBid(terms, attempt(1n), true, s(1))).toMatchObject({ reason: 'already_bid' });
  });

  it('closed is reported before already-bid', () => {
    expect(judgeSealedBid(terms, attempt(5000n), true, ENDS)).toMatchObject({ reason: 'closed' });
  });
});

it('sealed rules refuse to run on other auction types', () => {
  const english: AuctionTerms = { ...FIRST, type: 'english', increment: 100n };
  expect(thrown(() => settleSealed(english, []))).toMatchObject({ code: 'AUCTION.TERMS_INCONSISTENT', kind: 'internal' });
  expect(thrown(() => judgeSealedBid(english, { bidId: 'x', bidderId: 'A', amount: 1000n }, false, s(1)))).toMatchObject({
    code: 'AUCTION.TERMS_INCONSISTENT',
  });
});

describe.each([FIRST, SECOND])('$type: who wins', (terms) => {
  it('no bids: no sale', () => {
    expect(settleSealed(terms, [])).toEqual({ outcome: 'no_sale', reason: 'no_bids' });
  });

  it('the highest bid wins, in whatever order the rows come', () => {
    const bids = [bid('A', 1500n, 1), bid('B', 3000n, 2), bid('C', 2200n, 3)];
    for (const order of [bids, [...bids].reverse(), [bids[2], bids[0], bids[1]]]) {
      expect(settleSealed(terms, order)).toMatchObject({ outcome: 'sold', winnerBidderId: 'B', winningBidId: bids[1].bidId });
    }
  });

  it('equal top bids: the earlier wins', () => {
    const early = bid('A', 3000n, 5);
    const late = bid('B', 3000n, 6);
    expect(settleSealed(terms, [late, early])).toMatchObject({ winnerBidderId: 'A', price: 3000n });
    expect(settleSealed(terms, [early, late])).toMatchObject({ winnerBidderId: 'A', price: 3000n });
  });

  it('equal top bids at the same millisecond: the one recorded first wins', () => {
    const a = { ...bid('A', 3000n, 5) };
    const b = { ...bid('B', 3000n, 5) };
    expect(settleSealed(terms, [a, b])).toMatchObject({ winnerBidderId: 'A' });
    expect(settleSealed(terms, [b, a])).toMatchObject({ winnerBidderId: 'B' });
  });
});

describe('first price', () => {
  it('the winner pays their own bid, alone or not', () => {
    expect(settleSealed(FIRST, [bid('A', 1700n, 1)])).toMatchObject({ outcome: 'sold', winnerBidderId: 'A', price: 1700n });
    // A 1500, B 3000, C 2200: B pays 3000.
    expect(settleSealed(FIRST, [bid('A', 1500n, 1), bid('B', 3000n, 2), bid('C', 2200n, 3)])).toMatchObject({ winnerBidderId: 'B', price: 3000n });
  });

  it('the reserve: 1 fen short is no sale; exactly the reserve sells at it', () => {
    const terms = sealed('sealed_first_price', 2500n);
    expect(settleSealed(terms, [bid('A', 2499n, 1), bid('B', 1200n, 2)])).toEqual({ outcome: 'no_sale', reason: 'reserve_not_met' });
    expect(settleSealed(terms, [bid('A', 2500n, 1), bid('B', 1200n, 2)])).toMatchObject({ outcome: 'sold', winnerBidderId: 'A', price: 2500n });
  });
});

describe('second price (Vickrey)', () => {
  it('one bidder, no reserve: pays the start price', () => {
    // A bids 1700 alone; the lowest acceptable rival bid would have been the start, 1000.
    expect(settleSealed(SECOND, [bid('A', 1700n, 1)])).toMatchObject({ outcome: 'sold', winnerBidderId: 'A', price: 1000n });
  });

  it('one bidder with a reserve: pays the reserve', () => {
    // A 1700, reserve 1500 → 1500.
    expect(settleSealed(sealed('sealed_second_price', 1500n), [bid('A', 1700n, 1)])).toMatchObject({ winnerBidderId: 'A', price: 1500n });
    // Reserve equal to the start price: the same thing, 1000.
    expect(settleSealed(sealed('sealed_second_price', 1000n), [bid('A', 1700n, 1)])).toMatchObject({ price: 1000n });
  });

  it('two bidders: the winner pays the other bid', () => {
    // A 3000, B 2200 → A pays 2200.
    expect(settleSealed(SECOND, [bid('A', 3000n, 1), bid('B', 2200n, 2)])).toMatchObject({ winnerBidderId: 'A', price: 2200n });
  });

  it('three bidders: the winner pays the second-highest, not the lowest', () => {
    // A 1500, B 3000, C 2200 → B pays 2200.
    expect(settleSealed(SECOND, [bid('A', 1500n, 1), bid('B', 3000n, 2), bid('C', 2200n, 3)])).toMatchObject({ winnerBidderId: 'B', price: 2200n });
  });

  it('a reserve above the second bid raises the price to the reserve', () => {
    // A 3000, B 2200, reserve 2600 → max(2200, 2600) = 2600.
    expect(settleSealed(sealed('sealed_second_price', 2600n), [bid('A', 3000n, 1), bid('B', 2200n, 2)])).toMatchObject({ winnerBidderId: 'A', price: 2600n });
  });

  it('a reserve below the second bid changes nothing', () => {
    // A 3000, B 2200, reserve 1800 → max(2200, 1800) = 2200.
    expect(settleSealed(sealed('sealed_second_price', 1800n), [bid('A', 3000n, 1), bid('B', 2200n, 2)])).toMatchObject({ price: 2200n });
  });

  it('a reserve equal to the winning bid sells at it; 1 fen above is no sale', () => {
    expect(settleSealed(sealed('sealed_second_price', 3000n), [bid('A', 3000n, 1), bid('B', 2200n, 2)])).toMatchObject({ price: 3000n });
    expect(settleSealed(sealed('sealed_second_price', 3001n), [bid('A', 3000n, 1), bid('B', 2200n, 2)])).toEqual({
      outcome: 'no_sale',
      reason: 'reserve_not_met',
    });
  });

  it('equal top bids: the earlier wins and pays the same amount', () => {
    expect(settleSealed(SECOND, [bid('B', 3000n, 6), bid('A', 3000n, 5), bid('C', 2000n, 1)])).toMatchObject({ winnerBidderId: 'A', price: 3000n });
  });

  it('a bidder recorded twice (a defect) can never set their own second price', () => {
    // A 3000 and A 2800, B 2000: A wins with 3000 and pays B's 2000, not their own 2800.
    const aBest = bid('A', 3000n, 1);
    expect(settleSealed(SECOND, [aBest, bid('A', 2800n, 2), bid('B', 2000n, 3)])).toMatchObject({ winningBidId: aBest.bidId, price: 2000n });
  });

  it('over random bids: the winner pays at most their bid, at least max(second, reserve, start), and exactly that', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1000n, max: 10_000n }), { minLength: 1, maxLength: 12 }),
        fc.option(fc.bigInt({ min: 1000n, max: 12_000n }), { nil: null }),
        (amounts, reserve) => {
          const bids = amounts.map((amount, i) => bid(`P${i}`, amount, i));
          const result = settleSealed(sealed('sealed_second_price', reserve), bids);
          const sorted = [...amounts].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0));
          if (reserve !== null && sorted[0] < reserve) {
            expect(result).toEqual({ outcome: 'no_sale', reason: 'reserve_not_met' });
            return;
          }
          if (result.outcome !== 'sold') throw new Error('expected a sale');
          const floor = [sorted[1] ?? 1000n, reserve ?? 1000n, 1000n].reduce((x, y) => (x > y ? x : y));
          expect(result.price).toBe(floor);
          expect(result.price <= sorted[0]).toBe(true);
          expect(bids.find((b) => b.bidId === result.winningBidId)?.amount).toBe(sorted[0]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
