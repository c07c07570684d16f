import { cleanQuery, combinedRelevance, textQueriesOf, titleParts } from './text-queries';

describe('text queries from a demand or a listing', () => {
  it('splits a listing-style title into its Chinese and English parts', () => {
    expect(titleParts('高功率光纤激光器工艺 (high-power fibre laser)')).toEqual(['高功率光纤激光器工艺 ', 'high-power fibre laser']);
    expect(titleParts('全自动粒子图像测速方法 (fully automated particle image velocimetry (PIV))')).toEqual([
      '全自动粒子图像测速方法 ',
      'fully automated particle image velocimetry (PIV)',
    ]);
    expect(titleParts('风电叶片翼型风洞试验')).toEqual(['风电叶片翼型风洞试验']);
  });

  it('strips the words a request is wrapped in', () => {
    expect(cleanQuery('我公司需要用于汽车白车身焊接的高功率光纤激光器')).toBe('汽车白车身焊接的高功率光纤激光器');
    expect(cleanQuery('We are looking for a fibre laser (high power)')).toBe('fibre laser high power');
  });

  it('makes short queries from the title first, then the clauses of the text, without repeats', () => {
    const queries = textQueriesOf(
      '汽车焊接用高功率光纤激光器 (high-power fibre laser)',
      '我公司需要用于汽车白车身焊接的高功率光纤激光器。输出功率不低于 6 kW，光束质量 M² < 1.2；要求 TRL 7 以上。',
    );
    expect(queries).toEqual([
      { q: '汽车焊接用高功率光纤激光器', weight: 1 },
      { q: 'high-power fibre laser', weight: 1 },
      { q: '汽车白车身焊接的高功率光纤激光器', weight: 0.85 },
      { q: '输出功率不低于 6 kW，光束质量 M² 1.2', weight: 0.85 },
      { q: 'TRL 7 以上', weight: 0.85 },
    ]);
  });

  it('splits long sentences at commas, keeps at most `max` queries and skips clauses with nothing to search', () => {
    const body = '第一项指标要求非常高而且需要长期稳定运行，第二项指标是体积小重量轻便于携带使用，第三项是成本低。好。';
    const queries = textQueriesOf('便携式辐射巡检仪', body, 3);
    expect(queries.map((q) => q.q)).toEqual(['便携式辐射巡检仪', '第一项指标 非常高而且 长期稳定运行', '第二项指标是体积小重量轻便于携带使用']);
    expect(textQueriesOf('需要', '需要。')).toEqual([]);
  });

  it('combines ranking scores: the best weighted score, nudged by agreeing queries, at most 1', () => {
    expect(combinedRelevance([])).toBe(0);
    expect(combinedRelevance([{ score: 0.8, weight: 1 }])).toBe(0.8);
    expect(combinedRelevance([{ score: 0.5, weight: 0.85 }, { score: 0.8, weight: 1 }, { score: 0.4, weight: 1 }])).toBeCloseTo(0.8 + 0.1 * (0.425 + 0.4));
    expect(combinedRelevance([{ score: 1, weight: 1 }, { score: 1, weight: 1 }])).toBe(1);
  });
});
