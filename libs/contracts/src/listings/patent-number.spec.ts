import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import {
  IsChinesePatentNumber,
  isGranted,
  NormalisePatentNumber,
  normalisePatentNumber,
  patentCheckCharacter,
  patentKindOf,
  patentNumberProblem,
} from './patent-number';

// Check characters worked out by hand: each digit times its weight (2 3 4 5 6 7 8 9 2 3 4 5), summed, mod 11.
const VALID: [number: string, kind: string, arithmetic: string][] = [
  // 12 digits (filed from October 2003)
  ['201710601862.3', 'invention', '4+0+4+35+6+0+48+0+2+24+24+10 = 157 = 14×11 + 3'],
  ['200310100001.5', 'invention', '4+0+0+15+6+0+8+0+0+0+0+5 = 38 = 3×11 + 5'], // first year of the format
  ['202110123456.7', 'invention', '4+0+8+5+6+0+8+18+6+12+20+30 = 117 = 10×11 + 7'],
  ['201920512345.3', 'utility_model', '4+0+4+45+12+0+40+9+4+9+16+25 = 168 = 15×11 + 3'],
  ['202030098765.X', 'design', '4+0+8+0+18+0+0+81+16+21+24+25 = 197 = 17×11 + 10'],
  ['201880012345.5', 'invention', '4+0+4+40+48+0+0+9+4+9+16+25 = 159 = 14×11 + 5'], // PCT invention
  ['201990000123.1', 'utility_model', '4+0+4+45+54+0+0+0+0+3+8+15 = 133 = 12×11 + 1'], // PCT utility model
  // 8 digits (filed 1985-2003)
  ['85100001.0', 'invention', '16+15+4+0+0+0+0+9 = 44 = 4×11 + 0'], // first possible number
  ['93212345.7', 'utility_model', '18+9+8+5+12+21+32+45 = 150 = 13×11 + 7'],
  ['99300001.0', 'design', '18+27+12+0+0+0+0+9 = 66 = 6×11 + 0'],
  ['01800123.8', 'invention', '0+3+32+0+0+7+16+27 = 85 = 7×11 + 8'],
  ['00900042.9', 'utility_model', '0+0+36+0+0+0+32+18 = 86 = 7×11 + 9'],
  ['03123456.9', 'invention', '0+9+4+10+18+28+40+54 = 163 = 14×11 + 9'], // last year of the format
  ['98100007.X', 'invention', '18+24+4+0+0+0+0+63 = 109 = 9×11 + 10'],
];

const NOW = new Date('2025-06-01T00:00:00Z');

