import { addDays, chinaDateOf, dayNumber, daysUntil, isExpired } from './dates';

describe('deadline dates (China Standard Time)', () => {
  it('dates a moment in China: 16:00 UTC is already the next day there', () => {
    expect(chinaDateOf(new Date('2026-11-26T15:59:59Z'))).toBe('2026-11-26');
    expect(chinaDateOf(new Date('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
  });

  it('counts days across months, leap days and years', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(daysUntil('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysUntil('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysUntil('2026-11-26', '2026-11-26')).toBe(0);
    expect(daysUntil('2026-11-26', '2026-11-25')).toBe(-1);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });

  it('keeps a demand open through its last day', () => {
    expect(isExpired('2026-11-26', '2026-11-26')).toBe(false);
    expect(isExpired('2026-11-25', '2026-11-26')).toBe(true);
  });
});
