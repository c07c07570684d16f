import { Capabilities, Capability, ModerationDecision, OrganisationStatus } from '@lib/contracts';
import { DomainError } from '@lib/errors';

/**
 * The organisation's status machine. An operator verifies or rejects a pending organisation,
 * suspends a pending or verified one, and reinstates a suspended one (to verified if it had
 * been verified, otherwise back to pending). A rejected one may correct itself and resubmit.
 */
const TRANSITIONS: Record<ModerationDecision, Partial<Record<OrganisationStatus, OrganisationStatus>>> = {
  verify: { pending: 'verified' },
  reject: { pending: 'rejected' },
  suspend: { pending: 'suspended', verified: 'suspended' },
  reinstate: { suspended: 'verified' },
};

const NEEDS_REASON: ModerationDecision[] = ['reject', 'suspend'];

export function nextOrganisationStatus(
  current: OrganisationStatus,
  decision: ModerationDecision,
  reason: string | undefined,
  wasEverVerified: boolean,
): OrganisationStatus {
  if (NEEDS_REASON.includes(decision) && !reason) {
    throw new DomainError('ORGANISATION.REASON_REQUIRED', 'validation', `A reason is required to ${decision}`, {
      fields: [{ field: 'reason', messages: [`reason is required to ${decision}`] }],
    });
  }
  const next = TRANSITIONS[decision][current];
  if (!next) {
    throw new DomainError('ORGANISATION.INVALID_TRANSITION', 'conflict', `Cannot ${decision} an organisation that is ${current}`, {
      details: { status: current, decision },
    });
  }
  if (decision === 'reinstate' && !wasEverVerified) return 'pending';
  return next;
}

export function assertCanResubmit(current: OrganisationStatus): void {
  if (current !== 'rejected') {
    throw new DomainError('ORGANISATION.INVALID_TRANSITION', 'conflict', `Only a rejected organisation can resubmit; this one is ${current}`);
  }
}

/**
 * What members may do given the organisation's status. An unverified organisation can draft,
 * invite and submit qualifications (what it needs to get verified) but cannot publish, bid or
 * sign; a suspended one can only log in and read.
 */
export function capabilitiesOf(status: OrganisationStatus): Capabilities {
  const verified = status === 'verified';
  const preparing = status === 'pending' || status === 'rejected';
  return {
    draft: verified || preparing,
    inviteMembers: verified || preparing,
    submitQualifications: verified || preparing,
    publish: verified,
    bid: verified,
    sign: verified,
  };
}

const REFUSALS: Record<OrganisationStatus, { code: string; message: string }> = {
  pending: { code: 'ORGANISATION.NOT_VERIFIED', message: 'The organisation is awaiting verification by an operator' },
  rejected: { code: 'ORGANISATION.NOT_VERIFIED', message: 'The organisation was rejected; correct it and resubmit' },
  suspended: { code: 'ORGANISATION.SUSPENDED', message: 'The organisation is suspended' },
  verified: { code: 'ORGANISATION.NOT_ALLOWED', message: 'Not allowed' },
};

/** Throws the reason an organisation of this status may not do `capability`. */
export function assertCapability(status: OrganisationStatus, capability: Capability): void {
  if (capabilitiesOf(status)[capability]) return;
  const refusal = REFUSALS[status];
  throw new DomainError(refusal.code, 'forbidden', `${refusal.message}: it cannot ${capability}`, {
    details: { status, capability },
  });
}
