import fc from 'fast-check';
import { DomainError } from '@lib/errors';
import { AuctionTerms, DutchSchedule } from './auction-types';
import { dutchClosesAt, dutchPriceAt, judgeDutchAcceptance } from './dutch';

const STARTS = new Date('2025-06-02T01:00:00.000Z');
const ENDS = new Date('2025-06-02T05:00:00.000Z'); // four hours: far beyond every schedule below unless said
const s = (seconds: number) => new Date(STARTS.getTime() + seconds * 1000);
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

const dutch = (schedule: Partial<DutchSchedule> = {}, overrides: Partial<AuctionTerms> = {}): AuctionTerms => ({
  type: 'dutch',
  startPrice: 5000n,
  increment: null,
  reservePrice: null,
  startsAt: STARTS,
  endsAt: ENDS,
  softClose: null,
  dutch: { step: 400n, intervalSeconds: 60, floorPrice: 3500n, ...schedule },
  ...overrides,
});

function thrown(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('dutchPriceAt', () => {
  // Start 5000, step 400 every 60 s, floor 3500: 5000, 4600, 4200, 3800, then 5000 − 4 × 400 = 3400 < 3500 → 3500.
  const terms = dutch();

  it.each([
    ['1 ms before the start', ms(STARTS, -1), null],
    ['at the start', STARTS, 5000n],
    ['1 ms before the first drop', ms(s(60), -1), 5000n],
    ['at the first drop (the boundary belongs to the new price)', s(60), 4600n],
    ['1 ms after the first drop', ms(s(60), 1), 4600n],
    ['1 ms before the second drop', ms(s(120), -1), 4600n],
    ['at 120 s: 5000 − 2 × 400', s(120), 4200n],
    ['at 180 s: 5000 − 3 × 400', s(180), 3800n],
    ['at 240 s: 5000 − 4 × 400 = 3400, held at the floor', s(240), 3500n],
    ['at 300 s: still the floor', s(300), 3500n],
    ['a day later: still the floor (the schedule is not the close)', s(86_400), 3500n],
  ])('%s → %s', (_, now, expected) => {
    expect(dutchPriceAt(terms, now)).toBe(expected);
  });

  it('lands exactly on the floor when the range divides by the step', () => {
    // 5000, 4500, 4000, 3500 (= 5000 − 3 × 500).
    const exact = dutch({ step: 500n });
    expect([0, 60, 120, 180, 240].map((t) => dutchPriceAt(exact, s(t)))).toEqual([5000n, 4500n, 4000n, 3500n, 3500n]);
  });

  it('a step larger than the whole range drops straight to the floor', () => {
    const steep = dutch({ step: 2000n });
    expect([0, 59, 60, 120].map((t) => dutchPriceAt(steep, s(t)))).toEqual([5000n, 5000n, 3500n, 3500n]);
  });

  it('keeps every fen with a 1-fen step over a wide range', () => {
    // ¥10,000,000,000.01 falling 1 fen a second: after 1,000,000,000 s it is 1,000,000,000,001 − 1,000,000,000.
    const wide = dutch({ step: 1n, intervalSeconds: 1, floorPrice: 1n }, { startPrice: 1_000_000_000_001n });
    expect(dutchPriceAt(wide, s(1_000_000_000))).toBe(999_000_000_001n);
  });
});

describe('dutchClosesAt', () => {
  it('one interval after the floor is first offered, when the schedule ends first', () => {
    // Floor first offered at tick ceil((5000 − 3500) / 400) = ceil(3.75) = 4, i.e. 240 s; closes at 300 s.
    expect(dutchClosesAt(dutch())).toEqual(s(300));
    // Exact: ceil(1500 / 500) = 3 → floor at 180 s, closes at 240 s.
    expect(dutchClosesAt(dutch({ step: 500n }))).toEqual(s(240));
    // Steep: ceil(1500 / 2000) = 1 → floor at 60 s, closes at 120 s.
    expect(dutchClosesAt(dutch({ step: 2000n }))).toEqual(s(120));
  });

  it('at endsAt when that comes first (or at the same moment)', () => {
    expect(dutchClosesAt(dutch({}, { endsAt: s(200) }))).toEqual(s(200));
    expect(dutchClosesAt(dutch({}, { endsAt: s(300) }))).toEqual(s(300));
    expect(dutchClosesAt(dutch({}, { endsAt: s(301) }))).toEqual(s(300));
  });

  it('is computed exactly for very long schedules', () => {
    // (1,000,000,000,001 − 1) / 1 = 1e12 ticks of 1 s to the floor, plus one: closes 1e12 + 1 s after the start.
    const wide = dutch({ step: 1n, intervalSeconds: 1, floorPrice: 1n }, { startPrice: 1_000_000_000_001n, endsAt: new Date(8.64e15) });
    expect(dutchClosesAt(wide).getTime()).toBe(STARTS.getTime() + (1e12 + 1) * 1000);
  });

  it('refuses to run on terms without a Dutch schedule', () => {
    expect(thrown(() => dutchClosesAt(dutch({}, { dutch: null })))).toMatchObject({ code: 'AUCTION.TERMS_INCONSISTENT', kind: 'internal' });
    expect(thrown(() => dutchPriceAt(dutch({}, { type: 'english' }), STARTS))).toMatchObject({ code: 'AUCTION.TERMS_INCONSISTENT' });
    expect(thrown(() => dutchPriceAt(dutch({ step: 0n }), STARTS))).toMatchObject({ code: 'AUCTION.TERMS_INCONSISTENT' });
  });
});

describe('judgeDutchAcceptance', () => {
  const terms = dutch(); // closes at 300 s

  it.each([
    ['1 ms before the start', ms(STARTS, -1), { accepted: false, reason: 'closed' }],
    ['at the start: the start price', STARTS, { accepted: true, price: 5000n }],
    ['at 150 s: 5000 − 2 × 400', s(150), { accepted: true, price: 4200n }],
    ['1 ms before the close: the floor', ms(s(300), -1), { accepted: true, price: 3500n }],
    ['at the close', s(300), { accepted: false, reason: 'closed' }],
  ])('%s', (_, now, expected) => {
    expect(judgeDutchAcceptance(terms, now, false)).toEqual(expected);
  });

  it('an early endsAt closes the lot before the floor', () => {
    const short = dutch({}, { endsAt: s(200) });
    expect(judgeDutchAcceptance(short, ms(s(200), -1), false)).toEqual({ accepted: true, price: 3800n });
    expect(judgeDutchAcceptance(short, s(200), false)).toEqual({ accepted: false, reason: 'closed' });
  });

  it('a sold lot says so, even after its scheduled close', () => {
    expect(judgeDutchAcceptance(terms, s(10), true)).toEqual({ accepted: false, reason: 'already_sold' });
    expect(judgeDutchAcceptance(terms, s(10_000), true)).toEqual({ accepted: false, reason: 'already_sold' });
  });

  it('over random schedules: the price never rises, stays in [floor, start], moves only at boundaries, and the floor is offered before the close', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 2n, max: 100_000n }),
        fc.bigInt({ min: 1n, max: 50_000n }),
        fc.integer({ min: 1, max: 3600 }),
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 2, maxLength: 30 }),
        (startPrice, stepSeed, intervalSeconds, offsets) => {
          const floorPrice = 1n + (stepSeed % (startPrice - 1n));
          const step = 1n + ((stepSeed * 7n) % startPrice);
          const terms = dutch({ step, intervalSeconds, floorPrice }, { startPrice, endsAt: new Date(STARTS.getTime() + 1e13) });
          const times = [...offsets].sort((a, b) => a - b).map((offset) => ms(STARTS, offset));
          let previous = startPrice;
          for (const now of times) {
            const price = dutchPriceAt(terms, now)!;
            expect(price <= previous && price >= floorPrice && price <= startPrice).toBe(true);
            previous = price;
            const tickStart = ms(STARTS, Math.floor((now.getTime() - STARTS.getTime()) / (intervalSeconds * 1000)) * intervalSeconds * 1000);
            expect(dutchPriceAt(terms, tickStart)).toBe(price);
          }
          const closesAt = dutchClosesAt(terms);
          expect(judgeDutchAcceptance(terms, ms(closesAt, -1), false)).toEqual({ accepted: true, price: floorPrice });
          expect(dutchPriceAt(terms, ms(closesAt, -intervalSeconds * 1000 - 1))! > floorPrice).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
