import { DeadlineKind } from '@lib/contracts';
import { DomainError } from '@lib/errors';

/** Deadlines may be set at most this far ahead. */
export const MAX_DEADLINE_DAYS = 180;
const DAY_MS = 86_400_000;

/** A deadline must lie in the future, and at most 180 days ahead. */
export function assertDeadline(deadline: Date, now: Date, field = 'deadline'): void {
  if (deadline.getTime() <= now.getTime()) {
    throw new DomainError('REQUEST.INVALID', 'validation', `Invalid input: ${field}`, { fields: [{ field, messages: [`${field} must be in the future`] }] });
  }
  if (deadline.getTime() > now.getTime() + MAX_DEADLINE_DAYS * DAY_MS) {
    throw new DomainError('REQUEST.INVALID', 'validation', `Invalid input: ${field}`, {
      fields: [{ field, messages: [`${field} must be at most ${MAX_DEADLINE_DAYS} days ahead`] }],
    });
  }
}

/**
 * When the expert is reminded: `leadMs` before the deadline; if that moment is not after the
 * assignment (a short deadline), halfway between the assignment and the deadline instead.
 */
export function reminderAtOf(assignedAt: Date, deadline: Date, leadMs: number): Date {
  const byLead = deadline.getTime() - leadMs;
  if (byLead > assignedAt.getTime()) return new Date(byLead);
  return new Date(assignedAt.getTime() + Math.floor((deadline.getTime() - assignedAt.getTime()) / 2));
}

export interface DeadlineState {
  status: string;
  deadline: Date;
  reminderAt: Date;
  remindedAt: Date | null;
  missedAt: Date | null;
}

export type DeadlineVerdict = { act: true } | { act: false; answer: 'done' | 'not_applicable'; reason: string } | { act: false; answer: 'not_due'; dueAt: Date };

/**
 * What a reminder or deadline job does for an assignment at `now`. Only an assignment still
 * waiting for its review is reminded or flagged missed; each happens once; a reminder that comes
 * after the deadline is not sent (the missed notice says it all).
 */
export function deadlineVerdict(assignment: DeadlineState, kind: DeadlineKind, now: Date): DeadlineVerdict {
  if (assignment.status !== 'assigned') return { act: false, answer: 'not_applicable', reason: `the assignment is ${assignment.status}` };
  if (kind === 'reminder') {
    if (assignment.remindedAt) return { act: false, answer: 'done', reason: 'already reminded' };
    if (now.getTime() >= assignment.deadline.getTime()) return { act: false, answer: 'not_applicable', reason: 'the deadline has passed' };
    if (now.getTime() < assignment.reminderAt.getTime()) return { act: false, answer: 'not_due', dueAt: assignment.reminderAt };
    return { act: true };
  }
  if (assignment.missedAt) return { act: false, answer: 'done', reason: 'already flagged missed' };
  if (now.getTime() < assignment.deadline.getTime()) return { act: false, answer: 'not_due', dueAt: assignment.deadline };
  return { act: true };
}

/** An operator may replace an expert only once their deadline has passed without a review. */
export function assertReplaceable(assignment: { status: string; deadline: Date }, now: Date): void {
  if (assignment.status !== 'assigned') {
    throw new DomainError('ASSIGNMENT.NOT_REPLACEABLE', 'conflict', `Only an expert still owing a review can be replaced; this assignment is ${assignment.status}`);
  }
  if (now.getTime() < assignment.deadline.getTime()) {
    throw new DomainError('ASSIGNMENT.DEADLINE_NOT_PASSED', 'rule_violation', `The expert’s deadline (${assignment.deadline.toISOString()}) has not passed`, {
      details: { deadline: assignment.deadline.toISOString() },
    });
  }
}
