import { Transform } from 'class-transformer';

/** Trims surrounding whitespace from a string input; leaves other types for the validators to refuse. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A UTF-16 surrogate without its pair: not text, and it makes validator's isEmail throw (encodeURI) instead of refusing. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Trims and lower-cases an e-mail address, so accounts are unique regardless of case; a lone surrogate becomes U+FFFD, which no address accepts. */
export const NormaliseEmail = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase().replace(LONE_SURROGATE, '\uFFFD') : value));

/** Upper-cases a code (credit codes, certificate numbers) after trimming. */
export const UpperCase = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));
