import { bestIpcOverlap, overlapOf, subclassesOf } from './ipc-overlap';

describe('IPC overlap', () => {
  it.each([
    ['G01S 7/48', 'G01S 7/48', 'subgroup', 'G01S 7/48', 1],
    ['G01S 7/48', 'G01S 7/52', 'group', 'G01S 7', 0.85],
    ['G01S 7/48', 'G01S 19/42', 'subclass', 'G01S', 0.65],
    ['G01S 7/48', 'G01C 21/16', 'class', 'G01', 0.3],
    ['G01S', 'G01S 19/42', 'subclass', 'G01S', 0.9],
    ['G01S', 'G01S', 'subclass', 'G01S', 1],
    ['G01S 19/42', 'G01S', 'subclass', 'G01S', 0.65],
  ])('%s against %s: %s %s (fit %s)', (wanted, offered, level, shared, fit) => {
    expect(overlapOf(wanted, offered)).toMatchObject({ level, shared, fit });
  });

  it('finds nothing in common below the class: a shared section is too broad', () => {
    expect(overlapOf('G01S 7/48', 'G06F 30/28')).toBeNull();
    expect(overlapOf('A61K 31/4439', 'H01S 3/10')).toBeNull();
  });

  it('does not mistake main group 1 for main group 17 (string prefixes lie)', () => {
    expect(overlapOf('G01S 1/00', 'G01S 17/89')).toMatchObject({ level: 'subclass' });
  });

  it('compares codes however they were typed', () => {
    expect(overlapOf('g01s7/48', 'G01S 007/48')).toMatchObject({ level: 'subgroup', shared: 'G01S 7/48' });
  });

  it('takes the best pair among several codes on each side', () => {
    expect(bestIpcOverlap(['H01S 3/10', 'G01S 7/48'], ['G01C 21/16', 'G01S 7/52', 'B08B 7/00'])).toMatchObject({ level: 'group', shared: 'G01S 7' });
    expect(bestIpcOverlap(['G01S'], ['G01S 7/48', 'G01S 19/42'])).toMatchObject({ level: 'subclass', withinRequested: true, fit: 0.9 });
    expect(bestIpcOverlap([], ['G01S 7/48'])).toBeNull();
    expect(bestIpcOverlap(['G01S 7/48'], [])).toBeNull();
  });

  it('lists the subclasses of codes once each', () => {
    expect(subclassesOf(['G01S 7/48', 'G01S 19/42', 'H01S', 'h01s 3/10'])).toEqual(['G01S', 'H01S']);
  });
});
