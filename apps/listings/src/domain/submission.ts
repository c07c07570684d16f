import { FieldProblem } from '@lib/errors';
import { DomainError } from '@lib/errors';

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
export function submissionProblems(listing: SubmissionCandidate): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (listing.secrecyLevel !== 'public' && !listing.declassification) {
    problems.push({
      field: 'declassification',
      messages: [`a ${listing.secrecyLevel} achievement needs its declassification record (decision number, authority, date) before submission`],
    });
  }
  if (listing.transactionModes.length === 0) problems.push({ field: 'transactionModes', messages: ['at least one transaction mode'] });
  return problems;
}

export function assertSubmittable(listing: SubmissionCandidate): void {
  const problems = submissionProblems(listing);
  if (problems.length > 0) {
    throw new DomainError('LISTING.NOT_SUBMITTABLE', 'rule_violation', 'The listing cannot be submitted yet', { fields: problems });
  }
}
