import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Money is stored as integer fen (分, 1/100 yuan) in bigint columns and travels through the API as
 * a decimal yuan string. Neither side ever goes through a JavaScript number with a fraction:
 * 0.1 + 0.2 !== 0.3, and a price must not change by a fen on its way through the system.
 */

// Up to 13 integer digits keeps the largest amount, 9 999 999 999 999.99 yuan, below 2^53 fen, so
// the value also survives drivers and clients that read bigint columns as numbers.
// `\d` without the `u` flag is ASCII only, so full-width digits (１２) are refused.
const YUAN = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;
const FEN = /^-?\d+$/;

export function isYuanAmount(s: unknown): s is string {
  return typeof s === 'string' && YUAN.test(s);
}

/** `"12.5"` → `1250n`. Throws on anything but a non-negative yuan amount with at most 2 decimals. */
export function parseYuanToFen(s: string): bigint {
  const match = typeof s === 'string' ? YUAN.exec(s) : null;
  if (!match) throw new Error(`not an amount in yuan: ${JSON.stringify(s)}`);
  const [, yuan, fraction = ''] = match;
  return BigInt(yuan) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/**
 * `1250000n` → `"1250000.00"`. Accepts what database drivers return for a bigint column: a bigint,
 * a safe integer number or a string of digits.
 */
export function formatFen(fen: bigint | number | string): string {
  const value = toBigInt(fen);
  const sign = value < 0n ? '-' : '';
  const magnitude = value < 0n ? -value : value;
  return `${sign}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}

function toBigInt(fen: bigint | number | string): bigint {
  if (typeof fen === 'bigint') return fen;
  // A fractional or unsafe number has already lost fen; refuse it rather than print a wrong amount.
  if (typeof fen === 'number' && Number.isSafeInteger(fen)) return BigInt(fen);
  // BigInt() itself would also take ' 12 ', '0x10' and '', none of which is an amount of fen.
  if (typeof fen === 'string' && FEN.test(fen)) return BigInt(fen);
  throw new Error(`not an integer amount of fen: ${typeof fen === 'string' ? JSON.stringify(fen) : String(fen)}`);
}

/** A non-negative amount in yuan as a string with at most 2 decimals, e.g. "1250000.00". */
export function IsYuanAmount(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isYuanAmount',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: isYuanAmount,
        defaultMessage: (args) =>
          `${args?.property} must be an amount in yuan with at most 2 decimals, e.g. "1250000.00"`,
      },
    });
}
