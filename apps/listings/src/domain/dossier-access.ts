import { DossierAccessPolicy } from '@lib/contracts';

export interface DossierAccessContext {
  listingStatus: string;
  ownerOrganisationId: string;
  policy: DossierAccessPolicy;
  viewerRole: string;
  viewerOrganisationId: string | null;
  viewerOrganisationVerified: boolean;
  ndaAccepted: boolean;
  granted: boolean;
}

export type DossierAccessVerdict =
  | { allowed: true; as: 'owner' | 'operator' | 'counterparty' }
  | { allowed: false; reason: 'not_published' | 'no_organisation' | 'not_verified' | 'nda_required' | 'not_granted' };

/**
 * Who may open a listing's restricted dossier: its owner organisation and operators always;
 * anyone else only on a published listing, as a member of a verified organisation that
 * accepted the listing's NDA and that the owner granted access (or the owner opened the dossier
 * to every verified organisation).
 */
export function judgeDossierAccess(context: DossierAccessContext): DossierAccessVerdict {
  if (context.viewerRole === 'operator') return { allowed: true, as: 'operator' };
  if (context.viewerOrganisationId && context.viewerOrganisationId === context.ownerOrganisationId) return { allowed: true, as: 'owner' };
  if (context.listingStatus !== 'published') return { allowed: false, reason: 'not_published' };
  if (!context.viewerOrganisationId) return { allowed: false, reason: 'no_organisation' };
  if (!context.viewerOrganisationVerified) return { allowed: false, reason: 'not_verified' };
  if (!context.ndaAccepted) return { allowed: false, reason: 'nda_required' };
  if (context.policy === 'verified_organisations' || context.granted) return { allowed: true, as: 'counterparty' };
  return { allowed: false, reason: 'not_granted' };
}

export interface DossierAccessRecord {
  organisationId: string;
  at: Date;
}

export interface DossierAccessRow {
  organisationId: string;
  ndaAcceptedAt: Date | null;
  grantedAt: Date | null;
  /** What `judgeDossierAccess` would answer a member of this organisation, were it still verified. */
  mayOpen: boolean;
}

/**
 * The owner's view of who may open the dossier: one row per organisation that accepted the NDA or was
 * granted access (a grant may precede the NDA), the latest of the two first. The organisations' standing is
 * not known here, so `mayOpen` assumes they are still verified, as the view says.
 */
export function dossierAccessRows(
  listing: { status: string; organisationId: string; policy: DossierAccessPolicy },
  ndas: DossierAccessRecord[],
  grants: DossierAccessRecord[],
): DossierAccessRow[] {
  const rows = new Map<string, DossierAccessRow>();
  const rowOf = (organisationId: string) => rows.get(organisationId) ?? rows.set(organisationId, { organisationId, ndaAcceptedAt: null, grantedAt: null, mayOpen: false }).get(organisationId)!;
  for (const nda of ndas) rowOf(nda.organisationId).ndaAcceptedAt = nda.at;
  for (const grant of grants) rowOf(grant.organisationId).grantedAt = grant.at;
  const latest = (row: DossierAccessRow) => Math.max(row.ndaAcceptedAt?.getTime() ?? 0, row.grantedAt?.getTime() ?? 0);
  return [...rows.values()]
    .map((row) => ({
      ...row,
      mayOpen: judgeDossierAccess({
        listingStatus: listing.status,
        ownerOrganisationId: listing.organisationId,
        policy: listing.policy,
        viewerRole: 'enterprise',
        viewerOrganisationId: row.organisationId,
        viewerOrganisationVerified: true,
        ndaAccepted: row.ndaAcceptedAt !== null,
        granted: row.grantedAt !== null,
      }).allowed,
    }))
    .sort((a, b) => latest(b) - latest(a) || a.organisationId.localeCompare(b.organisationId));
}
