import type { PublicListingView } from '../listings/listing.views';

/** NATS message patterns of the matcher, answered by the matching service. */
export const MatchPatterns = {
  /** The demand's owner or an operator: rank published listings for it now. */
  forDemand: 'matching.matches.for-demand',
  /** The listing's owner or an operator: rank open demands for it now. */
  forListing: 'matching.matches.for-listing',
  /** Worker: a demand was posted or changed (idempotent). */
  runForDemand: 'matching.jobs.run-for-demand',
  /** Worker: a listing was published or its public part changed (idempotent). */
  runForListing: 'matching.jobs.run-for-listing',
  /** Worker: a listing left the catalogue; its matches are retired. */
  retireListing: 'matching.jobs.retire-listing',
  /** Worker: listings left the catalogue (a relay batch); their matches are retired, in one transaction. */
  retireListings: 'matching.jobs.retire-listings',
  /** Worker, periodically: demands waiting for a run; the service also catches up its index and notifications. */
  sweep: 'matching.jobs.sweep',
} as const;

/**
 * Answered by the listings service for the matcher: the listings among the given ids that are
 * published now, each with its public part and owner organisation (to exclude own listings and to
 * notify the owner). Nothing unpublished is ever answered.
 */
export const ListingsForMatchingPatterns = {
  published: 'listings.matching.published',
} as const;

export interface PublishedListingForMatching {
  organisationId: string;
  listing: PublicListingView;
}

export interface MatchingSweepAnswer {
  /** Open demands whose current version has not been matched yet. */
  demands: { demandId: string; version: number }[];
  /** Demands written to (or removed from) the search index in this sweep. */
  indexed: number;
  /** Notification requests published again in this sweep. */
  notified: number;
}

export interface MatchingRunAnswer {
  ran: boolean;
  matches: number;
  notified: number;
}
