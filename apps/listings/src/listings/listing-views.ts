import { formatFen, ListingView } from '@lib/contracts';
import { ListingEntity } from './listing.entity';

/** The full listing, for its owner organisation and operators only. Never the dossier content. */
export function fullListingOf(listing: ListingEntity): ListingView {
  return {
    id: listing.id,
    organisationId: listing.organisationId,
    status: listing.status,
    statusReason: listing.statusReason,
    title: listing.title,
    summary: listing.summary,
    description: listing.description,
    direction: listing.direction,
    field: listing.field,
    ipcCodes: listing.ipcCodes,
    trl: listing.trl,
    patents: listing.patents,
    transactionModes: listing.transactionModes,
    askingPrice: listing.askingPriceFen === null ? null : formatFen(listing.askingPriceFen),
    priceNegotiable: listing.askingPriceFen === null,
    secrecyLevel: listing.secrecyLevel,
    declassification: listing.declassification,
    dossierAccess: listing.dossierAccess,
    hasDossier: listing.dossierContent !== null,
    evaluation: listing.evaluation,
    publishedAt: listing.publishedAt?.toISOString() ?? null,
    createdAt: listing.createdAt.toISOString(),
    updatedAt: listing.updatedAt.toISOString(),
    version: listing.version,
  };
}

/** What the audit log keeps of a listing's change: its status and the public-facing fields, no dossier. */
export const listingSnapshot = (listing: ListingEntity) => ({
  status: listing.status,
  statusReason: listing.statusReason,
  title: listing.title,
  direction: listing.direction,
  field: listing.field,
  trl: listing.trl,
  secrecyLevel: listing.secrecyLevel,
  declassified: listing.declassification !== null,
  askingPriceFen: listing.askingPriceFen,
  transactionModes: listing.transactionModes,
  dossierAccess: listing.dossierAccess,
});
