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
