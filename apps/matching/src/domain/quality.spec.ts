import { precisionAt, qualityReport, recallAt } from './quality';

describe('quality measures', () => {
  const accepted = new Set(['a', 'b', 'c']);

  it('precision@k is the share of the first k a person accepts, counting missing places as misses', () => {
    expect(precisionAt(['a', 'x', 'b', 'y', 'z', 'c'], accepted, 5)).toBe(0.4);
    expect(precisionAt(['a', 'b'], accepted, 5)).toBe(0.4);
    expect(precisionAt([], accepted, 5)).toBe(0);
    expect(() => precisionAt(['a'], accepted, 0)).toThrow();
  });

  it('recall@k is the share of the accepted found among the first k', () => {
    expect(recallAt(['a', 'x', 'b'], accepted, 20)).toBeCloseTo(2 / 3);
    expect(recallAt(['x', 'y', 'a'], accepted, 2)).toBe(0);
    expect(() => recallAt(['a'], new Set(), 20)).toThrow();
  });

  it('averages over demands, each counting once, and states the precision ceiling', () => {
    const report = qualityReport([
      { key: 'D1', ranked: ['a', 'b', 'c', 'd', 'e'], accepted: new Set(['a', 'b', 'c', 'd', 'e']) },
      { key: 'D2', ranked: ['x', 'a'], accepted: new Set(['a', 'q']) },
    ]);
    expect(report.demands).toBe(2);
    expect(report.precisionAt5).toBeCloseTo((1 + 0.2) / 2);
    expect(report.recallAt20).toBeCloseTo((1 + 0.5) / 2);
    expect(report.precisionAt5Ceiling).toBeCloseTo((1 + 0.4) / 2);
    expect(report.perDemand[1]).toEqual({ key: 'D2', precisionAt5: 0.2, recallAt20: 0.5, accepted: 2, returned: 2 });
  });
});
