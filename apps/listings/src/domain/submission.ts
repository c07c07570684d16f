import { FieldProblem } from '@lib/errors';
import { DomainError } from '@lib/errors';

/** Decisions are dated in China Standard Time. */
const chinaDateOf = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export interface SubmissionCandidate {
  secrecyLevel: string;
  declassification: unknown | null;
  transactionModes: string[];
  summary: string;
}

/**
 * The declassification gate: anything above `public` needs its declassification record
 * (decision number, approving authority, decision date) before an operator may see it for review.
 */
export function submissionProblems(listing: SubmissionCandidate, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const decisionDate = (listing.declassification as { decisionDate?: string } | null)?.decisionDate;
  if (decisionDate && decisionDate > chinaDateOf(now)) {
    problems.push({ field: 'declassification.decisionDate', messages: ['the declassification decision cannot be dated in the future'] });
  }
  if (listing.secrecyLevel !== 'public' && !listing.declassification) {
    problems.push({
      field: 'declassification',
      messages: [`a ${listing.secrecyLevel} achievement needs its declassification record (decision number, authority, date) before submission`],
    });
  }
  if (listing.transactionModes.length === 0) problems.push({ field: 'transactionModes', messages: ['at least one transaction mode'] });
  return problems;
}

export function assertSubmittable(listing: SubmissionCandidate, now: Date): void {
  const problems = submissionProblems(listing, now);
  if (problems.length > 0) {
    throw new DomainError('LISTING.NOT_SUBMITTABLE', 'rule_violation', 'The listing cannot be submitted yet', { fields: problems });
  }
}
