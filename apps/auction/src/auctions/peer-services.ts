import { Injectable } from '@nestjs/common';
import { Actor } from '@lib/auth';
import { Capability, IdentityPatterns, ListingReadView, ListingsPatterns, OrganisationStanding, QualificationHeldAnswer } from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';

const STANDING_REFUSALS: Record<string, string> = {
  pending: 'ORGANISATION.NOT_VERIFIED',
  rejected: 'ORGANISATION.NOT_VERIFIED',
  suspended: 'ORGANISATION.SUSPENDED',
};

/** What the auction service asks identity and listings, at the moment it acts. */
@Injectable()
export class PeerServices {
  constructor(private readonly services: ServiceClient) {}

  async assertMay(organisationId: string, capability: Capability): Promise<void> {
    const standing = await this.services.send<OrganisationStanding>(IdentityPatterns.organisationStanding, { actor: null, input: { organisationId } });
    if (!standing.capabilities[capability]) {
      throw new DomainError(STANDING_REFUSALS[standing.status] ?? 'ORGANISATION.NOT_ALLOWED', 'forbidden', `The organisation is ${standing.status}: it cannot ${capability}`, {
        details: { status: standing.status, capability },
      });
    }
  }

  /** For payments: the organisation must exist (money must never land in a wallet nobody owns). */
  async assertOrganisationExists(organisationId: string): Promise<void> {
    await this.services.send<OrganisationStanding>(IdentityPatterns.organisationStanding, { actor: null, input: { organisationId } }).catch((error: DomainError) => {
      if (error.kind !== 'not_found') throw error;
      throw new DomainError('ORGANISATION.NOT_FOUND', 'validation', 'No organisation with this id', {
        fields: [{ field: 'organisationId', messages: ['organisationId names no organisation'] }],
      });
    });
  }

  /** Eligibility: every required qualification verified and valid at `at` (checked at registration and at every bid). */
  async assertQualified(organisationId: string, required: string[], at: Date): Promise<void> {
    const answers = await Promise.all(
      required.map((type) =>
        this.services.send<QualificationHeldAnswer>(IdentityPatterns.qualificationHeld, { actor: null, input: { organisationId, type, at: at.toISOString() } }),
      ),
    );
    const missing = required.filter((_, i) => !answers[i].held);
    if (missing.length > 0) {
      throw new DomainError('BID.NOT_ELIGIBLE', 'forbidden', `The organisation lacks a valid qualification required by this auction: ${missing.join(', ')}`, {
        details: { missing },
      });
    }
  }

  /** The listing as the actor may see it (404 if they may not). */
  listing(actor: Actor, listingId: string): Promise<ListingReadView> {
    return this.services.send<ListingReadView>(ListingsPatterns.get, { actor, input: { listingId } });
  }
}
