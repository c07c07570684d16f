import { isPercent, parsePercentToBasisPoints } from './percent';

describe('percentages', () => {
  it('parse to basis points without floating point', () => {
    expect(parsePercentToBasisPoints('5')).toBe(500n);
    expect(parsePercentToBasisPoints('7.25')).toBe(725n);
    expect(parsePercentToBasisPoints('0.01')).toBe(1n);
    expect(parsePercentToBasisPoints('100')).toBe(10_000n);
    expect(parsePercentToBasisPoints('0')).toBe(0n);
  });

  it.each([['100.01'], ['101'], ['-1'], ['5.125'], ['05'], ['5.'], ['.5'], [''], [' 5'], ['5%'], ['１'], [5], [null]])('refuses %p', (value) => {
    expect(isPercent(value)).toBe(false);
  });
});
