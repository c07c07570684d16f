import { DemandModeration, DemandStatus, Direction } from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { addDays } from './dates';

/** How far ahead a deadline may be set. */
export const MAX_DEADLINE_YEARS = 5;

/**
 * Who may seek which direction: enterprises seek mostly declassified defence technology for civilian use
 * (mil_to_civ) and may also seek civilian technology for the defence products they supply (civ_to_mil);
 * institutes post civ→mil needs only (民参军: civilian technology for defence programmes).
 */
export function assertDemandDirectionAllowed(role: string, direction: Direction): void {
  if (role === 'institute' && direction !== 'civ_to_mil') {
    throw new DomainError('DEMAND.DIRECTION_NOT_ALLOWED', 'rule_violation', 'Institutes post demands for civilian technology for defence use (civ_to_mil) only', {
      fields: [{ field: 'direction', messages: ['an institute may only post civ_to_mil demands'] }],
    });
  }
}

/** A deadline is today (China Standard Time) at the earliest and at most five years ahead. Refused as bad input. */
export function assertDeadlineAcceptable(deadline: string, today: string): void {
  const latest = addDays(today, MAX_DEADLINE_YEARS * 365);
  if (deadline < today) throw CommonErrors.validation([{ field: 'deadline', messages: [`deadline must be today (${today}) or later`] }]);
  if (deadline > latest) throw CommonErrors.validation([{ field: 'deadline', messages: [`deadline must be at most ${MAX_DEADLINE_YEARS} years ahead (${latest})`] }]);
}

type Performer = 'owner' | 'operator';
type DemandAction = 'close' | DemandModeration;

const RULES: Record<DemandAction, { from: DemandStatus[]; to: DemandStatus; by: Performer; needsReason: boolean }> = {
  /** The owner closes an open demand (found a supplier, no longer needed), or one an operator hid. */
  close: { from: ['open', 'hidden'], to: 'closed', by: 'owner', needsReason: false },
  /** Operators hide an open demand, saying why; it leaves search and matching at once. */
  hide: { from: ['open'], to: 'hidden', by: 'operator', needsReason: true },
  restore: { from: ['hidden'], to: 'open', by: 'operator', needsReason: false },
};

export const demandPerformerOf = (action: DemandAction): Performer => RULES[action].by;

/** The demand status machine: open → closed; open → hidden → open (operators); hidden → closed (owner). */
export function nextDemandStatus(current: DemandStatus, action: DemandAction, reason: string | undefined): DemandStatus {
  const rule = RULES[action];
  if (rule.needsReason && !reason?.trim()) {
    throw new DomainError('DEMAND.REASON_REQUIRED', 'validation', `A reason is required to ${action} a demand`, {
      fields: [{ field: 'reason', messages: [`reason is required to ${action} a demand`] }],
    });
  }
  if (!rule.from.includes(current)) {
    throw new DomainError('DEMAND.INVALID_TRANSITION', 'conflict', `Cannot ${action} a demand that is ${current}`, { details: { status: current, action } });
  }
  return rule.to;
}

/** Owners edit open demands only: a closed one is over, a hidden one is under moderation. */
export function assertDemandEditable(current: DemandStatus): void {
  if (current !== 'open') {
    throw new DomainError('DEMAND.NOT_EDITABLE', 'conflict', `A demand that is ${current} cannot be edited`, { details: { status: current } });
  }
}

/** Matched, searchable and shown to others: open and not past its deadline. */
export const isDemandLive = (status: DemandStatus, deadline: string, today: string) => status === 'open' && deadline >= today;
