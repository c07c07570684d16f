import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '@lib/auth';
import {
  Capability,
  ComparablesQuery,
  ComparableTrade,
  EvaluationSummaryView,
  IdentityPatterns,
  ListingReadView,
  ListingsPatterns,
  MatchingPartiesPatterns,
  NotificationPatterns,
  NotificationRequest,
  OrganisationStanding,
  Page,
  ParticipantsOfListingAnswer,
  PartiesOfListingAnswer,
  TradePatterns,
  UserView,
} from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';
import { ConflictSources, ExpertCandidate } from '../domain/panel';

const STANDING_REFUSALS: Record<string, string> = {
  pending: 'ORGANISATION.NOT_VERIFIED',
  rejected: 'ORGANISATION.NOT_VERIFIED',
  suspended: 'ORGANISATION.SUSPENDED',
};

const POOL_PAGE = 100;

/** What the evaluation service asks identity, listings, the auction service and matching, at the moment it acts. */
@Injectable()
export class PeerServices {
  private readonly logger = new Logger(PeerServices.name);

  constructor(private readonly services: ServiceClient) {}

  async assertMay(organisationId: string, capability: Capability): Promise<void> {
    const standing = await this.services.send<OrganisationStanding>(IdentityPatterns.organisationStanding, { actor: null, input: { organisationId } });
    if (!standing.capabilities[capability]) {
      throw new DomainError(STANDING_REFUSALS[standing.status] ?? 'ORGANISATION.NOT_ALLOWED', 'forbidden', `The organisation is ${standing.status}: it cannot ${capability}`, {
        details: { status: standing.status, capability },
      });
    }
  }

  /** The listing as the actor may see it (404 if they may not). */
  listing(actor: Actor, listingId: string): Promise<ListingReadView> {
    return this.services.send<ListingReadView>(ListingsPatterns.get, { actor, input: { listingId } });
  }

  /**
   * The experts behind `ids`, looked up in the pool as the operator sees it: first among the experts
   * of `field` (the usual case), then in the whole pool for the ids not found there, so an expert of
   * another field is told apart from an id that is no expert at all (null).
   */
  async experts(operator: Actor, ids: string[], field: string): Promise<Map<string, ExpertCandidate | null>> {
    const found = new Map<string, ExpertCandidate | null>();
    await this.scanPool(operator, ids, field, found);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) await this.scanPool(operator, missing, undefined, found);
    for (const id of ids) if (!found.has(id)) found.set(id, null);
    return found;
  }

  private async scanPool(operator: Actor, ids: string[], field: string | undefined, found: Map<string, ExpertCandidate | null>): Promise<void> {
    const wanted = new Set(ids);
    for (let page = 1; ; page++) {
      const result = await this.services.send<Page<UserView>>(IdentityPatterns.listExperts, {
        actor: operator,
        input: { page, pageSize: POOL_PAGE, ...(field ? { field } : {}) },
      });
      for (const user of result.items) {
        if (wanted.has(user.id) && user.role === 'expert') {
          found.set(user.id, { id: user.id, name: user.displayName, fields: user.expertiseFields, organisationId: user.organisationId });
          wanted.delete(user.id);
        }
      }
      if (wanted.size === 0 || page * POOL_PAGE >= result.total || result.items.length === 0) return;
    }
  }

  /**
   * Organisations with an interest in the listing, asked of the services that know: the auction
   * service (auction registrations, trades) and matching (interest, negotiations). If either cannot
   * answer, the assignment is refused (503) rather than made without the check.
   */
  async conflictSources(listingId: string, listingOrganisationId: string): Promise<ConflictSources> {
    const [participants, parties] = await Promise.all([
      this.services.send<ParticipantsOfListingAnswer>(TradePatterns.participantsOfListing, { actor: null, input: { listingId } }),
      this.services.send<PartiesOfListingAnswer>(MatchingPartiesPatterns.partiesOfListing, { actor: null, input: { listingId } }),
    ]);
    return {
      listingOrganisationId,
      auctionOrTradeOrganisationIds: participants.organisationIds,
      interestOrNegotiationOrganisationIds: parties.organisationIds,
    };
  }

  comparables(query: ComparablesQuery): Promise<ComparableTrade[]> {
    return this.services.send<ComparableTrade[]>(TradePatterns.comparables, { actor: null, input: query });
  }

  /** Asks listings to show the published result (idempotent; an older result never replaces a newer one). */
  recordOnListing(listingId: string, evaluationId: string, summary: EvaluationSummaryView): Promise<{ recorded: boolean }> {
    return this.services.send<{ recorded: boolean }>(ListingsPatterns.recordEvaluation, { actor: null, input: { listingId, evaluationId, summary } });
  }
}
