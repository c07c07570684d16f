import { describe, expect, it } from 'vitest';
import { compareYuan, formatCountdown, formatDateTime, formatYuan, isoToLocalInput, isYuanAmount, localInputToIso } from './format';

describe('formatYuan', () => {
  it('groups thousands and always shows two decimals, without floating point', () => {
    expect(formatYuan('1250000.00')).toBe('¥1,250,000.00');
    expect(formatYuan('1250000.5')).toBe('¥1,250,000.50');
    expect(formatYuan('0')).toBe('¥0.00');
    expect(formatYuan('999')).toBe('¥999.00');
    expect(formatYuan('1000')).toBe('¥1,000.00');
    expect(formatYuan('9999999999999.99')).toBe('¥9,999,999,999,999.99');
    expect(formatYuan('0.10')).toBe('¥0.10');
    expect(formatYuan('-50000.00')).toBe('-¥50,000.00');
  });

  it('keeps null (negotiable) and shows unexpected text as it is', () => {
    expect(formatYuan(null)).toBeNull();
    expect(formatYuan(undefined)).toBeNull();
    expect(formatYuan('abc')).toBe('abc');
  });
});

describe('isYuanAmount and compareYuan', () => {
  it('accepts what the API accepts', () => {
    for (const ok of ['0', '1', '1250000.00', '0.1', '9999999999999.99']) expect(isYuanAmount(ok)).toBe(true);
    for (const bad of ['', '-1', '01', '1.234', '1e5', '１２', '1,000', '10000000000000']) expect(isYuanAmount(bad)).toBe(false);
  });

  it('compares exactly, as fen', () => {
    expect(compareYuan('0.3', '0.30')).toBe(0);
    expect(compareYuan('1060000.00', '1050000')).toBe(1);
    expect(compareYuan('0.1', '0.2')).toBe(-1);
    expect(compareYuan('9007199254740993.01', '9007199254740993.00')).toBe(1);
  });
});

describe('times', () => {
  it('shows instants in China Standard Time whatever the browser’s zone', () => {
    expect(formatDateTime('2026-01-31T16:30:05Z', 'en-GB')).toBe('01/02/2026, 00:30:05');
    expect(formatDateTime(null, 'zh-CN')).toBe('—');
  });

  it('counts down in minutes and hours, never below zero', () => {
    expect(formatCountdown(65_000)).toBe('01:05');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-5)).toBe('00:00');
  });

  it('round-trips a datetime-local value through an ISO instant', () => {
    const date = new Date(2026, 10, 26, 9, 5, 7);
    expect(localInputToIso(isoToLocalInput(date))).toBe(date.toISOString());
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('not a date')).toBeNull();
  });
});
