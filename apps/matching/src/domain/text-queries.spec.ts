import { cleanPhrase, combinedRelevance, phrasesOf, specificity, textQueriesOf, titleParts } from './text-queries';

describe('text queries from a demand or a listing', () => {
  it('splits a listing-style title into its Chinese and English parts', () => {
    expect(titleParts('高功率光纤激光器工艺 (high-power fibre laser)')).toEqual(['高功率光纤激光器工艺 ', 'high-power fibre laser']);
    expect(titleParts('全自动粒子图像测速方法 (fully automated particle image velocimetry (PIV))')).toEqual([
      '全自动粒子图像测速方法 ',
      'fully automated particle image velocimetry (PIV)',
    ]);
    expect(titleParts('风电叶片翼型风洞试验')).toEqual(['风电叶片翼型风洞试验']);
  });

  it('drops the words a request is wrapped in and the generic nouns titles end in', () => {
    expect(cleanPhrase('我公司需要用于汽车白车身焊接')).toBe('汽车白车身焊接');
    expect(cleanPhrase('高功率光纤激光器技术')).toBe('高功率光纤激光器');
    expect(cleanPhrase('We are looking for a fibre laser system')).toBe('fibre laser');
  });

  it('cuts text into phrases at punctuation and at the words that join Chinese phrases', () => {
    expect(phrasesOf('单晶高温合金、热障涂层和碳化硅陶瓷基复合材料的制备技术')).toEqual(['单晶高温合金', '热障涂层', '碳化硅陶瓷基复合材料']);
    expect(phrasesOf('预防和缓解高原反应的高原适应药物')).toEqual(['预防', '缓解高原反应', '高原适应药物']);
    // 及其 is one word ("and its"), not 及 ("and") followed by 其.
    expect(phrasesOf('高熵合金及其制备方法')).toEqual(['高熵合金']);
    // English is cut at commas and brackets only.
    expect(phrasesOf('fully automated particle image velocimetry (PIV)')).toEqual(['fully automated particle image velocimetry', 'PIV']);
    expect(phrasesOf('superalloy, TBC, CMC')).toEqual(['superalloy', 'TBC', 'CMC']);
  });

  it('puts the title and what is needed first, and what it is for last, without repeats', () => {
    const queries = textQueriesOf(
      '汽车焊接用高功率光纤激光器 (high-power fibre laser)',
      '我公司需要用于汽车白车身焊接的高功率光纤激光器。输出功率不低于 6 kW，光束质量好；面向新能源汽车产线。',
    );
    expect(queries).toEqual([
      { q: '汽车焊接用高功率光纤激光器', weight: 1 },
      { q: 'high-power fibre laser', weight: 1 },
      { q: '汽车白车身焊接', weight: 1 },
      { q: '高功率光纤激光器', weight: 1 },
      { q: '输出功率不低于 6 kW', weight: 0.8 },
      { q: '光束质量好', weight: 0.8 },
      { q: '新能源汽车产线', weight: 0.5 },
    ]);
  });

  it('keeps at most `max` queries and none without anything to search for', () => {
    const many = Array.from({ length: 30 }, (_, i) => `项目${'甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒'[i]}`).join('、');
    expect(textQueriesOf('标题', many)).toHaveLength(16);
    expect(textQueriesOf('标题', many, 3).map((q) => q.q)).toEqual(['标题', '项目甲', '项目乙']);
    expect(textQueriesOf('需要', '需要。技术')).toEqual([]);
  });

  it('rates a phrase by how few documents it is found in', () => {
    expect(specificity(1, 245)).toBe(1);
    expect(specificity(245, 245)).toBe(0);
    expect(specificity(500, 245)).toBe(0);
    expect(specificity(10, 245)).toBeCloseTo(Math.log(24.5) / Math.log(245));
    expect(specificity(3, 1)).toBe(1);
    expect(specificity(0, 100)).toBe(1);
    expect(specificity(5, 100)).toBeGreaterThan(specificity(50, 100));
  });

  it('combines the phrases that found a document: the best, plus a little for each further one, at most 1', () => {
    expect(combinedRelevance([])).toBe(0);
    expect(combinedRelevance([{ score: 0.8, weight: 1, specificity: 1 }])).toBeCloseTo(0.8);
    // A phrase found everywhere still counts, for 30% of its score.
    expect(combinedRelevance([{ score: 1, weight: 1, specificity: 0 }])).toBeCloseTo(0.3);
    expect(combinedRelevance([{ score: 1, weight: 0.5, specificity: 1 }])).toBeCloseTo(0.5);
    expect(
      combinedRelevance([
        { score: 0.6, weight: 1, specificity: 1 },
        { score: 0.8, weight: 1, specificity: 1 },
      ]),
    ).toBeCloseTo(0.8 + 0.25 * 0.6);
    expect(combinedRelevance(Array.from({ length: 5 }, () => ({ score: 1, weight: 1, specificity: 1 })))).toBe(1);
  });
});
