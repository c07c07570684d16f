import { creditCodeCheckCharacter, creditCodeProblem, isUnifiedSocialCreditCode } from './unified-social-credit-code';

// Codes published on business licences and in public company registries.
const PUBLISHED = [
  '914403001922038216', // 华为技术有限公司
  '91350100M000100Y43', // the worked example of GB 32100-2015 annex
  '9144030071526726XG', // 深圳市腾讯计算机系统有限公司
  '91330100799655058B', // 阿里巴巴(中国)有限公司
  '12100000400000624D', // 中国科学院 (public institution, category 1/2)
];

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(PUBLISHED)('accepts the published code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isUnifiedSocialCreditCode(code)).toBe(true);
  });

  it('computes the check character of a published code from its first 17 characters', () => {
    expect(creditCodeCheckCharacter('91440300192203821')).toBe('6');
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('refuses every single-character corruption of a published code', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const code = '914403001922038216';
    for (let position = 0; position < 18; position++) {
      for (const replacement of alphabet) {
        if (replacement === code[position]) continue;
        const corrupted = code.slice(0, position) + replacement + code.slice(position + 1);
        if (position >= 2 && position < 8 && !/\d/.test(replacement)) continue; // shape, tested below
        expect(creditCodeProblem(corrupted)).toBe('check');
      }
    }
  });

  it('refuses a swap of two adjacent different characters', () => {
    expect(creditCodeProblem('914403001922038261')).not.toBeNull();
    expect(creditCodeProblem('194403001922038216')).not.toBeNull();
  });

  it.each([
    ['', 'length'],
    ['91440300192203821', 'length'],
    ['9144030019220382161', 'length'],
    ['91440300192203821I', 'characters'], // I is not in the alphabet
    ['91440300192203821O', 'characters'],
    ['9144A3001922038216', 'characters'], // region must be digits
    ['914403001922038z16', 'characters'], // lower case
  ])('refuses %p (%s)', (code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
  });

  it('refuses non-strings', () => {
    expect(isUnifiedSocialCreditCode(914403001922038216)).toBe(false);
    expect(isUnifiedSocialCreditCode(null)).toBe(false);
  });
});
