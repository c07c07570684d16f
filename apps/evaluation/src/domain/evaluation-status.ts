import { EvaluationStatus } from '@lib/contracts';
import { DomainError } from '@lib/errors';

export type EvaluationAction = 'assign' | 'publish' | 'flag' | 'confirm' | 'send_back' | 'cancel';

/**
 * requested ─assign→ in_review ─publish→ published
 *                         └─flag→ flagged ─confirm→ published
 *                                    └─send_back→ requested (a new round, a new panel)
 * requested | in_review | flagged ─cancel→ cancelled
 */
const TRANSITIONS: Record<EvaluationAction, Partial<Record<EvaluationStatus, EvaluationStatus>>> = {
  assign: { requested: 'in_review' },
  publish: { in_review: 'published' },
  flag: { in_review: 'flagged' },
  confirm: { flagged: 'published' },
  send_back: { flagged: 'requested' },
  cancel: { requested: 'cancelled', in_review: 'cancelled', flagged: 'cancelled' },
};

const NEEDS_REASON: EvaluationAction[] = ['send_back', 'cancel'];

/** Evaluations still running: one per listing at a time. */
export const OPEN_EVALUATION_STATUSES: EvaluationStatus[] = ['requested', 'in_review', 'flagged'];

export function nextEvaluationStatus(current: EvaluationStatus, action: EvaluationAction, reason?: string | null): EvaluationStatus {
  if (NEEDS_REASON.includes(action) && !reason?.trim()) {
    const verb = action === 'send_back' ? 'send back' : action;
    throw new DomainError('EVALUATION.REASON_REQUIRED', 'validation', `A reason is required to ${verb}`, {
      fields: [{ field: 'reason', messages: [`reason is required to ${verb}`] }],
    });
  }
  const next = TRANSITIONS[action][current];
  if (!next) {
    throw new DomainError('EVALUATION.INVALID_TRANSITION', 'conflict', `Cannot ${action.replace('_', ' ')} an evaluation that is ${current}`, {
      details: { status: current, action },
    });
  }
  return next;
}

/** The listing's owner may withdraw its own request only before a panel is at work; operators cancel any open one. */
export function assertOwnerMayCancel(current: EvaluationStatus): void {
  if (current !== 'requested') {
    throw new DomainError('EVALUATION.INVALID_TRANSITION', 'conflict', `The owner can withdraw a request only before the panel is assigned; it is ${current}`, {
      details: { status: current, action: 'cancel' },
    });
  }
}

/** Listings that may be evaluated: not yet or currently offered. */
export const EVALUABLE_LISTING_STATUSES = ['draft', 'pending_review', 'published'];

export function assertListingEvaluable(status: string): void {
  if (!EVALUABLE_LISTING_STATUSES.includes(status)) {
    throw new DomainError('EVALUATION.LISTING_NOT_EVALUABLE', 'rule_violation', `A listing that is ${status} cannot be evaluated`, {
      fields: [{ field: 'listingId', messages: [`the listing is ${status}; only draft, pending_review or published listings are evaluated`] }],
    });
  }
}
