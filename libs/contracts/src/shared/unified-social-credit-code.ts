/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S, V):
 * registration authority (1), organisation category (1), administrative division (6 digits),
 * organisation code (9), check character (1). The check character is
 * 31 − (Σ valueᵢ × weightᵢ mod 31) over the first 17, with 31 written as 0.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  const check = 31 - (sum % 31);
  return ALPHABET[check === 31 ? 0 : check];
}

export type CreditCodeProblem = 'length' | 'characters' | 'check';

/** Why a code is not a valid unified social credit code, or null if it is. Expects upper case. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  if (!SHAPE.test(code)) return 'characters';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check';
}

export function isUnifiedSocialCreditCode(code: unknown): code is string {
  return typeof code === 'string' && creditCodeProblem(code) === null;
}

/** The 6-digit administrative division code embedded in a credit code. */
export const regionCodeOfCreditCode = (code: string) => code.slice(2, 8);
