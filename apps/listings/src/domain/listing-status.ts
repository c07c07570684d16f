import { ListingAction, ListingStatus } from '@lib/contracts';
import { DomainError } from '@lib/errors';

type Performer = 'owner' | 'operator';

interface Rule {
  from: ListingStatus[];
  to: ListingStatus;
  by: Performer;
  needsReason: boolean;
}

/**
 * The listing status machine of BRIEF.md: draft → pending_review → published → (suspended |
 * sold | withdrawn); pending_review → rejected → draft. Owners submit, revise and withdraw;
 * operators approve, reject, suspend and reinstate. (`sold` is set by trade settlement.)
 */
const RULES: Record<ListingAction, Rule> = {
  submit: { from: ['draft'], to: 'pending_review', by: 'owner', needsReason: false },
  approve: { from: ['pending_review'], to: 'published', by: 'operator', needsReason: false },
  reject: { from: ['pending_review'], to: 'rejected', by: 'operator', needsReason: true },
  revise: { from: ['rejected'], to: 'draft', by: 'owner', needsReason: false },
  suspend: { from: ['published'], to: 'suspended', by: 'operator', needsReason: true },
  reinstate: { from: ['suspended'], to: 'published', by: 'operator', needsReason: false },
  withdraw: { from: ['published'], to: 'withdrawn', by: 'owner', needsReason: false },
};

export const performerOf = (action: ListingAction): Performer => RULES[action].by;

export function nextListingStatus(current: ListingStatus, action: ListingAction, reason: string | undefined): ListingStatus {
  const rule = RULES[action];
  if (rule.needsReason && !reason) {
    throw new DomainError('LISTING.REASON_REQUIRED', 'validation', `A reason is required to ${action}`, {
      fields: [{ field: 'reason', messages: [`reason is required to ${action}`] }],
    });
  }
  if (!rule.from.includes(current)) {
    throw new DomainError('LISTING.INVALID_TRANSITION', 'conflict', `Cannot ${action} a listing that is ${current}`, {
      details: { status: current, action },
    });
  }
  return rule.to;
}

/** Owners edit only drafts and rejected listings (editing a rejected one returns it to draft). */
export function assertEditable(current: ListingStatus): void {
  if (current !== 'draft' && current !== 'rejected') {
    throw new DomainError('LISTING.NOT_EDITABLE', 'conflict', `A listing that is ${current} cannot be edited`, { details: { status: current } });
  }
}

/** The statuses whose listing is public: exactly one. */
export const isPublicStatus = (status: ListingStatus) => status === 'published';
