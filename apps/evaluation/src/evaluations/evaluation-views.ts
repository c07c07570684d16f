import {
  AssignmentView,
  ConsensusView,
  EvaluationSummaryView,
  EvaluationView,
  formatFen,
  IncomeCalculationView,
  PanelMemberView,
  ReviewView,
  RUBRIC_CRITERIA,
  RubricCriterion,
} from '@lib/contracts';
import { Consensus } from '../domain/consensus';
import { IncomeResult } from '../domain/income';
import { AssignmentEntity, EvaluationEntity, ReviewEntity, StoredConsensus, StoredIncome } from './evaluation.entity';

/**
 * Who is looking: operators see everything, expert identities included; the listing's owner sees
 * aliases only, and the result and reviews once published. Experts see their own assignment only
 * (`assignmentViewOf`), the public sees the summary on the listing (`summaryOf`).
 */
export type Audience = 'operator' | 'owner';

const expertOf = (a: AssignmentEntity) => ({ id: a.expertId, name: a.expertName, organisationId: a.expertOrganisationId });

export function storedConsensusOf(consensus: Consensus, round: number): StoredConsensus {
  return {
    scoreTenths: consensus.scoreTenths,
    grade: consensus.grade,
    valuationLowFen: consensus.valuationLowFen.toString(),
    valuationHighFen: consensus.valuationHighFen.toString(),
    dispersionHundredths: consensus.dispersionHundredths,
    dispersionThreshold: consensus.dispersionThreshold,
    flagged: consensus.flagged,
    experts: consensus.experts,
    criteria: consensus.criteria,
    valuationOutliers: consensus.valuationOutliers,
    round,
    computedAt: consensus.computedAt.toISOString(),
  };
}

export function storedIncomeOf(inputs: StoredIncome['inputs'], result: IncomeResult): StoredIncome {
  return {
    inputs,
    presentValueFen: result.presentValueFen.toString(),
    years: result.years.map((y) => ({
      year: y.year,
      revenueFen: y.revenueFen.toString(),
      royaltyFen: y.royaltyFen.toString(),
      discountFactor: y.discountFactor,
      presentValueFen: y.presentValueFen.toString(),
    })),
  };
}

export function incomeViewOf(income: StoredIncome): IncomeCalculationView {
  return {
    presentValue: formatFen(income.presentValueFen),
    years: income.years.map((y) => ({
      year: y.year,
      revenue: formatFen(y.revenueFen),
      royalty: formatFen(y.royaltyFen),
      discountFactor: y.discountFactor,
      presentValue: formatFen(y.presentValueFen),
    })),
    inputs: income.inputs,
  };
}

/** What the public sees on the listing and in the catalogue: no expert, no review. */
export function summaryOf(evaluation: EvaluationEntity): EvaluationSummaryView {
  const result = evaluation.result!;
  return {
    grade: result.grade,
    score: result.scoreTenths / 10,
    valuationLow: formatFen(result.valuationLowFen),
    valuationHigh: formatFen(result.valuationHighFen),
    evaluatedAt: evaluation.publishedAt!.toISOString(),
    experts: result.experts,
  };
}

export function consensusViewOf(result: StoredConsensus, aliasOf: (assignmentId: string) => string): ConsensusView {
  return {
    score: result.scoreTenths / 10,
    grade: result.grade,
    valuationLow: formatFen(result.valuationLowFen),
    valuationHigh: formatFen(result.valuationHighFen),
    dispersion: result.dispersionHundredths / 100,
    dispersionThreshold: result.dispersionThreshold,
    flagged: result.flagged,
    experts: result.experts,
    criteria: result.criteria,
    valuationOutliers: result.valuationOutliers.map(aliasOf),
    computedAt: result.computedAt,
  };
}

