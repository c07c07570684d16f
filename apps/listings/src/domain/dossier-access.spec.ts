import { DossierAccessContext, DossierAccessVerdict, dossierAccessRows, judgeDossierAccess } from './dossier-access';

const OWNER_ORG = '7a0c4bd4-3d39-4b8e-9c5e-0c6a1f0e2b11';
const OTHER_ORG = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

/** A verified other organisation that accepted the NDA and was granted access to a published listing. */
const context = (overrides: Partial<DossierAccessContext> = {}): DossierAccessContext => ({
  listingStatus: 'published',
  ownerOrganisationId: OWNER_ORG,
  policy: 'by_grant',
  viewerRole: 'enterprise',
  viewerOrganisationId: OTHER_ORG,
  viewerOrganisationVerified: true,
  ndaAccepted: true,
  granted: true,
  ...overrides,
});

const refused = (reason: string): DossierAccessVerdict => ({ allowed: false, reason } as DossierAccessVerdict);
const STATUSES = ['draft', 'pending_review', 'published', 'rejected', 'suspended', 'sold', 'withdrawn'];
const NOT_PUBLISHED = STATUSES.filter((s) => s !== 'published');

describe('judgeDossierAccess', () => {
  describe('operators', () => {
    it.each(STATUSES)('always open the dossier, as operator (listing %s)', (listingStatus) => {
      expect(
        judgeDossierAccess(
          context({ listingStatus, viewerRole: 'operator', viewerOrganisationId: null, viewerOrganisationVerified: false, ndaAccepted: false, granted: false }),
        ),
      ).toEqual({ allowed: true, as: 'operator' });
    });

    it('an operator who also belongs to the owner organisation is judged as operator', () => {
      expect(judgeDossierAccess(context({ viewerRole: 'operator', viewerOrganisationId: OWNER_ORG }))).toEqual({ allowed: true, as: 'operator' });
    });
  });

  describe('the owner organisation', () => {
    it.each(STATUSES)('always opens its own dossier, as owner (listing %s), without NDA, grant or verification', (listingStatus) => {
      expect(
        judgeDossierAccess(
          context({ listingStatus, viewerRole: 'institute', viewerOrganisationId: OWNER_ORG, viewerOrganisationVerified: false, ndaAccepted: false, granted: false }),
        ),
      ).toEqual({ allowed: true, as: 'owner' });
    });
  });

  describe('anyone else', () => {
    it('a verified organisation that accepted the NDA and was granted access opens it as counterparty', () => {
      expect(judgeDossierAccess(context())).toEqual({ allowed: true, as: 'counterparty' });
    });

    it.each(NOT_PUBLISHED)('never opens the dossier of a %s listing (not_published), even with NDA and grant', (listingStatus) => {
      expect(judgeDossierAccess(context({ listingStatus }))).toEqual(refused('not_published'));
      expect(judgeDossierAccess(context({ listingStatus, policy: 'verified_organisations' }))).toEqual(refused('not_published'));
    });

    it('without an organisation: no_organisation', () => {
      expect(judgeDossierAccess(context({ viewerOrganisationId: null }))).toEqual(refused('no_organisation'));
      expect(judgeDossierAccess(context({ viewerOrganisationId: '' }))).toEqual(refused('no_organisation'));
    });

    it('an organisation that is not verified: not_verified, even with NDA and grant', () => {
      expect(judgeDossierAccess(context({ viewerOrganisationVerified: false }))).toEqual(refused('not_verified'));
      expect(judgeDossierAccess(context({ viewerOrganisationVerified: false, policy: 'verified_organisations' }))).toEqual(refused('not_verified'));
    });

    it('without the NDA: nda_required, even when granted or when the policy is open', () => {
      expect(judgeDossierAccess(context({ ndaAccepted: false }))).toEqual(refused('nda_required'));
      expect(judgeDossierAccess(context({ ndaAccepted: false, policy: 'verified_organisations' }))).toEqual(refused('nda_required'));
      expect(judgeDossierAccess(context({ ndaAccepted: false, granted: false }))).toEqual(refused('nda_required'));
    });

    it('by_grant with the NDA but no grant: not_granted', () => {
      expect(judgeDossierAccess(context({ granted: false }))).toEqual(refused('not_granted'));
    });

    it('verified_organisations: the NDA suffices, no grant needed', () => {
      expect(judgeDossierAccess(context({ policy: 'verified_organisations', granted: false }))).toEqual({ allowed: true, as: 'counterparty' });
    });

    it.each(['institute', 'enterprise', 'expert'])('the viewer role %s makes no difference to a counterparty', (viewerRole) => {
      expect(judgeDossierAccess(context({ viewerRole }))).toEqual({ allowed: true, as: 'counterparty' });
      expect(judgeDossierAccess(context({ viewerRole, granted: false }))).toEqual(refused('not_granted'));
    });
  });

  describe('the order of the checks (the first failing one is the reason)', () => {
    it.each([
      ['not published beats no organisation', { listingStatus: 'draft', viewerOrganisationId: null }, 'not_published'],
      ['not published beats not verified', { listingStatus: 'suspended', viewerOrganisationVerified: false }, 'not_published'],
      ['no organisation beats not verified', { viewerOrganisationId: null, viewerOrganisationVerified: false }, 'no_organisation'],
      ['not verified beats no NDA', { viewerOrganisationVerified: false, ndaAccepted: false }, 'not_verified'],
      ['no NDA beats no grant', { ndaAccepted: false, granted: false }, 'nda_required'],
      ['everything missing', { listingStatus: 'withdrawn', viewerOrganisationId: null, viewerOrganisationVerified: false, ndaAccepted: false, granted: false }, 'not_published'],
    ] as const)('%s', (_, overrides, reason) => {
      expect(judgeDossierAccess(context(overrides))).toEqual(refused(reason));
    });
  });

  it('exhaustively: a non-owner, non-operator is allowed exactly when published, organised, verified, NDA and (open policy or granted)', () => {
    let allowed = 0;
    for (const listingStatus of STATUSES)
      for (const viewerOrganisationId of [OTHER_ORG, null])
        for (const viewerOrganisationVerified of [true, false])
          for (const ndaAccepted of [true, false])
            for (const granted of [true, false])
              for (const policy of ['by_grant', 'verified_organisations'] as const) {
                const verdict = judgeDossierAccess(context({ listingStatus, viewerOrganisationId, viewerOrganisationVerified, ndaAccepted, granted, policy }));
                const expected =
                  listingStatus === 'published' && viewerOrganisationId !== null && viewerOrganisationVerified && ndaAccepted && (policy === 'verified_organisations' || granted);
                expect(verdict.allowed).toBe(expected);
                if (verdict.allowed) {
                  expect(verdict.as).toBe('counterparty');
                  allowed++;
                }
              }
    expect(allowed).toBe(3);
  });
});

