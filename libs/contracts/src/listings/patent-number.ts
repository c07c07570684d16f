import { Transform } from 'class-transformer';
import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Chinese patent application numbers (专利申请号), which are also the patent numbers once granted
 * (then written with the prefix ZL, 专利).
 *
 * Since 1 October 2003: 12 digits, year (4) + kind (1) + serial (7), a dot and a check character.
 * Before that: 8 digits, year (2, 85 = 1985 … 03 = 2003) + kind (1) + serial (5), dot, check.
 * The check character is Σ digitᵢ × weightᵢ mod 11 with the weights 2…9 cycling, 10 written X.
 * Both formats were issued in 2003, so 2003 is a valid year in either.
 */
export const PATENT_KINDS = ['invention', 'utility_model', 'design'] as const;
export type PatentKind = (typeof PATENT_KINDS)[number];

export type PatentNumberProblem = 'shape' | 'year' | 'kind' | 'check';

// 8 and 9 are international (PCT) applications entering the Chinese national phase; the right they
// lead to is an ordinary invention or utility model patent, so they map onto those kinds.
const KIND_BY_DIGIT: Record<string, PatentKind> = {
  '1': 'invention',
  '2': 'utility_model',
  '3': 'design',
  '8': 'invention',
  '9': 'utility_model',
};

const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
const SHAPE = /^(ZL)?(\d{12}|\d{8})\.[0-9X]$/;
const FIRST_YEAR_OF_12_DIGITS = 2003;

/**
 * Trims, upper-cases and removes inner spaces, so `zl 2017 1060 1862.x` as typed or copied from
 * a certificate compares equal to `ZL201710601862.X`. Does not validate.
 */
export function normalisePatentNumber(s: string): string {
  return s.trim().toUpperCase().replace(/\s+/g, '');
}

/** The check character for the 8 or 12 digits before the dot. */
export function patentCheckCharacter(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * WEIGHTS[i];
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

/**
 * Why a normalised number is not a valid Chinese patent (application) number, or null if it is.
 * `now` bounds the year: applications are numbered by filing year, and one year of slack covers
 * clocks and time zones around New Year.
 */
export function patentNumberProblem(normalised: string, now: Date = new Date()): PatentNumberProblem | null {
  const match = SHAPE.exec(normalised);
  if (!match) return 'shape';
  const digits = match[2];
  if (digits.length === 12) {
    const year = Number(digits.slice(0, 4));
    if (year < FIRST_YEAR_OF_12_DIGITS || year > now.getFullYear() + 1) return 'year';
  } else {
    const year = Number(digits.slice(0, 2));
    // 85..99 are 1985..1999 and 00..03 are 2000..2003; the 8-digit format ended with 2003.
    if (year < 85 && year > 3) return 'year';
  }
  if (!(digitOfKind(digits) in KIND_BY_DIGIT)) return 'kind';
  return patentCheckCharacter(digits) === normalised[normalised.length - 1] ? null : 'check';
}

export function isChinesePatentNumber(value: unknown): value is string {
  return typeof value === 'string' && patentNumberProblem(value) === null;
}

/** The kind of right a valid normalised number stands for. */
export function patentKindOf(normalised: string): PatentKind {
  const digits = SHAPE.exec(normalised)?.[2];
  const kind = digits === undefined ? undefined : KIND_BY_DIGIT[digitOfKind(digits)];
  // Guessing a kind for a malformed number would file it under the wrong right; fail loudly instead.
  if (!kind) throw new Error(`not a Chinese patent number: ${JSON.stringify(normalised)}`);
  return kind;
}

/** True when written as a granted patent (ZL prefix) rather than an application. */
export const isGranted = (normalised: string) => normalised.startsWith('ZL');

function digitOfKind(digits: string): string {
  return digits[digits.length === 12 ? 4 : 2];
}

/** Transform to put before `@IsChinesePatentNumber()`: normalises strings and arrays of strings. */
export const NormalisePatentNumber = () =>
  Transform(({ value }) =>
    Array.isArray(value)
      ? value.map((item) => (typeof item === 'string' ? normalisePatentNumber(item) : item))
      : typeof value === 'string'
        ? normalisePatentNumber(value)
        : value,
  );

const PATENT_NUMBER_MESSAGES: Record<PatentNumberProblem, string> = {
  shape:
    'must be a Chinese patent number: 12 digits (8 before 2004), a dot and a check digit or X, optionally after ZL, e.g. "ZL201710601862.3"',
  year: 'has an impossible filing year',
  kind: 'has an unknown kind digit (1 invention, 2 utility model, 3 design, 8 or 9 PCT)',
  check: 'has a wrong check character',
};

/**
 * A normalised Chinese patent (application) number with a correct check character; pair with
 * `@NormalisePatentNumber()` to accept lower case and spaces. Works with `{ each: true }`.
 */
export function IsChinesePatentNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isChinesePatentNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: isChinesePatentNumber,
        // With `each`, class-validator validates element by element but hands the whole collection
        // to the message, so name the first element at fault.
        defaultMessage: (args) => {
          const { label, value } = firstInvalid(args?.property ?? 'value', args?.value, options?.each);
          const problem = typeof value === 'string' ? patentNumberProblem(value) : 'shape';
          return `${label} ${PATENT_NUMBER_MESSAGES[problem ?? 'check']}`;
        },
      },
    });
}

function firstInvalid(property: string, value: unknown, each?: boolean): { label: string; value: unknown } {
  if (!each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) return { label: property, value };
  const items = value instanceof Map ? [...value.values()] : [...value];
  const index = items.findIndex((item) => !isChinesePatentNumber(item));
  return { label: `${property}[${index}]`, value: items[index] };
}
