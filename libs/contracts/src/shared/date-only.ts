import { registerDecorator, ValidationOptions } from 'class-validator';

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30), between 1900 and 2999. */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !/^(19|2\d)\d{2}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDateOnly',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: isDateOnly,
        defaultMessage: (args) => `${args?.property} must be a calendar date YYYY-MM-DD between 1900 and 2999`,
      },
    });
}

const TIMESTAMP = /^(19|2\d)\d{2}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A point in time PostgreSQL and JavaScript read alike: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.ffffff]]`
 * with an optional `Z` or offset. (ISO 8601 also allows week dates and bare years, which a database does not.)
 */
export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && TIMESTAMP.test(value) && !Number.isNaN(new Date(value).getTime()) && isDateOnly(value.slice(0, 10));
}

export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimestamp',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: isTimestamp,
        defaultMessage: (args) => `${args?.property} must be a date or date-time such as 2026-11-26 or 2026-11-26T08:00:00Z`,
      },
    });
}
