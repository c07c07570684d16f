import { DomainError } from '@lib/errors';
import { assertPanelAcceptable, ConflictSources, conflictOf, ExpertCandidate, PanelCheck } from './panel';

const OWNER = 'org-owner';
const BIDDER = 'org-bidder';
const SUITOR = 'org-suitor';
const sources: ConflictSources = { listingOrganisationId: OWNER, auctionOrTradeOrganisationIds: [BIDDER], interestOrNegotiationOrganisationIds: [SUITOR] };

const expert = (id: string, organisationId: string | null = null, fields = ['aerodynamics']): ExpertCandidate => ({ id, name: id, fields, organisationId });

const check = (requested: (ExpertCandidate | string)[], change: Partial<PanelCheck> = {}): PanelCheck => ({
  field: 'aerodynamics',
  requested: requested.map((r) => (typeof r === 'string' ? { id: r, expert: null } : { id: r.id, expert: r })),
  alreadyOnPanel: [],
  sources,
  inputField: 'expertIds',
  wholePanel: true,
  ...change,
});

function refusal(run: () => unknown): { code: string; kind: string; fields?: { field: string; messages: string[] }[]; details?: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, kind: error.kind, fields: error.extra.fields, details: error.extra.details };
  }
  throw new Error('not refused');
}

describe('conflicts of interest', () => {
  it('names the reason: the listing’s organisation, an auction or trade, interest or negotiation', () => {
    expect(conflictOf(expert('a', OWNER), sources)).toBe('listing_organisation');
    expect(conflictOf(expert('a', BIDDER), sources)).toBe('auction_or_trade');
    expect(conflictOf(expert('a', SUITOR), sources)).toBe('interest_or_negotiation');
    expect(conflictOf(expert('a', 'org-other'), sources)).toBeNull();
    expect(conflictOf(expert('a', null), sources)).toBeNull();
  });

  it('reports the listing’s organisation first when an organisation is both owner and bidder', () => {
    expect(conflictOf(expert('a', OWNER), { ...sources, auctionOrTradeOrganisationIds: [OWNER] })).toBe('listing_organisation');
  });
});

describe('panel composition', () => {
  const fine = [expert('a'), expert('b', 'org-other'), expert('c', null, ['aerodynamics', 'nuclear'])];

  it('accepts three experts of the field without conflicts', () => {
    expect(assertPanelAcceptable(check(fine)).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('needs three to nine distinct experts', () => {
    expect(refusal(() => assertPanelAcceptable(check(fine.slice(0, 2))))).toMatchObject({ code: 'REQUEST.INVALID', fields: [{ field: 'expertIds' }] });
    const ten = Array.from({ length: 10 }, (_, i) => expert(`e${i}`));
    expect(refusal(() => assertPanelAcceptable(check(ten)))).toMatchObject({ code: 'REQUEST.INVALID' });
    expect(refusal(() => assertPanelAcceptable(check([fine[0], fine[0], fine[1]])))).toMatchObject({ code: 'REQUEST.INVALID' });
  });

  it('does not apply the size rule to a single replacement', () => {
    expect(assertPanelAcceptable(check([expert('d')], { wholePanel: false, inputField: 'expertId' }))).toHaveLength(1);
  });

  it('refuses ids that are not experts, naming them', () => {
    expect(refusal(() => assertPanelAcceptable(check([...fine.slice(0, 2), 'ghost'])))).toEqual({
      code: 'EVALUATION.NOT_AN_EXPERT',
      kind: 'validation',
      fields: [{ field: 'expertIds', messages: ['ghost is not an expert of the pool'] }],
      details: undefined,
    });
  });

  it('refuses an expert already on the panel (a replacement must be someone new)', () => {
    expect(refusal(() => assertPanelAcceptable(check([expert('a')], { wholePanel: false, inputField: 'expertId', alreadyOnPanel: ['a', 'b'] })))).toMatchObject({
      code: 'EVALUATION.EXPERT_ALREADY_ON_PANEL',
      kind: 'conflict',
      fields: [{ field: 'expertId' }],
    });
  });

  it('refuses experts outside the listing’s field', () => {
    expect(refusal(() => assertPanelAcceptable(check([...fine.slice(0, 2), expert('x', null, ['biomedicine'])])))).toMatchObject({
      code: 'EVALUATION.EXPERT_FIELD_MISMATCH',
      kind: 'rule_violation',
      fields: [{ field: 'expertIds', messages: ['x does not work in aerodynamics'] }],
    });
  });

  it('refuses each conflict with its reason, all at once', () => {
    const result = refusal(() => assertPanelAcceptable(check([expert('own', OWNER), expert('bid', BIDDER), expert('neg', SUITOR)])));
    expect(result).toMatchObject({ code: 'EVALUATION.CONFLICT_OF_INTEREST', kind: 'rule_violation' });
    expect(result.details).toEqual({
      conflicts: [
        { expertId: 'own', reason: 'listing_organisation', message: 'the expert belongs to the listing’s organisation' },
        { expertId: 'bid', reason: 'auction_or_trade', message: 'the expert’s organisation registered for an auction of this listing or is party to a trade of it' },
        { expertId: 'neg', reason: 'interest_or_negotiation', message: 'the expert’s organisation expressed interest in this listing or negotiated for it' },
      ],
    });
  });

  it('names the most basic problem first: unknown ids before field mismatch before conflicts', () => {
    const mixed = [expert('own', OWNER), expert('x', null, ['biomedicine']), 'ghost'];
    expect(refusal(() => assertPanelAcceptable(check(mixed))).code).toBe('EVALUATION.NOT_AN_EXPERT');
    expect(refusal(() => assertPanelAcceptable(check(mixed.slice(0, 2).concat(expert('c')))))).toMatchObject({ code: 'EVALUATION.EXPERT_FIELD_MISMATCH' });
  });
});
