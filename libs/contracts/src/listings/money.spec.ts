import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { formatFen, isYuanAmount, IsYuanAmount, parseYuanToFen } from './money';

describe('money', () => {
  it.each([
    ['0', 0n, '0.00'],
    ['0.00', 0n, '0.00'],
    ['0.01', 1n, '0.01'],
    ['0.05', 5n, '0.05'],
    ['0.1', 10n, '0.10'],
    ['0.10', 10n, '0.10'],
    ['1', 100n, '1.00'],
    ['12.5', 1250n, '12.50'],
    ['1250000.00', 125000000n, '1250000.00'],
    ['9999999999999.99', 999999999999999n, '9999999999999.99'],
  ])('parses %p as %p fen and formats it as %p', (yuan, fen, formatted) => {
    expect(isYuanAmount(yuan)).toBe(true);
    expect(parseYuanToFen(yuan)).toBe(fen);
    expect(formatFen(fen)).toBe(formatted);
    expect(parseYuanToFen(formatFen(fen))).toBe(fen);
  });

  it('does not go through floating point', () => {
    // As numbers, 0.1 * 100 is 10.000000000000002 and 1.15 * 100 is 114.99999999999999.
    expect(parseYuanToFen('0.1')).toBe(10n);
    expect(parseYuanToFen('1.15')).toBe(115n);
    expect(parseYuanToFen('4.35')).toBe(435n);
    expect(formatFen(parseYuanToFen('0.1') + parseYuanToFen('0.2'))).toBe('0.30');
  });

  it.each([
    '',
    '01', // leading zero
    '00.5',
    '1.', // dot without decimals
    '.5', // decimals without units
    '1.234', // fractions of a fen
    '-1', // amounts are never negative on input
    '+1',
    '1e5',
    ' 1',
    '1 ',
    '1\n',
    'NaN',
    'Infinity',
    '１２', // full-width digits
    '1,000.00',
    '1_000',
    '0x10',
    '12345678901234', // 14 integer digits
    '10000000000000.00',
  ])('refuses %p', (s) => {
    expect(isYuanAmount(s)).toBe(false);
    expect(() => parseYuanToFen(s)).toThrow(Error);
  });

  it('refuses non-strings at run time', () => {
    expect(isYuanAmount(12.5)).toBe(false);
    expect(isYuanAmount(null)).toBe(false);
    expect(() => parseYuanToFen(12.5 as unknown as string)).toThrow(Error);
  });

  it('formats what database drivers return for bigint columns', () => {
    expect(formatFen(125000000)).toBe('1250000.00');
    expect(formatFen('125000000')).toBe('1250000.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen('0')).toBe('0.00');
    expect(formatFen(0n)).toBe('0.00');
  });

  it('formats negative amounts (refunds, balances) with a leading minus', () => {
    expect(formatFen(-5n)).toBe('-0.05');
    expect(formatFen(-1250n)).toBe('-12.50');
    expect(formatFen('-125000000')).toBe('-1250000.00');
    expect(formatFen(-100)).toBe('-1.00');
  });

  it('formats amounts beyond the safe integer range given as bigint or string', () => {
    expect(formatFen(123456789012345678901n)).toBe('1234567890123456789.01');
    expect(formatFen('123456789012345678901')).toBe('1234567890123456789.01');
  });

  it.each([1.5, Number.NaN, Infinity, 2 ** 53, '', ' 12', '1.5', '0x10', '1e3', '--1'])('refuses to format %p', (fen) => {
    expect(() => formatFen(fen as number | string)).toThrow(Error);
  });
});

class Offer {
  @IsYuanAmount()
  price: unknown;
}

const errorsOf = (plain: object) =>
  validateSync(plainToInstance(Offer, plain)).flatMap((error) => Object.values(error.constraints ?? {}));

describe('@IsYuanAmount', () => {
  it('accepts a yuan string', () => {
    expect(errorsOf({ price: '1250000.00' })).toEqual([]);
  });

  it.each([1250000, '1250000.001', '-1', undefined])('refuses %p and names the property', (price) => {
    expect(errorsOf({ price })).toEqual(['price must be an amount in yuan with at most 2 decimals, e.g. "1250000.00"']);
  });
});
