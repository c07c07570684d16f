import { Transform } from 'class-transformer';

/** Trims surrounding whitespace from a string input; leaves other types for the validators to refuse. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and lower-cases an e-mail address, so accounts are unique regardless of case. */
export const NormaliseEmail = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** Upper-cases a code (credit codes, certificate numbers) after trimming. */
export const UpperCase = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));