export function reviewViewOf(review: ReviewEntity, assignment: AssignmentEntity, withExpert: boolean): ReviewView {
  const scores = Object.fromEntries(
    RUBRIC_CRITERIA.map((criterion) => [criterion, { score: review[criterion], comment: review.comments[criterion] }]),
  ) as ReviewView['scores'];
  return {
    assignmentId: assignment.id,
    alias: assignment.alias,
    round: review.round,
    ...(withExpert ? { expert: expertOf(assignment) } : {}),
    scores,
    weightedScore: review.weightedScoreCenti / 100,
    valuation: {
      low: formatFen(review.valuationLowFen),
      high: formatFen(review.valuationHighFen),
      method: review.method,
      basis: review.basis,
      comparableTradeIds: review.comparableTradeIds,
      income: review.income ? incomeViewOf(review.income) : null,
    },
    submittedAt: review.submittedAt.toISOString(),
  };
}

function panelMemberOf(assignment: AssignmentEntity, withExpert: boolean): PanelMemberView {
  return {
    assignmentId: assignment.id,
    alias: assignment.alias,
    round: assignment.round,
    status: assignment.status,
    deadline: assignment.deadline.toISOString(),
    missed: assignment.missedAt !== null,
    remindedAt: assignment.remindedAt?.toISOString() ?? null,
    submittedAt: assignment.submittedAt?.toISOString() ?? null,
    ...(withExpert ? { expert: expertOf(assignment) } : {}),
  };
}

export function evaluationViewOf(
  evaluation: EvaluationEntity,
  assignments: AssignmentEntity[],
  reviews: ReviewEntity[],
  audience: Audience,
): EvaluationView {
  const operator = audience === 'operator';
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const current = assignments.filter((a) => a.round === evaluation.round).sort(byAlias);
  const published = evaluation.status === 'published';
  const resultVisible = evaluation.result !== null && (operator || published);
  const visibleReviews = operator ? reviews : published ? reviews.filter((r) => r.round === evaluation.result!.round) : [];
  return {
    id: evaluation.id,
    listingId: evaluation.listingId,
    listing: { title: evaluation.listing.title, field: evaluation.field, trl: evaluation.trl },
    status: evaluation.status,
    statusReason: evaluation.statusReason,
    round: evaluation.round,
    requestedBy: evaluation.requestedByRole,
    note: evaluation.note,
    panel: current.map((a) => panelMemberOf(a, operator)),
    progress: {
      panelSize: current.filter((a) => a.status === 'assigned' || a.status === 'submitted').length,
      submitted: current.filter((a) => a.status === 'submitted').length,
    },
    result: resultVisible ? consensusViewOf(evaluation.result!, (id) => byId.get(id)?.alias ?? id) : null,
    reviews: visibleReviews
      .map((r) => reviewViewOf(r, byId.get(r.assignmentId)!, operator))
      .sort((a, b) => a.round - b.round || a.alias.localeCompare(b.alias)),
    flaggedAt: operator || published ? (evaluation.flaggedAt?.toISOString() ?? null) : null,
    publishedAt: evaluation.publishedAt?.toISOString() ?? null,
    createdAt: evaluation.createdAt.toISOString(),
    updatedAt: evaluation.updatedAt.toISOString(),
  };
}

export function assignmentViewOf(assignment: AssignmentEntity, evaluation: EvaluationEntity, review: ReviewEntity | null): AssignmentView {
  return {
    id: assignment.id,
    evaluationId: assignment.evaluationId,
    alias: assignment.alias,
    round: assignment.round,
    status: assignment.status,
    deadline: assignment.deadline.toISOString(),
    missed: assignment.missedAt !== null,
    assignedAt: assignment.assignedAt.toISOString(),
    submittedAt: assignment.submittedAt?.toISOString() ?? null,
    note: evaluation.note,
    listing: evaluation.listing,
    review: review ? reviewViewOf(review, assignment, false) : null,
  };
}

const byAlias = (a: AssignmentEntity, b: AssignmentEntity) => a.alias.localeCompare(b.alias);

export const criterionColumns = (scores: Record<RubricCriterion, { score: number }>) =>
  Object.fromEntries(RUBRIC_CRITERIA.map((c) => [c, scores[c].score])) as Record<RubricCriterion, number>;
