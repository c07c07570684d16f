import { Transform } from 'class-transformer';
import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * International Patent Classification symbols: section (A-H), class (2 digits), subclass (letter),
 * optionally followed by a group: main group (1-4 digits), `/`, subgroup (2-6 digits), as in
 * `G01S`, `G01S 7/48`, `A61K 31/4439`. The canonical form has exactly one space before the group
 * and no leading zeros in the main group, so that stored codes and their prefixes compare as strings.
 */
const CANONICAL = /^[A-H]\d{2}[A-Z]( [1-9]\d{0,3}\/\d{2,6})?$/;
// Patent documents print the group glued to the subclass (`G01S7/48`) or padded (`G01S 007/48`).
const LOOSE = /^([A-Z]\d{2}[A-Z])(?:0*(\d{1,4})\/(\d+))?$/;

export type IpcCodeProblem = 'shape';

/**
 * The canonical form of a code as typed: trimmed, upper case, one space before the group,
 * no leading zeros in the main group. Input that is not recognisably an IPC code is returned
 * trimmed, upper-cased and with its spaces collapsed, for `ipcCodeProblem` to refuse.
 */
export function normaliseIpcCode(s: string): string {
  const compact = s.trim().toUpperCase().replace(/\s+/g, '');
  const match = LOOSE.exec(compact);
  if (!match) return s.trim().toUpperCase().replace(/\s+/g, ' ');
  const [, subclass, mainGroup, subgroup] = match;
  return mainGroup === undefined ? subclass : `${subclass} ${mainGroup}/${subgroup}`;
}

/** Why a normalised code is not an IPC subclass or group symbol, or null if it is. */
export function ipcCodeProblem(normalised: string): IpcCodeProblem | null {
  return CANONICAL.test(normalised) ? null : 'shape';
}

export function isIpcCode(value: unknown): value is string {
  return typeof value === 'string' && ipcCodeProblem(value) === null;
}

/**
 * Every level of the hierarchy a code belongs to, broadest first: for `G01S 7/48` that is
 * `G`, `G01`, `G01S`, `G01S 7`, `G01S 7/48`. Indexing these lets a search for any level find the
 * code with an exact match instead of a prefix scan. Accepts un-normalised input.
 */
export function ipcPrefixesOf(code: string): string[] {
  const canonical = canonicalOrThrow(code);
  const subclass = canonical.slice(0, 4);
  const prefixes = [canonical.slice(0, 1), canonical.slice(0, 3), subclass];
  const mainGroup = ipcMainGroupOf(canonical);
  if (mainGroup !== null) prefixes.push(mainGroup, canonical);
  return prefixes;
}

/** The subclass of a code, e.g. `G01S` for `G01S 7/48`. */
export function ipcSubclassOf(code: string): string {
  return canonicalOrThrow(code).slice(0, 4);
}

/** The main group of a code, e.g. `G01S 7` for `G01S 7/48`, or null for a bare subclass. */
export function ipcMainGroupOf(code: string): string | null {
  const canonical = canonicalOrThrow(code);
  const slash = canonical.indexOf('/');
  return slash === -1 ? null : canonical.slice(0, slash);
}

function canonicalOrThrow(code: string): string {
  const canonical = normaliseIpcCode(code);
  // A malformed code has no meaningful hierarchy; indexing a guess would make it findable under the wrong class.
  if (ipcCodeProblem(canonical)) throw new Error(`not an IPC code: ${JSON.stringify(code)}`);
  return canonical;
}

/** Transform to put before `@IsIpcCode()`: normalises strings and arrays of strings. */
export const NormaliseIpcCode = () =>
  Transform(({ value }) =>
    Array.isArray(value)
      ? value.map((item) => (typeof item === 'string' ? normaliseIpcCode(item) : item))
      : typeof value === 'string'
        ? normaliseIpcCode(value)
        : value,
  );

const IPC_CODE_MESSAGE = 'must be an IPC subclass or group in canonical form, e.g. "G01S" or "G01S 7/48"';

/**
 * A canonical IPC subclass or group symbol; pair with `@NormaliseIpcCode()` to accept lower case and
 * other spacing. With `{ each: true }` every element of an array (or Set, or Map value) is checked.
 */
export function IsIpcCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIpcCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        // With `each`, class-validator calls this once per element, and with the whole value otherwise.
        validate: isIpcCode,
        // …but always hands the whole collection to the message, so find the element at fault.
        defaultMessage: (args) => {
          const property = args?.property ?? 'value';
          const value: unknown = args?.value;
          if (!options?.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
            return `${property} ${IPC_CODE_MESSAGE}`;
          }
          const items = value instanceof Map ? [...value.values()] : [...value];
          return `${property}[${items.findIndex((item) => !isIpcCode(item))}] ${IPC_CODE_MESSAGE}`;
        },
      },
    });
}
