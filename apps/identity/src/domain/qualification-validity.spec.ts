import { chinaDateOf, countsAt, effectiveStatusAt } from './qualification-validity';

const verified = { status: 'verified' as const, validFrom: '2025-01-01', validUntil: '2026-12-31' };

describe('qualification validity', () => {
  it('reads dates in China Standard Time (UTC+8)', () => {
    expect(chinaDateOf(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(chinaDateOf(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });

  it('counts on its first and last day, whole days in Beijing', () => {
    expect(effectiveStatusAt(verified, new Date('2024-12-31T16:00:00Z'))).toBe('verified'); // 2025-01-01 00:00 CST
    expect(effectiveStatusAt(verified, new Date('2026-12-31T15:59:59Z'))).toBe('verified'); // 23:59:59 CST
  });

  it('stops counting by itself after its last day, and before its first', () => {
    expect(effectiveStatusAt(verified, new Date('2026-12-31T16:00:00Z'))).toBe('expired');
    expect(effectiveStatusAt(verified, new Date('2024-12-31T15:59:59Z'))).toBe('not_yet_valid');
    expect(countsAt(verified, new Date('2027-06-01T00:00:00Z'))).toBe(false);
  });

  it('never counts unless an operator verified it, whatever the dates', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(effectiveStatusAt({ ...verified, status: 'submitted' }, at)).toBe('submitted');
    expect(effectiveStatusAt({ ...verified, status: 'rejected' }, at)).toBe('rejected');
    expect(countsAt({ ...verified, status: 'submitted' }, at)).toBe(false);
    expect(countsAt(verified, at)).toBe(true);
  });
});
