import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TechnicalField } from '../shared/technical-field';
import type { Direction, TransactionMode } from '../listings/listing-enums';
import type { PatentView } from '../listings/listing.views';
import type { AssignmentStatus, EvaluationStatus, RubricCriterion, ValuationMethod } from './evaluation.dto';

export class CriterionScoreView {
  @ApiProperty() score: number;
  @ApiProperty() comment: string;
}

export class IncomeYearView {
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Yuan' }) revenue: string;
  @ApiProperty({ description: 'Yuan: revenue × royalty rate' }) royalty: string;
  @ApiProperty({ description: '1 ÷ (1 + discount rate)^year, 6 decimals' }) discountFactor: string;
  @ApiProperty({ description: 'Yuan: royalty × discount factor' }) presentValue: string;
}

/** The discounted-royalty calculator's answer. The total is computed exactly and rounded once, to the fen. */
export class IncomeCalculationView {
  @ApiProperty({ description: 'Yuan' }) presentValue: string;
  @ApiProperty({ type: [IncomeYearView] }) years: IncomeYearView[];
  @ApiProperty() inputs: { revenueForecast: string[]; royaltyRate: string; discountRate: string; years: number };
}

export class ValuationView {
  @ApiProperty() low: string;
  @ApiProperty() high: string;
  @ApiProperty({ enum: ['cost', 'market', 'income'] }) method: ValuationMethod;
  @ApiProperty() basis: string;
  @ApiProperty({ type: [String] }) comparableTradeIds: string[];
  @ApiPropertyOptional({ type: IncomeCalculationView, nullable: true }) income: IncomeCalculationView | null;
}

export class ExpertRefView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ nullable: true }) organisationId: string | null;
}

/** One expert's review. `expert` only for operators; owners see the alias only. */
export class ReviewView {
  @ApiProperty() assignmentId: string;
  @ApiProperty({ example: '专家 01' }) alias: string;
  @ApiProperty() round: number;
  @ApiPropertyOptional({ type: ExpertRefView, description: 'Operators only' }) expert?: ExpertRefView;
  @ApiProperty() scores: Record<RubricCriterion, CriterionScoreView>;
  @ApiProperty({ description: 'The rubric weighted (see docs/evaluation.md), 0–100' }) weightedScore: number;
  @ApiProperty({ type: ValuationView }) valuation: ValuationView;
  @ApiProperty() submittedAt: string;
}

export class ConsensusView {
  @ApiProperty({ description: 'Mean of the experts’ weighted scores, 1 decimal' }) score: number;
  @ApiProperty({ enum: ['A', 'B', 'C', 'D'] }) grade: string;
  @ApiProperty({ description: 'Yuan: the median of the experts’ lows' }) valuationLow: string;
  @ApiProperty({ description: 'Yuan: the median of the experts’ highs' }) valuationHigh: string;
  @ApiProperty({ description: 'Standard deviation of the experts’ weighted scores, in points' }) dispersion: number;
  @ApiProperty() dispersionThreshold: number;
  @ApiProperty({ description: 'Dispersion beyond the threshold: the operator confirms or sends back' }) flagged: boolean;
  @ApiProperty() experts: number;
  @ApiProperty({ description: 'Panel mean of each criterion' }) criteria: Record<RubricCriterion, number>;
  @ApiProperty({ type: [String], description: 'Aliases of reviews whose range does not overlap the consensus range' }) valuationOutliers: string[];
  @ApiProperty() computedAt: string;
}

export class PanelMemberView {
  @ApiProperty() assignmentId: string;
  @ApiProperty() alias: string;
  @ApiProperty() round: number;
  @ApiProperty({ enum: ['assigned', 'submitted', 'replaced', 'withdrawn'] }) status: AssignmentStatus;
  @ApiProperty() deadline: string;
  @ApiProperty({ description: 'The deadline passed without a review' }) missed: boolean;
  @ApiPropertyOptional({ nullable: true }) remindedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) submittedAt: string | null;
  @ApiPropertyOptional({ type: ExpertRefView, description: 'Operators only' }) expert?: ExpertRefView;
}

