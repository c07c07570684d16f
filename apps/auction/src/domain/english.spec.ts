import fc from 'fast-check';
import { DomainError } from '@lib/errors';
import { AuctionTerms, SoftClose } from './auction-types';
import {
  applySoftClose,
  EnglishBid,
  EnglishBidAttempt,
  englishMinimumAcceptable,
  englishPrice,
  EnglishState,
  englishStateOf,
  judgeEnglishBid,
  openEnglishState,
  resolveEnglish,
} from './english';

// Amounts are fen, kept small so the arithmetic in the comments is easy to check.
const STARTS = new Date('2025-06-02T01:00:00.000Z');
const ENDS = new Date('2025-06-02T02:00:00.000Z'); // one hour
const s = (seconds: number) => new Date(STARTS.getTime() + seconds * 1000);
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

const english = (overrides: Partial<AuctionTerms> = {}): AuctionTerms => ({
  type: 'english',
  startPrice: 1000n,
  increment: 100n,
  reservePrice: null,
  startsAt: STARTS,
  endsAt: ENDS,
  softClose: null,
  dutch: null,
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

type Step = [bidderId: string, maxAmount: bigint, atSecond: number];

/** Plays bids live through the judge, requiring each to be accepted; returns the recorded bids and the state. */
function play(terms: AuctionTerms, steps: Step[], from: EnglishState = openEnglishState(terms)) {
  let state = from;
  const bids: EnglishBid[] = [];
  steps.forEach(([bidderId, maxAmount, atSecond], i) => {
    const judgement = judgeEnglishBid(terms, state, { bidId: `bid-${bids.length + 1}-${bidderId}-${i}`, bidderId, maxAmount }, s(atSecond));
    if (!judgement.accepted) throw new Error(`step ${i} (${bidderId} ${maxAmount}) refused: ${judgement.reason}`);
    bids.push(judgement.bid);
    state = judgement.state;
  });
  return { state, bids, standing: state.standing };
}

const attempt = (bidderId: string, maxAmount: bigint, bidId = `x-${bidderId}`): EnglishBidAttempt => ({ bidId, bidderId, maxAmount });

describe('englishPrice', () => {
  const terms = english({ reservePrice: 4000n });
  it.each([
    ['alone, past the reserve: the reserve', 5000n, null, 4000n],
    ['alone, below the reserve: the start price', 3000n, null, 1000n],
    ['alone at the reserve: the reserve', 4000n, null, 4000n],
    ['runner-up + increment: min(5000, 2000 + 100) = 2100, then the reserve 4000', 5000n, 2000n, 4000n],
    ['runner-up + increment above the reserve: min(6000, 4500 + 100) = 4600', 6000n, 4500n, 4600n],
    ['capped at the leader: min(4550, 4500 + 100) = 4550', 4550n, 4500n, 4550n],
    ['equal maxima: min(4500, 4600) = 4500', 4500n, 4500n, 4500n],
    ['below the reserve: min(3000, 1500 + 100) = 1600', 3000n, 1500n, 1600n],
  ])('%s', (_, leaderMax, runnerUpMax, expected) => {
    expect(englishPrice(terms, leaderMax, runnerUpMax)).toBe(expected);
  });

  it('never below the start price', () => {
    // min(1050, 900 + 100) = 1000; a runner-up under the start cannot happen, but the floor holds anyway.
    expect(englishPrice(english(), 1050n, 800n)).toBe(1000n);
  });
});

describe('English proxy bidding', () => {
  it('a lone bidder leads at the start price, whatever their maximum', () => {
    const { standing, state } = play(english(), [['A', 5000n, 1]]);
    expect(standing).toEqual({ currentPrice: 1000n, leaderBidderId: 'A', leaderBidId: 'bid-1-A-0', reserveMet: true });
    expect(state).toMatchObject({ leaderMax: 5000n, runnerUpMax: null, endsAt: ENDS, lastBidAt: s(1) });
  });

  describe('two bidders', () => {
    it('the higher maximum leads and pays the runner-up plus one increment', () => {
      // A 5000, B 2000: price = min(5000, 2000 + 100) = 2100, A leads.
      const { standing } = play(english(), [
        ['A', 5000n, 1],
        ['B', 2000n, 2],
      ]);
      expect(standing).toMatchObject({ currentPrice: 2100n, leaderBidderId: 'A' });
    });

    it('a challenger with a higher maximum takes the lead at the old leader plus one increment', () => {
      // A 2000, B 5000: B leads, price = min(5000, 2000 + 100) = 2100.
      const { standing, state } = play(english(), [
        ['A', 2000n, 1],
        ['B', 5000n, 2],
      ]);
      expect(standing).toMatchObject({ currentPrice: 2100n, leaderBidderId: 'B', leaderBidId: 'bid-2-B-1' });
      expect(state).toMatchObject({ leaderMax: 5000n, runnerUpMax: 2000n });
    });

    it('maxima less than one increment apart: the price is capped at the leader’s maximum', () => {
      // A 2000, B 1950: price = min(2000, 1950 + 100 = 2050) = 2000.
      expect(
        play(english(), [
          ['A', 2000n, 1],
          ['B', 1950n, 2],
        ]).standing,
      ).toMatchObject({ currentPrice: 2000n, leaderBidderId: 'A' });
    });

    it('equal maxima: the earlier bid leads, at its own maximum', () => {
      // A 3000 at 1 s, B 3000 at 2 s: A leads; price = min(3000, 3000 + 100) = 3000.
      const { standing, bids } = play(english(), [
        ['A', 3000n, 1],
        ['B', 3000n, 2],
      ]);
      expect(standing).toMatchObject({ currentPrice: 3000n, leaderBidderId: 'A' });
      // Whatever order the rows come back in, the time decides.
      expect(resolveEnglish(english(), [bids[1], bids[0]])).toMatchObject({ currentPrice: 3000n, leaderBidderId: 'A' });
    });

    it('equal maxima at the same millisecond: the order of acceptance decides', () => {
      const same = s(5);
      const a: EnglishBid = { bidId: 'a', bidderId: 'A', maxAmount: 3000n, placedAt: same };
      const b: EnglishBid = { bidId: 'b', bidderId: 'B', maxAmount: 3000n, placedAt: same };
      expect(resolveEnglish(english(), [a, b])?.leaderBidderId).toBe('A');
      expect(resolveEnglish(english(), [b, a])?.leaderBidderId).toBe('B');
    });
  });

  it('three bidders', () => {
    // A 3000 → price 1000 (alone).
    // B 2000 → needs 1000 + 100 = 1100; A still leads; price = min(3000, 2000 + 100) = 2100.
    // C 4000 → needs 2100 + 100 = 2200; C leads; runner-up is A's 3000; price = min(4000, 3000 + 100) = 3100.
    const { standing, state, bids } = play(english(), [
      ['A', 3000n, 1],
      ['B', 2000n, 2],
      ['C', 4000n, 3],
    ]);
    expect(standing).toMatchObject({ currentPrice: 3100n, leaderBidderId: 'C' });
    expect(state).toMatchObject({ leaderMax: 4000n, runnerUpMax: 3000n });
    expect(resolveEnglish(english(), bids)).toEqual(standing);
  });

  it('five bidders', () => {
    // A 1500 → 1000, A.
    // B 1800 → needs 1100; B leads; price = min(1800, 1500 + 100) = 1600.
    // C 2500 → needs 1700; C leads; price = min(2500, 1800 + 100) = 1900.
    // D 2400 → needs 2000; C keeps it; runner-up 2400; price = min(2500, 2400 + 100) = 2500.
    // E 2600 → needs 2500 + 100 = 2600, exactly; E leads; price = min(2600, 2500 + 100) = 2600.
    const steps: Step[] = [
      ['A', 1500n, 1],
      ['B', 1800n, 2],
      ['C', 2500n, 3],
      ['D', 2400n, 4],
      ['E', 2600n, 5],
    ];
    const prices: bigint[] = [];
    let state = openEnglishState(english());
    for (const step of steps) {
      state = play(english(), [step], state).state;
      prices.push(state.standing!.currentPrice);
    }
    expect(prices).toEqual([1000n, 1600n, 1900n, 2500n, 2600n]);
    expect(state.standing).toMatchObject({ leaderBidderId: 'E' });
    expect(state).toMatchObject({ leaderMax: 2600n, runnerUpMax: 2500n });
  });

  it('resolves the same five bids to the same standing in any row order (time decides)', () => {
    const { bids, standing } = play(english(), [
      ['A', 1500n, 1],
      ['B', 1800n, 2],
      ['C', 2500n, 3],
      ['D', 2400n, 4],
      ['E', 2600n, 5],
    ]);
    expect(resolveEnglish(english(), [...bids].reverse())).toEqual(standing);
    expect(resolveEnglish(english(), [bids[3], bids[0], bids[4], bids[2], bids[1]])).toEqual(standing);
  });

  it('no bids: no standing', () => {
    expect(resolveEnglish(english(), [])).toBeNull();
  });

  describe('the leader raising their own maximum', () => {
    it('leaves the price where it was; only a rival moves it', () => {
      // A 3000, B 2000 → 2100, A. A raises to 5000: price stays 2100.
      const before = play(english(), [
        ['A', 3000n, 1],
        ['B', 2000n, 2],
      ]);
      const raise = judgeEnglishBid(english(), before.state, attempt('A', 5000n, 'raise'), s(3));
      expect(raise).toMatchObject({ accepted: true, minimumAcceptable: 3001n, extended: false });
      if (!raise.accepted) return;
      expect(raise.state.standing).toEqual({ currentPrice: 2100n, leaderBidderId: 'A', leaderBidId: 'raise', reserveMet: true });
      expect(raise.state).toMatchObject({ leaderMax: 5000n, runnerUpMax: 2000n });
      // B pushes to 3500 (needs 2100 + 100 = 2200): price = min(5000, 3500 + 100) = 3600, A still leads.
      const push = play(english(), [['B', 3500n, 4]], raise.state);
      expect(push.standing).toMatchObject({ currentPrice: 3600n, leaderBidderId: 'A' });
      // The recorded history resolves to the same thing.
      expect(resolveEnglish(english(), [...before.bids, raise.bid, ...push.bids])).toEqual(push.standing);
    });

    it('even when the price had been capped at the old maximum (no bidding against oneself)', () => {
      // A 2000, B 1950 → price min(2000, 2050) = 2000. A raises to 3000: the formula would say
      // min(3000, 1950 + 100) = 2050, but nobody pushed, so it stays 2000.
      const { state, bids } = play(english(), [
        ['A', 2000n, 1],
        ['B', 1950n, 2],
        ['A', 3000n, 3],
      ]);
      expect(state.standing).toMatchObject({ currentPrice: 2000n, leaderBidderId: 'A' });
      expect(resolveEnglish(english(), bids)?.currentPrice).toBe(2000n);
    });

    it('must exceed their current maximum (by as little as 1 fen)', () => {
      const { state } = play(english(), [['A', 3000n, 1]]);
      expect(englishMinimumAcceptable(english(), state, 'A')).toBe(3001n);
      expect(judgeEnglishBid(english(), state, attempt('A', 3000n), s(2))).toEqual({ accepted: false, reason: 'too_low', minimumAcceptable: 3001n });
      expect(judgeEnglishBid(english(), state, attempt('A', 2000n), s(2))).toEqual({ accepted: false, reason: 'too_low', minimumAcceptable: 3001n });
      expect(judgeEnglishBid(english(), state, attempt('A', 3001n), s(2))).toMatchObject({ accepted: true });
    });

    it('a lower later bid in the history never lowers a maximum', () => {
      const bids: EnglishBid[] = [
        { bidId: 'a1', bidderId: 'A', maxAmount: 5000n, placedAt: s(1) },
        { bidId: 'b1', bidderId: 'B', maxAmount: 2000n, placedAt: s(2) },
        { bidId: 'a2', bidderId: 'A', maxAmount: 1500n, placedAt: s(3) },
      ];
      // A keeps 5000 (bid a1); price = min(5000, 2000 + 100) = 2100.
      expect(resolveEnglish(english(), bids)).toEqual({ currentPrice: 2100n, leaderBidderId: 'A', leaderBidId: 'a1', reserveMet: true });
    });
  });

  describe('a new bidder exactly at the leader’s maximum', () => {
    it('the leader keeps the lead and the price rises to the leader’s maximum', () => {
      // A 5000, B 2000 → 2100. C bids exactly 5000: A got there first; price = min(5000, 5000 + 100) = 5000.
      const { standing, state } = play(english(), [
        ['A', 5000n, 1],
        ['B', 2000n, 2],
        ['C', 5000n, 3],
      ]);
      expect(standing).toMatchObject({ currentPrice: 5000n, leaderBidderId: 'A', leaderBidId: 'bid-1-A-0' });
      expect(state).toMatchObject({ leaderMax: 5000n, runnerUpMax: 5000n });
      // Anyone now needs 5000 + 100 = 5100; the leader needs 5001.
      expect(englishMinimumAcceptable(english(), state, 'C')).toBe(5100n);
      expect(englishMinimumAcceptable(english(), state, 'A')).toBe(5001n);
    });
  });

  describe('the minimum acceptable bid', () => {
    it('is the start price on an empty lot (exactly the start is accepted)', () => {
      const open = openEnglishState(english());
      expect(judgeEnglishBid(english(), open, attempt('A', 999n), s(1))).toEqual({ accepted: false, reason: 'too_low', minimumAcceptable: 1000n });
      expect(judgeEnglishBid(english(), open, attempt('A', 0n), s(1))).toEqual({ accepted: false, reason: 'too_low', minimumAcceptable: 1000n });
      expect(judgeEnglishBid(english(), open, attempt('A', 1000n), s(1))).toMatchObject({ accepted: true, minimumAcceptable: 1000n });
    });

    it('is the current price plus one increment for anyone but the leader (1 fen short is refused)', () => {
      // A 3000, B 2000 → 2100; B (or D) now needs 2200.
      const { state } = play(english(), [
        ['A', 3000n, 1],
        ['B', 2000n, 2],
      ]);
      for (const bidder of ['B', 'D']) {
        expect(judgeEnglishBid(english(), state, attempt(bidder, 2199n), s(3))).toEqual({ accepted: false, reason: 'too_low', minimumAcceptable: 2200n });
        const ok = judgeEnglishBid(english(), state, attempt(bidder, 2200n), s(3));
        // A still leads; price = min(3000, 2200 + 100) = 2300.
        expect(ok).toMatchObject({ accepted: true, state: { standing: { currentPrice: 2300n, leaderBidderId: 'A' } } });
      }
    });

    it('works with a 1-fen increment', () => {
      const terms = english({ increment: 1n });
      // A 1500, B 1200 → min(1500, 1201) = 1201; C needs 1202.
      const { state } = play(terms, [
        ['A', 1500n, 1],
        ['B', 1200n, 2],
      ]);
      expect(state.standing?.currentPrice).toBe(1201n);
      expect(englishMinimumAcceptable(terms, state, 'C')).toBe(1202n);
    });

    it('is not rounded to the increment (any fen amount at or above the minimum)', () => {
      // A 1234 alone → 1000; B 1101 (needs 1100) → min(1234, 1101 + 100) = 1201.
      expect(
        play(english(), [
          ['A', 1234n, 1],
          ['B', 1101n, 2],
        ]).standing?.currentPrice,
      ).toBe(1201n);
    });
  });

  describe('the reserve', () => {
    const terms = english({ reservePrice: 4000n });

    it('a lone bidder below the reserve leads at the start price, reserve not met', () => {
      expect(play(terms, [['A', 3000n, 1]]).standing).toMatchObject({ currentPrice: 1000n, reserveMet: false });
    });

    it('a lone bidder at or above the reserve lifts the price to it', () => {
      expect(play(terms, [['A', 4000n, 1]]).standing).toMatchObject({ currentPrice: 4000n, reserveMet: true });
      expect(play(terms, [['A', 9000n, 1]]).standing).toMatchObject({ currentPrice: 4000n, reserveMet: true });
    });

    it('the leader raising past the reserve lifts the price to it (and that is a public change)', () => {
      // A 3000 → 1000, not met. A raises to 4500: reserve reached, price = max(1000, 4000) = 4000.
      const { state } = play(terms, [['A', 3000n, 1]]);
      const raise = judgeEnglishBid(terms, state, attempt('A', 4500n), s(2));
      expect(raise).toMatchObject({ accepted: true, state: { standing: { currentPrice: 4000n, reserveMet: true } } });
    });

    it('a challenger who takes the lead past the reserve lifts the price to it', () => {
      // A 3000 → 1000. B 4500: B leads, min(4500, 3000 + 100) = 3100, reserve reached → 4000.
      expect(
        play(terms, [
          ['A', 3000n, 1],
          ['B', 4500n, 2],
        ]).standing,
      ).toMatchObject({ currentPrice: 4000n, leaderBidderId: 'B', reserveMet: true });
    });

    it('once the price is at the reserve, rivals need the reserve plus one increment', () => {
      const { state } = play(terms, [['A', 5000n, 1]]);
      expect(englishMinimumAcceptable(terms, state, 'B')).toBe(4100n);
      expect(judgeEnglishBid(terms, state, attempt('B', 2000n), s(2))).toEqual({ accepted: false, reason: 'too_low', minimumAcceptable: 4100n });
      // B 4500: min(5000, 4500 + 100) = 4600.
      expect(play(terms, [['B', 4500n, 2]], state).standing).toMatchObject({ currentPrice: 4600n, leaderBidderId: 'A' });
    });

    it('two bidders both under the reserve bid normally, reserve not met', () => {
      // A 3000, B 2500: min(3000, 2600) = 2600 < 4000.
      expect(
        play(terms, [
          ['A', 3000n, 1],
          ['B', 2500n, 2],
        ]).standing,
      ).toMatchObject({ currentPrice: 2600n, leaderBidderId: 'A', reserveMet: false });
    });
  });

  describe('open and closed', () => {
    const open = openEnglishState(english());
    it.each([
      ['1 ms before the start', ms(STARTS, -1), false],
      ['at the start', STARTS, true],
      ['1 ms before the end', ms(ENDS, -1), true],
      ['at the end', ENDS, false],
      ['after the end', ms(ENDS, 1), false],
    ])('%s: %s', (_, now, isOpen) => {
      const judgement = judgeEnglishBid(english(), open, attempt('A', 1000n), now);
      if (isOpen) expect(judgement).toMatchObject({ accepted: true });
      else expect(judgement).toEqual({ accepted: false, reason: 'closed', minimumAcceptable: null });
    });

    it('closed wins over too low', () => {
      expect(judgeEnglishBid(english(), open, attempt('A', 1n), ENDS)).toMatchObject({ reason: 'closed' });
    });

    it('uses the effective (extended) end, not the scheduled one', () => {
      const extended: EnglishState = { ...open, endsAt: ms(ENDS, 60_000) };
      expect(judgeEnglishBid(english(), extended, attempt('A', 1000n), ENDS)).toMatchObject({ accepted: true });
      expect(judgeEnglishBid(english(), extended, attempt('A', 1000n), ms(ENDS, 60_000))).toMatchObject({ reason: 'closed' });
    });
  });

  it('records bids in acceptance order even when a replica’s clock lags', () => {
    const { state } = play(english(), [['A', 2000n, 10]]);
    const lagging = judgeEnglishBid(english(), state, attempt('B', 1500n), s(9.5));
    expect(lagging).toMatchObject({ accepted: true, bid: { placedAt: s(10) } });
  });

  it('refuses to run on terms that are not English', () => {
    const sealed = english({ type: 'sealed_first_price', increment: null });
    expect(thrown(() => openEnglishState(sealed))).toMatchObject({ code: 'AUCTION.TERMS_INCONSISTENT', kind: 'internal' });
    expect(thrown(() => resolveEnglish(sealed, []))).toMatchObject({ code: 'AUCTION.TERMS_INCONSISTENT' });
    expect(thrown(() => resolveEnglish(english({ increment: 0n }), []))).toMatchObject({ code: 'AUCTION.TERMS_INCONSISTENT' });
  });
});

describe('applySoftClose', () => {
  // Window 300 s, extension 120 s.
  const rule: SoftClose = { windowSeconds: 300, extensionSeconds: 120, maxEndsAt: null };
  const plus = (seconds: number) => ms(ENDS, seconds * 1000);

  it.each([
    ['remaining exactly the window (300 s): inside, extends', ms(ENDS, -300_000), plus(120)],
    ['remaining the window + 1 ms: outside', ms(ENDS, -300_001), ENDS],
    ['remaining the window − 1 ms: inside', ms(ENDS, -299_999), plus(120)],
    ['remaining 1 ms: inside', ms(ENDS, -1), plus(120)],
    ['remaining exactly 0: the auction has ended, nothing moves', ENDS, ENDS],
    ['remaining negative: nothing moves', ms(ENDS, 1), ENDS],
    ['long before the end: nothing moves', STARTS, ENDS],
  ])('%s', (_, bidAt, expected) => {
    expect(applySoftClose(ENDS, bidAt, rule)).toEqual(expected);
  });

  it('extends from the current end, not from the bid', () => {
    // A bid 10 s before the end gives end + 120 s, not bid + 120 s.
    expect(applySoftClose(ENDS, ms(ENDS, -10_000), rule)).toEqual(plus(120));
  });

  it('no soft close: never moves', () => {
    expect(applySoftClose(ENDS, ms(ENDS, -1), null)).toBe(ENDS);
  });

  it('is capped at maxEndsAt, and an end at the cap stays put', () => {
    const capped: SoftClose = { ...rule, maxEndsAt: plus(300) };
    // 1st: end + 120. 2nd (1 s before that): end + 240. 3rd: end + 360 → capped to end + 300. 4th: unchanged.
    let end = ENDS;
    const ends: Date[] = [];
    for (let i = 0; i < 4; i++) {
      end = applySoftClose(end, ms(end, -1000), capped);
      ends.push(end);
    }
    expect(ends).toEqual([plus(120), plus(240), plus(300), plus(300)]);
  });

  it('a cap 1 ms after the end allows 1 ms; a cap at or before the end never pulls the end earlier', () => {
    expect(applySoftClose(ENDS, ms(ENDS, -1), { ...rule, maxEndsAt: ms(ENDS, 1) })).toEqual(ms(ENDS, 1));
    expect(applySoftClose(ENDS, ms(ENDS, -1), { ...rule, maxEndsAt: ENDS })).toBe(ENDS);
    expect(applySoftClose(ENDS, ms(ENDS, -1), { ...rule, maxEndsAt: ms(ENDS, -60_000) })).toBe(ENDS);
  });
});

describe('soft close in judged bids', () => {
  const terms = english({ softClose: { windowSeconds: 300, extensionSeconds: 120, maxEndsAt: ms(ENDS, 200_000) } });
  const lastMinutes = (secondsBeforeEnd: number) => ms(ENDS, -secondsBeforeEnd * 1000);

  it('a challenger’s bid in the window extends the end and says so; outside the window it does not', () => {
    const { state } = play(terms, [['A', 3000n, 60]]);
    const early = judgeEnglishBid(terms, state, attempt('B', 1500n), lastMinutes(301));
    expect(early).toMatchObject({ accepted: true, extended: false, state: { endsAt: ENDS } });
    const late = judgeEnglishBid(terms, state, attempt('B', 1500n), lastMinutes(300));
    expect(late).toMatchObject({ accepted: true, extended: true, state: { endsAt: ms(ENDS, 120_000) } });
  });

  it('a leader’s silent raise does not extend (it would reveal the raise); one that reaches the reserve does', () => {
    const { state } = play(terms, [['A', 3000n, 60]]);
    expect(judgeEnglishBid(terms, state, attempt('A', 9000n), lastMinutes(10))).toMatchObject({ accepted: true, extended: false, state: { endsAt: ENDS } });
    const withReserve = { ...terms, reservePrice: 5000n };
    const below = play(withReserve, [['A', 3000n, 60]]).state;
    expect(judgeEnglishBid(withReserve, below, attempt('A', 6000n), lastMinutes(10))).toMatchObject({
      accepted: true,
      extended: true,
      state: { endsAt: ms(ENDS, 120_000), standing: { currentPrice: 5000n } },
    });
  });

  it('the first bid, if late, extends too', () => {
    expect(judgeEnglishBid(terms, openEnglishState(terms), attempt('A', 1000n), lastMinutes(1))).toMatchObject({ extended: true });
  });

  it('a bargain-hunting war stops at the cap, and a bid at the capped end is late', () => {
    // A and B alternate 1 s before each end: end + 120, + 240 → capped at + 200; the next bid moves nothing.
    let state = play(terms, [['A', 10_000n, 60]]).state;
    const ends: number[] = [];
    let amount = 1100n;
    for (const bidder of ['B', 'C', 'D']) {
      const judgement = judgeEnglishBid(terms, state, attempt(bidder, amount), ms(state.endsAt, -1000));
      if (!judgement.accepted) throw new Error(judgement.reason);
      state = judgement.state;
      ends.push((state.endsAt.getTime() - ENDS.getTime()) / 1000);
      amount = state.standing!.currentPrice + 100n;
    }
    expect(ends).toEqual([120, 200, 200]);
    expect(judgeEnglishBid(terms, state, attempt('E', 9_999n), ms(ENDS, 200_000))).toMatchObject({ accepted: false, reason: 'closed' });
  });
});

describe('englishStateOf', () => {
  const terms = english({ reservePrice: 2500n, softClose: { windowSeconds: 300, extensionSeconds: 120, maxEndsAt: null } });

  it('rebuilds the live state, extensions included, from the recorded bids', () => {
    const live = play(terms, [
      ['A', 3000n, 60],
      ['B', 2700n, 3599],
      ['A', 4000n, 3600 + 60],
      ['C', 3500n, 3600 + 100],
    ]);
    // A 3000 alone, past the reserve: price 2500. B 2700 (needs 2600), 1 s before the end: price
    // min(3000, 2800) = 2800, end 3600 → 3720 s. A raises to 4000 silently: price 2800, no extension.
    // C 3500 (needs 2900) at 3700 s, 20 s before 3720: price min(4000, 3600) = 3600, end → 3840 s.
    expect(live.state.standing).toMatchObject({ currentPrice: 3600n, leaderBidderId: 'A' });
    expect(live.state.endsAt).toEqual(s(3840));
    expect(englishStateOf(terms, live.bids)).toEqual(live.state);
  });

  it('refuses a history the rules would not have accepted', () => {
    const corrupt: EnglishBid[] = [
      { bidId: 'a', bidderId: 'A', maxAmount: 3000n, placedAt: s(1) },
      { bidId: 'b', bidderId: 'B', maxAmount: 1050n, placedAt: s(2) }, // needs 1100
    ];
    const error = thrown(() => englishStateOf(terms, corrupt));
    expect(error).toMatchObject({ code: 'AUCTION.BID_HISTORY_INVALID', kind: 'internal' });
    expect(error.extra.details).toEqual({ bidId: 'b', reason: 'too_low' });
    expect(thrown(() => englishStateOf(terms, [{ bidId: 'z', bidderId: 'Z', maxAmount: 5000n, placedAt: ENDS }])).extra.details).toEqual({
      bidId: 'z',
      reason: 'closed',
    });
  });
});

describe('English invariants over random bidding (property)', () => {
  const bidders = ['A', 'B', 'C', 'D', 'E'];
  const arbitraryTerms = fc.record({
    increment: fc.bigInt({ min: 1n, max: 500n }),
    reservePrice: fc.option(fc.bigInt({ min: 1000n, max: 8000n }), { nil: null }),
  });
  const arbitraryAttempts = fc.array(
    fc.record({ bidder: fc.constantFrom(...bidders), overMinimum: fc.bigInt({ min: -200n, max: 3000n }), gapMs: fc.integer({ min: 0, max: 5000 }) }),
    { maxLength: 40 },
  );

  it('live state = replay = resolution from the rows; the leader has the top maximum; the price is bounded and never falls', () => {
    fc.assert(
      fc.property(arbitraryTerms, arbitraryAttempts, ({ increment, reservePrice }, attempts) => {
        const terms = english({ increment, reservePrice });
        let state = openEnglishState(terms);
        const accepted: EnglishBid[] = [];
        let now = STARTS.getTime();
        let lastPrice = 0n;
        attempts.forEach(({ bidder, overMinimum, gapMs }, i) => {
          now += gapMs;
          const minimum = englishMinimumAcceptable(terms, state, bidder);
          const judgement = judgeEnglishBid(terms, state, attempt(bidder, minimum + overMinimum, `b${i}`), new Date(now));
          expect(judgement.accepted).toBe(overMinimum >= 0n);
          if (!judgement.accepted) return;
          accepted.push(judgement.bid);
          state = judgement.state;
          const standing = state.standing!;
          expect(standing.currentPrice >= lastPrice).toBe(true);
          lastPrice = standing.currentPrice;

          // The leader is the highest maximum, earliest of equals, computed naively from the rows.
          // (Ties on time fall back to acceptance order: the position in `accepted`.)
          const best = new Map<string, { bid: EnglishBid; position: number }>();
          accepted.forEach((bid, position) => {
            if (!best.has(bid.bidderId) || bid.maxAmount > best.get(bid.bidderId)!.bid.maxAmount) best.set(bid.bidderId, { bid, position });
          });
          const ranked = [...best.values()]
            .sort((x, y) =>
              x.bid.maxAmount !== y.bid.maxAmount
                ? (x.bid.maxAmount > y.bid.maxAmount ? -1 : 1)
                : x.bid.placedAt.getTime() - y.bid.placedAt.getTime() || x.position - y.position,
            )
            .map(({ bid }) => bid);
          expect(standing.leaderBidderId).toBe(ranked[0].bidderId);
          expect(standing.leaderBidId).toBe(ranked[0].bidId);
          const leaderMax = ranked[0].maxAmount;
          const runnerUpMax = ranked[1]?.maxAmount ?? null;
          expect(state.leaderMax).toBe(leaderMax);
          expect(state.runnerUpMax).toBe(runnerUpMax);

          // Bounds: start <= price <= leader's maximum; price >= runner-up's maximum; reserve honoured.
          expect(standing.currentPrice >= terms.startPrice && standing.currentPrice <= leaderMax).toBe(true);
          if (runnerUpMax !== null) expect(standing.currentPrice >= runnerUpMax).toBe(true);
          expect(standing.reserveMet).toBe(reservePrice === null || leaderMax >= reservePrice);
          if (reservePrice !== null && standing.reserveMet) expect(standing.currentPrice >= reservePrice).toBe(true);
          if (reservePrice !== null && !standing.reserveMet) expect(standing.currentPrice < reservePrice).toBe(true);
        });
        expect(resolveEnglish(terms, accepted)).toEqual(state.standing);
        expect(englishStateOf(terms, accepted)).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });
});
