/** Asked by evaluation (conflicts of interest): who expressed interest in or negotiated for a listing. */
export const MatchingPartiesPatterns = {
  partiesOfListing: 'matching.parties-of-listing',
} as const;

export interface PartiesOfListingQuery {
  listingId: string;
}

export interface PartiesOfListingAnswer {
  /** Organisations that expressed interest in the listing or negotiated for it (any outcome). */
  organisationIds: string[];
}
