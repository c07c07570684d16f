import { DomainError } from '@lib/errors';
import { assertValidTerms, AUCTION_TYPES, AuctionTerms, AuctionType, bidRefusedError, isSealed, MAX_FEN, validateTerms } from './auction-types';

const NOW = new Date('2025-06-02T00:00:00.000Z');
const START = new Date('2025-06-02T01:00:00.000Z'); // an hour from now
const END = new Date('2025-06-02T05:00:00.000Z'); // four hours later
const at = (iso: string) => new Date(iso);

/** Valid terms of each type; tests break one thing at a time. Amounts are fen: 1_000_000_00n is ¥1,000,000. */
const VALID: Record<AuctionType, AuctionTerms> = {
  english: {
    type: 'english',
    startPrice: 100_000_00n,
    increment: 5_000_00n,
    reservePrice: 300_000_00n,
    startsAt: START,
    endsAt: END,
    softClose: { windowSeconds: 300, extensionSeconds: 300, maxEndsAt: at('2025-06-02T07:00:00.000Z') },
    dutch: null,
  },
  sealed_first_price: {
    type: 'sealed_first_price',
    startPrice: 100_000_00n,
    increment: null,
    reservePrice: 150_000_00n,
    startsAt: START,
    endsAt: END,
    softClose: null,
    dutch: null,
  },
  sealed_second_price: {
    type: 'sealed_second_price',
    startPrice: 100_000_00n,
    increment: null,
    reservePrice: null,
    startsAt: START,
    endsAt: END,
    softClose: null,
    dutch: null,
  },
  dutch: {
    type: 'dutch',
    startPrice: 500_000_00n,
    increment: null,
    reservePrice: null,
    startsAt: START,
    endsAt: END,
    softClose: null,
    dutch: { step: 10_000_00n, intervalSeconds: 60, floorPrice: 200_000_00n },
  },
};

const terms = (type: AuctionType, overrides: Partial<AuctionTerms> = {}): AuctionTerms => ({ ...VALID[type], ...overrides });
const fieldsOf = (t: AuctionTerms) => validateTerms(t, NOW).map((problem) => problem.field);
const messagesFor = (t: AuctionTerms, field: string) => validateTerms(t, NOW).find((problem) => problem.field === field)?.messages ?? [];

describe('auction types', () => {
  it('are exactly the four of BRIEF.md, two of them sealed', () => {
    expect([...AUCTION_TYPES]).toEqual(['english', 'sealed_first_price', 'sealed_second_price', 'dutch']);
    expect(AUCTION_TYPES.filter(isSealed)).toEqual(['sealed_first_price', 'sealed_second_price']);
  });
});

