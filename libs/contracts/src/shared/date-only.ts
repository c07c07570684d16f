import { registerDecorator, ValidationOptions } from 'class-validator';

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
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
        defaultMessage: (args) => `${args?.property} must be a calendar date YYYY-MM-DD`,
      },
    });
}
