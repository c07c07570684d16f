import { Injectable } from '@nestjs/common';
import { systemActor } from '@lib/auth';
import {
  Capability,
  IdentityPatterns,
  ListingReadView,
  ListingsPatterns,
  ListingView,
  OpenNegotiatedTradeAnswer,
  OpenNegotiatedTradeCommand,
  OrganisationStanding,
  TradePatterns,
} from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';

const STANDING_REFUSALS: Record<string, string> = {
  pending: 'ORGANISATION.NOT_VERIFIED',
  rejected: 'ORGANISATION.NOT_VERIFIED',
  suspended: 'ORGANISATION.SUSPENDED',
};

/**
 * The matching service reads a listing as a system actor: the listings service answers it the whole
 * listing (the owner organisation, status and modes are not in the public part, and matching needs
 * them to know who answers an interest). Only these facts are kept; what a caller may see is decided
 * by the negotiation rules (another organisation's unpublished listing is "not found").
 */
const LISTINGS_READER = systemActor('matching');

/** What matching needs of a listing to run the loop. */
export type ListingFacts = Pick<ListingView, 'id' | 'organisationId' | 'status' | 'title' | 'direction' | 'transactionModes'>;

/** What the matching service asks identity, listings and the trades part of the auction service. */
@Injectable()
export class PeerServices {
  constructor(private readonly services: ServiceClient) {}

  async listing(listingId: string): Promise<ListingFacts> {
    const listing = await this.services.send<ListingReadView>(ListingsPatterns.get, { actor: LISTINGS_READER, input: { listingId } });
    if (listing.visibility !== 'full') throw CommonErrors.notFound('listing', listingId);
    const { id, organisationId, status, title, direction, transactionModes } = listing;
    return { id, organisationId, status, title, direction, transactionModes };
  }

  async assertMay(organisationId: string, capability: Capability): Promise<void> {
    const standing = await this.services.send<OrganisationStanding>(IdentityPatterns.organisationStanding, { actor: null, input: { organisationId } });
    if (!standing.capabilities[capability]) {
      throw new DomainError(STANDING_REFUSALS[standing.status] ?? 'ORGANISATION.NOT_ALLOWED', 'forbidden', `The organisation is ${standing.status}: it cannot ${capability}`, {
        details: { status: standing.status, capability },
      });
    }
  }

  /** Idempotent on the negotiation id: a retry answers the trade the first call opened. */
  openNegotiatedTrade(command: OpenNegotiatedTradeCommand, timeoutMs?: number): Promise<OpenNegotiatedTradeAnswer> {
    return this.services.send<OpenNegotiatedTradeAnswer>(TradePatterns.openNegotiated, { actor: null, input: command }, timeoutMs);
  }
}
