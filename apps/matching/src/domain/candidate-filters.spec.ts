import { demandCandidateFilters, listingCandidateFilters } from './candidate-filters';
import { assessMatch, DemandFacts, ListingFacts } from './scoring';

describe('candidate filters', () => {
  it('asks the catalogue for listings at or above the minimum TRL and at most 20% over budget, related by field or IPC subclass', () => {
    expect(listingCandidateFilters({ field: 'aerodynamics', ipcCodes: ['G01M 9/06', 'G01M 9/08', 'B64F 5/60'], minTrl: 6, budgetFen: 100_000_000n })).toEqual({
      hard: ['trl >= 6', '(priceNegotiable = true OR askingPriceFen <= 120000000)'],
      related: '(field = "aerodynamics" OR ipcPrefixes IN ["G01M", "B64F"])',
    });
    expect(listingCandidateFilters({ field: 'other', ipcCodes: [], minTrl: 1, budgetFen: null })).toEqual({ hard: ['trl >= 1'], related: 'field = "other"' });
  });

  it('asks the demand index for open demands a listing can satisfy', () => {
    expect(demandCandidateFilters({ field: 'nuclear', ipcCodes: ['G21F 9/16'], trl: 7, askingPriceFen: 120_000_000n }, '1970-01-11')).toEqual({
      hard: ['minTrl <= 7', 'deadlineDay >= 10', '(budgetNegotiable = true OR budgetFen >= 100000000)'],
      related: '(field = "nuclear" OR ipcPrefixes IN ["G21F"])',
    });
    expect(demandCandidateFilters({ field: 'nuclear', ipcCodes: [], trl: 3, askingPriceFen: null }, '1970-01-01').hard).toEqual(['minTrl <= 3', 'deadlineDay >= 0']);
  });

  it('draws the budget line exactly where the matcher does', () => {
    const demand = (budgetFen: bigint): DemandFacts => ({ organisationId: 'b', field: 'nuclear', direction: 'mil_to_civ', ipcCodes: [], minTrl: 1, budgetFen, deadline: '2099-01-01' });
    const listing = (askingPriceFen: bigint): ListingFacts => ({ organisationId: 's', field: 'nuclear', direction: 'mil_to_civ', ipcCodes: [], trl: 5, askingPriceFen, evaluation: null });
    for (const asking of [1n, 119n, 120n, 121n, 99_999_999n, 120_000_001n, 333_333_333n]) {
      const lowest = BigInt(/budgetFen >= (\d+)/.exec(demandCandidateFilters({ field: 'nuclear', ipcCodes: [], trl: 5, askingPriceFen: asking }, '2026-01-01').hard[2])![1]);
      expect(assessMatch(demand(lowest), listing(asking), 0.5, '2026-01-01').eligible).toBe(true);
      if (lowest > 1n) expect(assessMatch(demand(lowest - 1n), listing(asking), 0.5, '2026-01-01')).toMatchObject({ eligible: false, exclusion: 'over_budget' });
      const cap = BigInt(/askingPriceFen <= (\d+)/.exec(listingCandidateFilters({ field: 'nuclear', ipcCodes: [], minTrl: 1, budgetFen: lowest }).hard[1])![1]);
      expect(cap).toBeGreaterThanOrEqual(asking);
    }
  });
});