describe('dossierAccessRows', () => {
  const A = '0a000000-0000-4000-8000-00000000000a';
  const B = '0b000000-0000-4000-8000-00000000000b';
  const C = '0c000000-0000-4000-8000-00000000000c';
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 9, minute));
  const ndas = [{ organisationId: A, at: at(1) }, { organisationId: B, at: at(2) }];
  const grants = [{ organisationId: A, at: at(3) }, { organisationId: C, at: at(4) }];

  it('merges NDA acceptances and grants per organisation, latest first; by grant, only NDA + grant may open', () => {
    expect(dossierAccessRows({ status: 'published', organisationId: OWNER_ORG, policy: 'by_grant' }, ndas, grants)).toEqual([
      { organisationId: C, ndaAcceptedAt: null, grantedAt: at(4), mayOpen: false },
      { organisationId: A, ndaAcceptedAt: at(1), grantedAt: at(3), mayOpen: true },
      { organisationId: B, ndaAcceptedAt: at(2), grantedAt: null, mayOpen: false },
    ]);
  });

  it('opens to every organisation with the NDA when the policy is verified organisations, and to nobody off the catalogue', () => {
    const open = dossierAccessRows({ status: 'published', organisationId: OWNER_ORG, policy: 'verified_organisations' }, ndas, grants);
    expect(open.map((r) => [r.organisationId, r.mayOpen])).toEqual([[C, false], [A, true], [B, true]]);
    const sold = dossierAccessRows({ status: 'sold', organisationId: OWNER_ORG, policy: 'verified_organisations' }, ndas, grants);
    expect(sold.every((r) => !r.mayOpen)).toBe(true);
  });

  it('is empty when nobody accepted or was granted anything', () => {
    expect(dossierAccessRows({ status: 'published', organisationId: OWNER_ORG, policy: 'by_grant' }, [], [])).toEqual([]);
  });
});
