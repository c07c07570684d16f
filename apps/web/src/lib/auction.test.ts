import { describe, expect, it } from 'vitest';
import { dutchPriceAt, isBiddable } from './auction';

const start = Date.parse('2026-11-26T09:00:00Z');
const dutch = {
  type: 'dutch' as const,
  startPrice: '1000000.00',
  startsAt: new Date(start).toISOString(),
  dutch: { step: '10000.50', intervalSeconds: 60, floorPrice: '970000.00' },
};

describe('dutchPriceAt', () => {
  it('falls by the step each interval, in exact fen, and stops at the floor', () => {
    expect(dutchPriceAt(dutch, start - 1)).toBeNull();
    expect(dutchPriceAt(dutch, start)).toBe('1000000.00');
    expect(dutchPriceAt(dutch, start + 59_999)).toBe('1000000.00');
    expect(dutchPriceAt(dutch, start + 60_000)).toBe('989999.50');
    expect(dutchPriceAt(dutch, start + 120_000)).toBe('979999.00');
    expect(dutchPriceAt(dutch, start + 180_000)).toBe('970000.00');
    expect(dutchPriceAt(dutch, start + 3_600_000)).toBe('970000.00');
  });

  it('is null for other auction types', () => {
    expect(dutchPriceAt({ ...dutch, type: 'english', dutch: null }, start)).toBeNull();
  });
});

describe('isBiddable', () => {
  it('needs an open auction between its start and its (extended) end', () => {
    const a = { status: 'open' as const, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 1000).toISOString() };
    expect(isBiddable(a, start)).toBe(true);
    expect(isBiddable(a, start + 1000)).toBe(false);
    expect(isBiddable({ ...a, status: 'paused' }, start)).toBe(false);
  });
});