/**
 * An evaluation as operators (everything) and the listing's owner (no expert identities; the
 * result and reviews once published) see it.
 */
export class EvaluationView {
  @ApiProperty() id: string;
  @ApiProperty() listingId: string;
  @ApiProperty() listing: { title: string; field: TechnicalField; trl: number };
  @ApiProperty({ enum: ['requested', 'in_review', 'flagged', 'published', 'cancelled'] }) status: EvaluationStatus;
  @ApiPropertyOptional({ nullable: true }) statusReason: string | null;
  @ApiProperty({ description: '1, then one more each time a flagged result is sent back' }) round: number;
  @ApiProperty({ enum: ['owner', 'operator'] }) requestedBy: 'owner' | 'operator';
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiProperty({ type: [PanelMemberView], description: 'The panel of the current round' }) panel: PanelMemberView[];
  @ApiProperty() progress: { panelSize: number; submitted: number };
  @ApiPropertyOptional({ type: ConsensusView, nullable: true }) result: ConsensusView | null;
  @ApiProperty({ type: [ReviewView] }) reviews: ReviewView[];
  @ApiPropertyOptional({ nullable: true }) flaggedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) publishedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** What the panel evaluates: the listing as it was when the panel was assigned. */
export class AssignmentListingView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() description: string;
  @ApiProperty() direction: Direction;
  @ApiProperty() field: TechnicalField;
  @ApiProperty() trl: number;
  @ApiProperty({ type: [String] }) ipcCodes: string[];
  @ApiProperty() patents: PatentView[];
  @ApiProperty({ type: [String] }) transactionModes: TransactionMode[];
  @ApiPropertyOptional({ nullable: true }) askingPrice: string | null;
}

/** An expert's assignment in their list: what it is about and when it is due. */
export class AssignmentSummaryView {
  @ApiProperty() id: string;
  @ApiProperty() evaluationId: string;
  @ApiProperty() alias: string;
  @ApiProperty() round: number;
  @ApiProperty({ enum: ['assigned', 'submitted', 'replaced', 'withdrawn'] }) status: AssignmentStatus;
  @ApiProperty() deadline: string;
  @ApiProperty() missed: boolean;
  @ApiProperty() assignedAt: string;
  @ApiPropertyOptional({ nullable: true }) submittedAt: string | null;
  @ApiProperty() listing: { id: string; title: string; field: TechnicalField; trl: number };
}

/** An expert's own assignment. Never another expert's identity or review. */
export class AssignmentView {
  @ApiProperty() id: string;
  @ApiProperty() evaluationId: string;
  @ApiProperty() alias: string;
  @ApiProperty() round: number;
  @ApiProperty({ enum: ['assigned', 'submitted', 'replaced', 'withdrawn'] }) status: AssignmentStatus;
  @ApiProperty() deadline: string;
  @ApiProperty() missed: boolean;
  @ApiProperty() assignedAt: string;
  @ApiPropertyOptional({ nullable: true }) submittedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiProperty({ type: AssignmentListingView }) listing: AssignmentListingView;
  @ApiPropertyOptional({ type: ReviewView, nullable: true }) review: ReviewView | null;
}

export class ComparablesView {
  @ApiProperty() field: TechnicalField;
  @ApiProperty() trlMin: number;
  @ApiProperty() trlMax: number;
  @ApiProperty({ description: 'Settled trades: no parties, only what prices them' }) trades: import('../trades/trade.patterns').ComparableTrade[];
}

export type DeadlineAnswer =
  | { state: 'done'; already: boolean }
  | { state: 'not_due'; dueAt: string }
  | { state: 'not_applicable'; reason: string };

export interface DueDeadline {
  assignmentId: string;
  kind: 'reminder' | 'missed';
  dueAt: string;
}