describe('validateTerms', () => {
  it.each(AUCTION_TYPES)('accepts the valid %s fixture', (type) => {
    expect(validateTerms(VALID[type], NOW)).toEqual([]);
    expect(() => assertValidTerms(VALID[type], NOW)).not.toThrow();
  });

  it('refuses an unknown type and says nothing else (the other rules depend on the type)', () => {
    expect(validateTerms({ ...VALID.english, type: 'japanese' as AuctionType }, NOW)).toEqual([
      { field: 'type', messages: ['type must be one of english, sealed_first_price, sealed_second_price, dutch'] },
    ]);
  });

  describe('times', () => {
    it.each(AUCTION_TYPES)('%s: may start exactly now, not 1 ms earlier', (type) => {
      expect(fieldsOf(terms(type, { startsAt: NOW }))).toEqual([]);
      expect(messagesFor(terms(type, { startsAt: new Date(NOW.getTime() - 1) }), 'startsAt')).toEqual(['startsAt cannot be in the past']);
    });

    it.each(AUCTION_TYPES)('%s: must end after it starts (equal is refused, 1 ms later is fine)', (type) => {
      expect(messagesFor(terms(type, { endsAt: START }), 'endsAt')).toEqual(['endsAt must be after startsAt']);
      expect(messagesFor(terms(type, { endsAt: new Date(START.getTime() - 60_000) }), 'endsAt')).toEqual(['endsAt must be after startsAt']);
      const oneMsLong = terms(type, {
        endsAt: new Date(START.getTime() + 1),
        softClose: type === 'english' ? { windowSeconds: 1, extensionSeconds: 1, maxEndsAt: null } : null,
      });
      expect(fieldsOf(oneMsLong)).toEqual([]);
    });

    it('refuses invalid dates instead of comparing NaN', () => {
      const bad = new Date('not a date');
      expect(fieldsOf(terms('sealed_first_price', { startsAt: bad, endsAt: bad }))).toEqual(['startsAt', 'endsAt']);
      expect(messagesFor(terms('sealed_first_price', { startsAt: bad }), 'startsAt')).toEqual(['startsAt is not a valid time']);
    });
  });

  describe('prices', () => {
    it.each(AUCTION_TYPES)('%s: the start price is at least 1 fen', (type) => {
      expect(messagesFor(terms(type, { startPrice: 0n, reservePrice: null, dutch: null }), 'startPrice')).toEqual(['the start price must be at least 1 fen']);
      expect(messagesFor(terms(type, { startPrice: -1n }), 'startPrice')).toEqual(['the start price must be at least 1 fen']);
    });

    it('refuses amounts a PostgreSQL bigint cannot hold, and accepts the largest one', () => {
      expect(messagesFor(terms('sealed_second_price', { startPrice: MAX_FEN + 1n }), 'startPrice')).toEqual(['the start price is larger than the system can hold']);
      expect(fieldsOf(terms('sealed_second_price', { startPrice: MAX_FEN }))).toEqual([]);
      expect(MAX_FEN).toBe(2n ** 63n - 1n);
    });

    it('English needs an increment of at least 1 fen', () => {
      expect(messagesFor(terms('english', { increment: null }), 'increment')).toEqual(['an English auction needs a bid increment']);
      expect(messagesFor(terms('english', { increment: 0n }), 'increment')).toEqual(['the increment must be at least 1 fen']);
      expect(messagesFor(terms('english', { increment: -5n }), 'increment')).toEqual(['the increment must be at least 1 fen']);
      expect(fieldsOf(terms('english', { increment: 1n }))).toEqual([]);
    });

    it.each([
      ['sealed_first_price', 'a sealed first-price auction has no increment; leave it empty'],
      ['sealed_second_price', 'a sealed second-price auction has no increment; leave it empty'],
      ['dutch', 'a Dutch auction has no increment; leave it empty'],
    ] as const)('%s has no increment', (type, message) => {
      expect(messagesFor(terms(type, { increment: 1_00n }), 'increment')).toEqual([message]);
    });

    it.each(['english', 'sealed_first_price', 'sealed_second_price'] as const)(
      '%s: a reserve below the start price is refused; equal or above is fine; none is fine',
      (type) => {
        const start = VALID[type].startPrice;
        expect(messagesFor(terms(type, { reservePrice: start - 1n }), 'reservePrice')).toEqual(['the reserve price cannot be below the start price']);
        expect(fieldsOf(terms(type, { reservePrice: start }))).toEqual([]);
        expect(fieldsOf(terms(type, { reservePrice: start * 10n }))).toEqual([]);
        expect(fieldsOf(terms(type, { reservePrice: null }))).toEqual([]);
      },
    );

    it('a zero reserve gets both messages', () => {
      expect(messagesFor(terms('english', { reservePrice: 0n }), 'reservePrice')).toEqual([
        'the reserve price must be at least 1 fen',
        'the reserve price cannot be below the start price',
      ]);
    });

    it('Dutch has no reserve: its floor is the limit, and it is public', () => {
      expect(messagesFor(terms('dutch', { reservePrice: 300_000_00n }), 'reservePrice')).toEqual(['a Dutch auction has no reserve; use the floor price']);
    });
  });

  describe('soft close', () => {
    const softClose = VALID.english.softClose!;

    it('is optional for English', () => {
      expect(fieldsOf(terms('english', { softClose: null }))).toEqual([]);
      expect(fieldsOf(terms('english', { softClose: { ...softClose, maxEndsAt: null } }))).toEqual([]);
    });

    it.each([
      ['sealed_first_price', 'a sealed first-price auction has no soft close'],
      ['sealed_second_price', 'a sealed second-price auction has no soft close'],
      ['dutch', 'a Dutch auction has no soft close'],
    ] as const)('is refused for %s', (type, message) => {
      expect(messagesFor(terms(type, { softClose }), 'softClose')).toEqual([message]);
    });

    it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a window or extension of %p seconds', (seconds) => {
      expect(fieldsOf(terms('english', { softClose: { ...softClose, windowSeconds: seconds } }))).toEqual(['softClose.windowSeconds']);
      expect(fieldsOf(terms('english', { softClose: { ...softClose, extensionSeconds: seconds } }))).toEqual(['softClose.extensionSeconds']);
    });

    it('needs the cap strictly after the end (equal would switch the soft close off)', () => {
      expect(messagesFor(terms('english', { softClose: { ...softClose, maxEndsAt: END } }), 'softClose.maxEndsAt')).toEqual(['maxEndsAt must be after endsAt']);
      expect(fieldsOf(terms('english', { softClose: { ...softClose, maxEndsAt: new Date(END.getTime() - 1) } }))).toEqual(['softClose.maxEndsAt']);
      expect(fieldsOf(terms('english', { softClose: { ...softClose, maxEndsAt: new Date(END.getTime() + 1) } }))).toEqual([]);
      expect(fieldsOf(terms('english', { softClose: { ...softClose, maxEndsAt: new Date('nope') } }))).toEqual(['softClose.maxEndsAt']);
    });
  });

  describe('Dutch schedule', () => {
    const schedule = VALID.dutch.dutch!;

    it('is required for Dutch and refused for the others', () => {
      expect(messagesFor(terms('dutch', { dutch: null }), 'dutch')).toEqual(['a Dutch auction needs a price schedule (step, intervalSeconds, floorPrice)']);
      expect(messagesFor(terms('english', { dutch: schedule }), 'dutch')).toEqual(['an English auction has no Dutch price schedule']);
      expect(messagesFor(terms('sealed_first_price', { dutch: schedule }), 'dutch')).toEqual(['a sealed first-price auction has no Dutch price schedule']);
      expect(messagesFor(terms('sealed_second_price', { dutch: schedule }), 'dutch')).toEqual(['a sealed second-price auction has no Dutch price schedule']);
    });

    it('needs a positive step and a whole positive interval', () => {
      expect(fieldsOf(terms('dutch', { dutch: { ...schedule, step: 0n } }))).toEqual(['dutch.step']);
      expect(fieldsOf(terms('dutch', { dutch: { ...schedule, step: -1n } }))).toEqual(['dutch.step']);
      expect(fieldsOf(terms('dutch', { dutch: { ...schedule, intervalSeconds: 0 } }))).toEqual(['dutch.intervalSeconds']);
      expect(fieldsOf(terms('dutch', { dutch: { ...schedule, intervalSeconds: 0.5 } }))).toEqual(['dutch.intervalSeconds']);
    });

    it('needs the floor below the start (equal is refused) and at least 1 fen', () => {
      expect(messagesFor(terms('dutch', { dutch: { ...schedule, floorPrice: 500_000_00n } }), 'dutch.floorPrice')).toEqual([
        'the floor price must be below the start price',
      ]);
      expect(fieldsOf(terms('dutch', { dutch: { ...schedule, floorPrice: 600_000_00n } }))).toEqual(['dutch.floorPrice']);
      expect(fieldsOf(terms('dutch', { dutch: { ...schedule, floorPrice: 499_999_99n } }))).toEqual([]);
      expect(messagesFor(terms('dutch', { dutch: { ...schedule, floorPrice: 0n } }), 'dutch.floorPrice')).toEqual(['the floor price must be at least 1 fen']);
    });

    it('allows a step larger than the whole range (one drop straight to the floor)', () => {
      expect(fieldsOf(terms('dutch', { dutch: { ...schedule, step: 1_000_000_00n } }))).toEqual([]);
    });
  });

  it('reports every problem at once, grouped by field, and assertValidTerms throws them as a 400', () => {
    const wrong = terms('english', {
      startPrice: 0n,
      increment: 0n,
      reservePrice: null,
      startsAt: new Date(NOW.getTime() - 1000),
      endsAt: new Date(NOW.getTime() - 2000),
      softClose: { windowSeconds: 0, extensionSeconds: 60, maxEndsAt: new Date(NOW.getTime() - 3000) },
      dutch: VALID.dutch.dutch,
    });
    const expected = [
      { field: 'startPrice', messages: ['the start price must be at least 1 fen'] },
      { field: 'increment', messages: ['the increment must be at least 1 fen'] },
      { field: 'startsAt', messages: ['startsAt cannot be in the past'] },
      { field: 'endsAt', messages: ['endsAt must be after startsAt'] },
      { field: 'softClose.windowSeconds', messages: ['windowSeconds must be a whole number of seconds, at least 1'] },
      { field: 'softClose.maxEndsAt', messages: ['maxEndsAt must be after endsAt'] },
      { field: 'dutch', messages: ['an English auction has no Dutch price schedule'] },
    ];
    expect(validateTerms(wrong, NOW)).toEqual(expected);
    let error: unknown;
    try {
      assertValidTerms(wrong, NOW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'AUCTION.INVALID_TERMS', kind: 'validation', extra: { fields: expected } });
  });
});

describe('bidRefusedError', () => {
  it('turns each refusal into a stable code, with the minimum as a decimal string (bigint cannot cross NATS as JSON)', () => {
    expect(bidRefusedError('too_low', 105_000_00n).toPayload()).toEqual({
      code: 'BID.TOO_LOW',
      kind: 'rule_violation',
      message: 'The bid is below the minimum acceptable amount',
      details: { reason: 'too_low', minimumAcceptable: '10500000' },
    });
    expect(JSON.parse(JSON.stringify(bidRefusedError('too_low', 1n).toPayload())).details.minimumAcceptable).toBe('1');
    expect(bidRefusedError('closed').toPayload()).toMatchObject({ code: 'BID.CLOSED', kind: 'conflict', details: { reason: 'closed' } });
    expect(bidRefusedError('already_sold').toPayload()).toMatchObject({ code: 'BID.ALREADY_SOLD', kind: 'conflict' });
    expect(bidRefusedError('already_bid').toPayload()).toMatchObject({ code: 'BID.ALREADY_BID', kind: 'conflict' });
  });
});
