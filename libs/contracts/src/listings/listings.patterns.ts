/** NATS message patterns answered by the listings service. */
export const ListingsPatterns = {
  create: 'listings.create',
  update: 'listings.update',
  transition: 'listings.transition',
  get: 'listings.get',
  listMine: 'listings.mine',
  reviewQueue: 'listings.review-queue',
  putDossier: 'listings.dossier.put',
  getDossier: 'listings.dossier.get',
  acceptNda: 'listings.nda.accept',
  grantDossier: 'listings.dossier.grant',
  revokeDossier: 'listings.dossier.revoke',
  dossierAccess: 'listings.dossier.access',
  /** Worker: claim pending catalogue changes (documents to upsert, ids to remove). */
  claimCatalogueChanges: 'listings.catalogue.claim-changes',
  ackCatalogueChanges: 'listings.catalogue.ack-changes',
  /** Worker: the catalogue index was lost (Meilisearch wiped): queue every published listing to be written again. */
  requeuePublished: 'listings.catalogue.requeue-published',
  /** Auction settlement: the listing was sold (idempotent). */
  markSold: 'listings.mark-sold',
  /** Auction settlement: `markSold` for several listings at once (a burst's sales), each in its own transaction, answered in order. */
  markSoldMany: 'listings.mark-sold-many',
  /** Evaluation: a published evaluation result to show on the listing and in the catalogue (idempotent). */
  recordEvaluation: 'listings.record-evaluation',
} as const;

/** One listing's result in `markSoldMany`: its status, or why it failed (the caller asks `markSold` again for the error). */
export type MarkSoldManyItem = { ok: true; status: string } | { ok: false; message: string };

export interface CatalogueChange {
  outboxId: string;
  listingId: string;
  /** The document to upsert, or null to remove the listing from the catalogue. */
  document: import('./catalogue').CatalogueDocument | null;
}
