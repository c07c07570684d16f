import { MATCH_FACTORS } from '@lib/contracts';
import { assessMatch, byScoreThenId, DemandFacts, explanationOf, ListingFacts, MatchAssessment, WEIGHTS, yuanText } from './scoring';

const TODAY = '2026-11-26';

const demand = (overrides: Partial<DemandFacts> = {}): DemandFacts => ({
  organisationId: 'buyer',
  field: 'navigation_remote_sensing',
  direction: 'mil_to_civ',
  ipcCodes: ['G01S 19/42'],
  minTrl: 6,
  budgetFen: 200_000_000n, // ¥2,000,000
  deadline: '2027-11-26',
  ...overrides,
});

const listing = (overrides: Partial<ListingFacts> = {}): ListingFacts => ({
  organisationId: 'seller',
  field: 'navigation_remote_sensing',
  direction: 'mil_to_civ',
  ipcCodes: ['G01S 7/28'],
  trl: 7,
  askingPriceFen: 150_000_000n, // ¥1,500,000
  evaluation: null,
  ...overrides,
});

function eligible(assessment: MatchAssessment) {
  if (!assessment.eligible) throw new Error(`expected a match, got ${assessment.exclusion}: ${assessment.explanation}`);
  return assessment;
}

const reason = (assessment: MatchAssessment, factor: string) => eligible(assessment).reasons.find((r) => r.factor === factor)!;

