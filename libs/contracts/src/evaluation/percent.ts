import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Rates (royalty, discount) travel as decimal strings of percent with at most two decimals
 * (`"5"`, `"7.25"`), like money: they are turned into integer basis points (1/100 of a percent)
 * and never go through a JavaScript number with a fraction.
 */
const PERCENT = /^(0|[1-9]\d{0,2})(?:\.(\d{1,2}))?$/;

export function isPercent(value: unknown): value is string {
  const match = typeof value === 'string' ? PERCENT.exec(value) : null;
  return match !== null && parsePercentToBasisPoints(value as string) <= 10_000n;
}

/** `"7.25"` → `725n` (basis points). Throws on anything but 0–100 with at most 2 decimals. */
export function parsePercentToBasisPoints(value: string): bigint {
  const match = typeof value === 'string' ? PERCENT.exec(value) : null;
  if (!match) throw new Error(`not a percentage: ${JSON.stringify(value)}`);
  const [, whole, fraction = ''] = match;
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** A percentage 0–100 as a string with at most 2 decimals, e.g. "5" or "7.25". */
export function IsPercent(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPercent',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: isPercent,
        defaultMessage: (args) => `${args?.property} must be a percentage from 0 to 100 with at most 2 decimals, as a string such as "5" or "7.25"`,
      },
    });
}