describe('Chinese patent numbers', () => {
  it.each(VALID)('accepts %s (%s; %s)', (number, kind) => {
    expect(patentNumberProblem(number, NOW)).toBeNull();
    expect(patentNumberProblem(`ZL${number}`, NOW)).toBeNull();
    expect(patentKindOf(number)).toBe(kind);
    expect(patentKindOf(`ZL${number}`)).toBe(kind);
  });

  it('computes the check character of the worked example', () => {
    expect(patentCheckCharacter('201710601862')).toBe('3');
    expect(patentCheckCharacter('202030098765')).toBe('X');
    expect(patentCheckCharacter('98100007')).toBe('X');
  });

  it('uses the clock for the newest possible year, with one year of slack', () => {
    expect(patentNumberProblem('202510000000.' + patentCheckCharacter('202510000000'), NOW)).toBeNull();
    expect(patentNumberProblem('202610000000.' + patentCheckCharacter('202610000000'), NOW)).toBeNull();
    expect(patentNumberProblem('202710000000.' + patentCheckCharacter('202710000000'), NOW)).toBe('year');
    // Without an explicit clock, this year's numbers are fine.
    const thisYear = `${new Date().getFullYear()}10000000`;
    expect(patentNumberProblem(`${thisYear}.${patentCheckCharacter(thisYear)}`)).toBeNull();
  });

  it('refuses every single-character corruption of a valid number', () => {
    for (const number of ['ZL201710601862.3', '202030098765.X', '93212345.7']) {
      const start = number.startsWith('ZL') ? 2 : 0;
      const digits = number.slice(start, number.indexOf('.'));
      for (let position = start; position < number.length; position++) {
        if (number[position] === '.') continue;
        for (const replacement of '0123456789X') {
          if (replacement === number[position]) continue;
          const corrupted = number.slice(0, position) + replacement + number.slice(position + 1);
          const offset = position - start;
          const isCheck = offset > digits.length;
          if (!isCheck && replacement === 'X') {
            expect(patentNumberProblem(corrupted, NOW)).toBe('shape');
            continue;
          }
          const corruptedDigits = corrupted.slice(start, start + digits.length);
          expect(patentNumberProblem(corrupted, NOW)).toBe(expectedProblem(corruptedDigits, offset));
        }
      }
    }
  });

  it.each([
    ['201740601862.3', 'kind'],
    ['201750601862.3', 'kind'],
    ['201760601862.3', 'kind'],
    ['201770601862.3', 'kind'],
    ['201700601862.3', 'kind'],
    ['93412345.7', 'kind'],
    ['93012345.7', 'kind'],
    ['200210100001.5', 'year'], // 12-digit numbers start in 2003
    ['199810100001.5', 'year'],
    ['04112345.1', 'year'], // 8-digit numbers ended with 2003
    ['84112345.1', 'year'],
    ['201710601862', 'shape'], // no dot and check character
    ['2017106018623', 'shape'],
    ['20171060186.3', 'shape'], // 11 digits
    ['2017106018621.3', 'shape'], // 13 digits
    ['9321234.7', 'shape'], // 7 digits
    ['201710601862.33', 'shape'],
    ['20171060186A.3', 'shape'],
    ['201710601862.A', 'shape'],
    ['CN201710601862.3', 'shape'], // publication-style prefix is not a patent number
    ['CNZL201710601862.3', 'shape'],
    ['ZL 201710601862.3', 'shape'], // not normalised
    ['zl201710601862.3', 'shape'],
    ['202030098765.x', 'shape'],
    ['201710601862,3', 'shape'],
    ['', 'shape'],
  ])('refuses %p (%s)', (number, problem) => {
    expect(patentNumberProblem(number, NOW)).toBe(problem);
  });

  it('normalises case and spaces', () => {
    expect(normalisePatentNumber(' zl 2017 1060 1862.3 ')).toBe('ZL201710601862.3');
    expect(normalisePatentNumber('202030098765.x')).toBe('202030098765.X');
    expect(patentNumberProblem(normalisePatentNumber('Zl98100007.x'), NOW)).toBeNull();
  });

  it('tells granted patents from applications', () => {
    expect(isGranted('ZL201710601862.3')).toBe(true);
    expect(isGranted('201710601862.3')).toBe(false);
  });

  it('refuses to guess the kind of a malformed number', () => {
    expect(() => patentKindOf('201740601862.3')).toThrow();
    expect(() => patentKindOf('nonsense')).toThrow();
  });
});

// What a corrupted number should be refused for: a year or kind digit can become impossible, any
// other change keeps the shape and must be caught by the check character (11 is prime and no
// weight is a multiple of it, so one changed digit always changes the sum mod 11).
function expectedProblem(digits: string, offset: number): string {
  const yearLength = digits.length === 12 ? 4 : 2;
  if (offset < yearLength) {
    const year = Number(digits.slice(0, yearLength));
    const valid = yearLength === 4 ? year >= 2003 && year <= 2026 : year >= 85 || year <= 3;
    if (!valid) return 'year';
  }
  if (offset === yearLength && !'12389'.includes(digits[yearLength])) return 'kind';
  return 'check';
}

class Application {
  @NormalisePatentNumber()
  @IsChinesePatentNumber()
  number: unknown;

  @NormalisePatentNumber()
  @IsChinesePatentNumber({ each: true })
  related: unknown;
}

const errorsOf = (plain: object) =>
  validateSync(plainToInstance(Application, plain)).flatMap((error) => Object.values(error.constraints ?? {}));

describe('@IsChinesePatentNumber', () => {
  it('accepts normalised input, single and each', () => {
    expect(errorsOf({ number: ' zl201710601862.3', related: ['93212345.7', '202030098765.x'] })).toEqual([]);
  });

  it('names the property and the problem', () => {
    expect(errorsOf({ number: '201710601862.4', related: [] })).toEqual([
      'number has a wrong check character',
    ]);
    expect(errorsOf({ number: '201740601862.3', related: [] })).toEqual([
      expect.stringMatching(/^number has an unknown kind digit/),
    ]);
    expect(errorsOf({ number: 201710601862.3, related: [] })).toEqual([
      expect.stringMatching(/^number must be a Chinese patent number/),
    ]);
  });

  it('names the first wrong element of a list', () => {
    expect(errorsOf({ number: '201710601862.3', related: ['93212345.7', '200210100001.5', 'x'] })).toEqual([
      'related[1] has an impossible filing year',
    ]);
  });
});