describe('assessing a demand and a listing', () => {
  it('explains a good match in words a person can check', () => {
    const match = eligible(assessMatch(demand(), listing(), 0.82, TODAY));
    expect(match.explanation).toBe(
      'same IPC subclass G01S; TRL 7 ≥ 6; asking price within budget; same field (Navigation and remote sensing); strong text relevance (0.82); direction matches (mil→civ)',
    );
    expect(match.reasons.map((r) => r.factor)).toEqual([...MATCH_FACTORS]);
  });

  it('scores the weighted mean of the factor fits, worked by hand', () => {
    const match = eligible(assessMatch(demand(), listing(), 0.82, TODAY));
    // ipc 0.65 (same subclass), trl 1, price 1, field 1, text 0.82, direction 1, deadline 1 (a year away), evaluation 0.5 (none)
    const expected =
      WEIGHTS.ipc * 0.65 + WEIGHTS.trl + WEIGHTS.price + WEIGHTS.field + WEIGHTS.text * 0.82 + WEIGHTS.direction + WEIGHTS.deadline + WEIGHTS.evaluation * 0.5;
    expect(match.score).toBeCloseTo(expected, 3);
    expect(Object.values(WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  describe('hard rules', () => {
    it.each<[string, Partial<DemandFacts>, Partial<ListingFacts>, number, string, string]>([
      ['own organisation', {}, { organisationId: 'buyer' }, 0.9, 'own_organisation', 'the listing belongs to the organisation that posted the demand'],
      ['below the minimum TRL', {}, { trl: 5 }, 0.9, 'below_min_trl', 'TRL 5 < 6'],
      ['more than 20% over budget', {}, { askingPriceFen: 240_000_001n }, 0.9, 'over_budget', 'asking price ¥2,400,000.01 is 21% over the budget ¥2,000,000'],
      ['after the deadline', { deadline: '2026-11-25' }, {}, 0.9, 'demand_expired', "the demand's deadline 2026-11-25 has passed"],
      ['nothing in common', {}, { field: 'biomedicine', ipcCodes: ['A61K 51/04'] }, 0, 'unrelated', 'no shared terms, no IPC overlap and different fields'],
    ])('never matches a listing %s', (_, demandChanges, listingChanges, text, exclusion, explanation) => {
      expect(assessMatch(demand(demandChanges), listing(listingChanges), text, TODAY)).toEqual({ eligible: false, exclusion, explanation });
    });

    it('matches at exactly the minimum TRL, on the deadline day and at exactly 20% over budget', () => {
      expect(assessMatch(demand(), listing({ trl: 6 }), 0.5, TODAY).eligible).toBe(true);
      expect(assessMatch(demand({ deadline: TODAY }), listing(), 0.5, TODAY).eligible).toBe(true);
      expect(assessMatch(demand(), listing({ askingPriceFen: 240_000_000n }), 0.5, TODAY).eligible).toBe(true);
    });

    it('keeps a pair related by text alone, or by IPC alone, across fields', () => {
      expect(assessMatch(demand(), listing({ field: 'electronic_information', ipcCodes: ['H04B 7/185'] }), 0.4, TODAY).eligible).toBe(true);
      expect(assessMatch(demand(), listing({ field: 'electronic_information', ipcCodes: ['G01S 7/28'] }), 0, TODAY).eligible).toBe(true);
    });
  });

  describe('IPC overlap', () => {
    it.each([
      [['G01S 19/42'], 'same IPC group G01S 19/42', 1],
      [['G01S 19/49'], 'same IPC main group G01S 19', 0.85],
      [['G01S 7/28'], 'same IPC subclass G01S', 0.65],
      [['G01C 21/16'], 'same IPC class G01', 0.3],
    ])('of %j with G01S 19/42: %s', (codes, text, fit) => {
      expect(reason(assessMatch(demand(), listing({ ipcCodes: codes }), 0.5, TODAY), 'ipc')).toMatchObject({ text, fit });
    });

    it('tells a listing inside a requested subclass', () => {
      expect(reason(assessMatch(demand({ ipcCodes: ['G01S'] }), listing(), 0.5, TODAY), 'ipc')).toMatchObject({ text: 'within the requested IPC subclass G01S', fit: 0.9 });
    });

    it('counts against a listing with no class in common', () => {
      const match = eligible(assessMatch(demand(), listing({ ipcCodes: ['H04B 7/185'] }), 0.5, TODAY));
      expect(reason(match, 'ipc')).toMatchObject({ effect: 'against', fit: 0, text: 'no IPC class in common' });
      expect(match.explanation).toContain('no IPC class in common');
    });

    it('leaves IPC out of the score when the demand gives no codes, instead of counting it against', () => {
      const without = eligible(assessMatch(demand({ ipcCodes: [] }), listing(), 0.5, TODAY));
      expect(reason(without, 'ipc')).toMatchObject({ effect: 'neutral', weight: 0, text: 'no IPC codes given with the demand' });
      expect(without.explanation).not.toContain('IPC');
      const unrelatedCodes = eligible(assessMatch(demand(), listing({ ipcCodes: ['H04B 7/185'] }), 0.5, TODAY));
      expect(without.score).toBeGreaterThan(unrelatedCodes.score);
    });
  });

  describe('price', () => {
    it.each<[bigint | null, bigint | null, string, string]>([
      [200_000_000n, 200_000_000n, 'for', 'asking price within budget'],
      [200_000_000n, null, 'neutral', 'price negotiable (budget ¥2,000,000)'],
      [null, 150_000_000n, 'neutral', 'budget negotiable'],
      [null, null, 'neutral', 'price and budget both negotiable'],
      [200_000_000n, 210_000_000n, 'against', 'asking price 5% over budget'],
      [200_000_000n, 200_000_001n, 'against', 'asking price 1% over budget'],
    ])('budget %s, asking %s: %s "%s"', (budgetFen, askingPriceFen, effect, text) => {
      expect(reason(assessMatch(demand({ budgetFen }), listing({ askingPriceFen }), 0.5, TODAY), 'price')).toMatchObject({ effect, text });
    });

    it('prefers a price within budget over a negotiable one, and a negotiable one over one over budget', () => {
      const score = (askingPriceFen: bigint | null) => eligible(assessMatch(demand(), listing({ askingPriceFen }), 0.5, TODAY)).score;
      expect(score(100_000_000n)).toBeGreaterThan(score(null));
      expect(score(null)).toBeGreaterThan(score(220_000_000n));
      expect(score(220_000_000n)).toBeGreaterThan(score(235_000_000n));
    });
  });

  describe('deadline, direction, evaluation, field and text', () => {
    it('favours a ready technology when the deadline is near, and says so', () => {
      const near = demand({ deadline: '2027-01-25', minTrl: 4 }); // 60 days
      expect(reason(assessMatch(near, listing({ trl: 8 }), 0.5, TODAY), 'deadline')).toMatchObject({ effect: 'for', text: 'TRL 8 is ready for the deadline in 60 days' });
      expect(reason(assessMatch(near, listing({ trl: 5 }), 0.5, TODAY), 'deadline')).toMatchObject({ effect: 'against', text: 'deadline in 60 days is short for TRL 5' });
      expect(reason(assessMatch(demand(), listing(), 0.5, TODAY), 'deadline')).toMatchObject({ effect: 'neutral', text: 'deadline 2027-11-26 (365 days)' });
    });

    it('counts the other direction against, without excluding it', () => {
      const match = eligible(assessMatch(demand(), listing({ direction: 'civ_to_mil' }), 0.5, TODAY));
      expect(reason(match, 'direction')).toMatchObject({ effect: 'against', text: 'offered civ→mil, sought mil→civ' });
      expect(match.score).toBeLessThan(eligible(assessMatch(demand(), listing(), 0.5, TODAY)).score);
    });

    it('uses a published evaluation: a good one for, a poor one against, none neutral', () => {
      const grade = (score: number) => listing({ evaluation: { grade: score >= 70 ? 'A' : 'C', score } });
      expect(reason(assessMatch(demand(), grade(86), 0.5, TODAY), 'evaluation')).toMatchObject({ effect: 'for', text: 'expert evaluation grade A (86/100)', fit: 0.86 });
      expect(reason(assessMatch(demand(), grade(40), 0.5, TODAY), 'evaluation')).toMatchObject({ effect: 'against', fit: 0.4 });
      expect(reason(assessMatch(demand(), listing(), 0.5, TODAY), 'evaluation')).toMatchObject({ effect: 'neutral', fit: 0.5 });
    });

    it('describes text relevance by strength and ranks by it', () => {
      const text = (t: number) => reason(assessMatch(demand(), listing(), t, TODAY), 'text').text;
      expect([text(0.9), text(0.45), text(0.1), text(0)]).toEqual(['strong text relevance (0.90)', 'some text relevance (0.45)', 'weak text relevance (0.10)', 'no terms in common']);
      const score = (t: number) => eligible(assessMatch(demand(), listing(), t, TODAY)).score;
      expect(score(0.9)).toBeGreaterThan(score(0.5));
    });

    it('names the other field', () => {
      expect(reason(assessMatch(demand(), listing({ field: 'unmanned_systems' }), 0.5, TODAY), 'field')).toMatchObject({
        effect: 'against',
        text: 'different field (Unmanned systems, not Navigation and remote sensing)',
      });
    });

    it('keeps every score between 0 and 1', () => {
      for (const text of [-1, 0, 0.3, 1, 7]) {
        const result = assessMatch(demand(), listing(), text, TODAY);
        if (result.eligible) expect(result.score).toBeGreaterThanOrEqual(0);
        if (result.eligible) expect(result.score).toBeLessThanOrEqual(1);
      }
    });
  });

  it('puts what speaks for a match before what speaks against it', () => {
    const match = eligible(assessMatch(demand(), listing({ direction: 'civ_to_mil', askingPriceFen: 210_000_000n }), 0.7, TODAY));
    expect(match.explanation).toBe(
      'same IPC subclass G01S; TRL 7 ≥ 6; same field (Navigation and remote sensing); strong text relevance (0.70); asking price 5% over budget; offered civ→mil, sought mil→civ',
    );
    expect(explanationOf([])).toBe('');
  });

  it('formats yuan with separators, and fen only when there are some', () => {
    expect(yuanText(125_000_000n)).toBe('¥1,250,000');
    expect(yuanText(125_050n)).toBe('¥1,250.50');
    expect(yuanText(0n)).toBe('¥0');
  });

  it('orders best first, then by id for equal scores', () => {
    const items = [
      { id: 'b', score: 0.5 },
      { id: 'a', score: 0.5 },
      { id: 'c', score: 0.9 },
    ];
    expect(items.sort(byScoreThenId).map((i) => i.id)).toEqual(['c', 'a', 'b']);
  });
});
