import { jsonNestingExceeds } from './http-edge';

describe('jsonNestingExceeds', () => {
  const deep = (levels: number) => Buffer.from(`${'['.repeat(levels)}${']'.repeat(levels)}`);

  it('allows nesting up to the limit and refuses one level more', () => {
    expect(jsonNestingExceeds(deep(32), 32)).toBe(false);
    expect(jsonNestingExceeds(deep(33), 32)).toBe(true);
    expect(jsonNestingExceeds(Buffer.from(`{"a":${'{"a":'.repeat(40)}1${'}'.repeat(41)}`), 32)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingExceeds(Buffer.from(JSON.stringify({ a: '['.repeat(100), b: 'x\\"[[[[' + '{'.repeat(50) })), 2)).toBe(false);
  });

  it('counts siblings at their own level, not cumulatively', () => {
    expect(jsonNestingExceeds(Buffer.from(JSON.stringify(Array.from({ length: 1000 }, () => [[1]]))), 3)).toBe(false);
  });
});
