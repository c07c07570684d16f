import { Injectable } from '@nestjs/common';
import { Capability, IdentityPatterns, OrganisationStanding } from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';

const REFUSAL: Record<string, string> = {
  pending: 'ORGANISATION.NOT_VERIFIED',
  rejected: 'ORGANISATION.NOT_VERIFIED',
  suspended: 'ORGANISATION.SUSPENDED',
};

/** Asks identity, at the moment of acting, what an organisation may do (posting a demand is publishing). */
@Injectable()
export class OrganisationStandingClient {
  constructor(private readonly services: ServiceClient) {}

  async assertMay(organisationId: string, capability: Capability): Promise<void> {
    const standing = await this.services.send<OrganisationStanding>(IdentityPatterns.organisationStanding, { actor: null, input: { organisationId } });
    if (!standing.capabilities[capability]) {
      throw new DomainError(REFUSAL[standing.status] ?? 'ORGANISATION.NOT_ALLOWED', 'forbidden', `The organisation is ${standing.status}: it cannot ${capability}`, {
        details: { status: standing.status, capability },
      });
    }
  }
}
