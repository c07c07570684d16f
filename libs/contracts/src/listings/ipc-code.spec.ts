import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  ipcCodeProblem,
  IsIpcCode,
  ipcMainGroupOf,
  ipcPrefixesOf,
  ipcSubclassOf,
  isIpcCode,
  NormaliseIpcCode,
  normaliseIpcCode,
} from './ipc-code';

// Symbols from the IPC scheme, covering every section, 1- to 3-digit main groups and 2- to 4-digit subgroups.
const VALID = [
  'G01S', // radio direction-finding, radar, lidar
  'G01S 7/48', // details of lidar systems
  'G01S 17/89', // lidar for mapping or imaging
  'H01L 21/02', // manufacture of semiconductor devices
  'A61K 31/4439', // pyridines with a further five-membered nitrogen ring, e.g. omeprazole
  'F02C 7/00', // features of gas-turbine plants
  'H01S 3/067', // fibre lasers
  'C07D 471/04', // ortho-condensed heterocyclic systems
  'D01F 9/12', // carbon filaments
  'E21B 43/26', // hydraulic fracturing
  'G21C 3/326', // nuclear fuel element bundles
  'H04W 72/0446', // wireless resource allocation in the time domain
  'C12N 15/113', // non-coding nucleic acids
  'A01B 1/00',
];

describe('IPC codes', () => {
  it.each(VALID)('accepts %s', (code) => {
    expect(ipcCodeProblem(code)).toBeNull();
    expect(isIpcCode(code)).toBe(true);
    expect(normaliseIpcCode(code)).toBe(code);
  });

  it.each([
    ['g01s', 'G01S'],
    ['G01S7/48', 'G01S 7/48'],
    ['G01S  7/48', 'G01S 7/48'],
    ['  g01s\t7/48 ', 'G01S 7/48'],
    ['G01S 7 / 48', 'G01S 7/48'],
    ['a61k31/4439', 'A61K 31/4439'],
    ['G01S 007/48', 'G01S 7/48'], // zero-padded main group, as in some database exports
    ['H01L 0021/02', 'H01L 21/02'],
  ])('normalises %p to %p', (input, canonical) => {
    expect(normaliseIpcCode(input)).toBe(canonical);
    expect(ipcCodeProblem(normaliseIpcCode(input))).toBeNull();
  });

  it.each([
    'I01S 7/48', // sections stop at H
    'Y02E 10/50', // Y is a CPC tagging section, not IPC
    'G1S 7/48', // one-digit class
    'G01 7/48', // no subclass letter
    'G01', // class only
    'G', // section only
    'G01S 7/4', // one-digit subgroup
    'G01S 7/4812345', // seven-digit subgroup
    'G01S 12345/00', // five-digit main group
    'G01S 0/48', // no main group 0
    'G01S 7', // main group without a subgroup
    'G01S 7/', // empty subgroup
    'G01S /48', // empty main group
    'G01S 7/48 A', // trailing text
    'G01S 7/48(2006.01)', // version indicator
    'G01S 7/48;G01S 17/89', // two codes in one
    'G01S7/48', // not normalised
    'g01s 7/48',
    'G01S  7/48',
    'G01S 07/48',
    '',
  ])('refuses %p', (code) => {
    expect(ipcCodeProblem(code)).toBe('shape');
    expect(isIpcCode(code)).toBe(false);
  });

  it.each(['I01S 7/48', 'G1S7/48', 'G01S 7/48 A', 'G01S 12345/00', ''])('normalising does not rescue %p', (code) => {
    expect(ipcCodeProblem(normaliseIpcCode(code))).toBe('shape');
  });

  it('lists the hierarchy of a group, broadest first', () => {
    expect(ipcPrefixesOf('G01S 7/48')).toEqual(['G', 'G01', 'G01S', 'G01S 7', 'G01S 7/48']);
    expect(ipcPrefixesOf('A61K 31/4439')).toEqual(['A', 'A61', 'A61K', 'A61K 31', 'A61K 31/4439']);
    expect(ipcPrefixesOf('g01s7/48')).toEqual(['G', 'G01', 'G01S', 'G01S 7', 'G01S 7/48']);
  });

  it('lists the hierarchy of a subclass', () => {
    expect(ipcPrefixesOf('G01S')).toEqual(['G', 'G01', 'G01S']);
  });

  it('does not confuse main group 1 with main group 17', () => {
    // The space and the slash keep string prefixes honest: "G01S 1" is not a prefix of "G01S 17/89".
    expect(ipcPrefixesOf('G01S 17/89')).not.toContain('G01S 1');
    expect(ipcMainGroupOf('G01S 17/89')).toBe('G01S 17');
  });

  it('extracts the subclass and main group', () => {
    expect(ipcSubclassOf('G01S 7/48')).toBe('G01S');
    expect(ipcSubclassOf('G01S')).toBe('G01S');
    expect(ipcMainGroupOf('G01S 7/48')).toBe('G01S 7');
    expect(ipcMainGroupOf('H01L 21/02')).toBe('H01L 21');
    expect(ipcMainGroupOf('G01S')).toBeNull();
  });

  it('refuses to derive a hierarchy from a malformed code', () => {
    expect(() => ipcPrefixesOf('I01S 7/48')).toThrow();
    expect(() => ipcSubclassOf('G01')).toThrow();
    expect(() => ipcMainGroupOf('G01S 7/4')).toThrow();
  });
});

class Listing {
  @IsIpcCode()
  primary: unknown;

  @NormaliseIpcCode()
  @IsIpcCode({ each: true })
  codes: unknown;
}

const errorsOf = (plain: object) =>
  validateSync(plainToInstance(Listing, plain)).flatMap((error) => Object.values(error.constraints ?? {}));

describe('@IsIpcCode', () => {
  it('accepts a canonical code and a list of normalised ones', () => {
    expect(errorsOf({ primary: 'G01S 7/48', codes: ['g01s7/48', 'H01L 21/02', 'G01S'] })).toEqual([]);
  });

  it('validates each element of a list, not the list as one value', () => {
    expect(errorsOf({ primary: 'G01S', codes: [] })).toEqual([]);
    expect(errorsOf({ primary: 'G01S', codes: ['G01S 7/48', 'G01S 7/4', 'I01S'] })).toEqual([
      'codes[1] must be an IPC subclass or group in canonical form, e.g. "G01S" or "G01S 7/48"',
    ]);
    expect(errorsOf({ primary: 'G01S', codes: ['G01S', 42] })).toEqual([expect.stringMatching(/^codes\[1\] must/)]);
  });

  it('checks a single value given to an each-validator', () => {
    expect(errorsOf({ primary: 'G01S', codes: 'G01S 7/48' })).toEqual([]);
    expect(errorsOf({ primary: 'G01S', codes: 'nope' })).toEqual([expect.stringMatching(/^codes must/)]);
  });

  it('names the property and refuses non-canonical input without the transform', () => {
    expect(errorsOf({ primary: 'g01s7/48', codes: [] })).toEqual([
      'primary must be an IPC subclass or group in canonical form, e.g. "G01S" or "G01S 7/48"',
    ]);
    expect(errorsOf({ primary: ['G01S'], codes: [] })).toEqual([expect.stringMatching(/^primary must/)]);
  });
});
