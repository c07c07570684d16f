import { AssignmentListingView, AssignmentStatus, CriterionScoreView, EvaluationStatus, RubricCriterion, TechnicalField, ValuationMethod } from '@lib/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** The consensus as stored (fen as decimal strings of integers, so jsonb keeps them exact). */
export interface StoredConsensus {
  scoreTenths: number;
  grade: string;
  valuationLowFen: string;
  valuationHighFen: string;
  dispersionHundredths: number;
  dispersionThreshold: number;
  flagged: boolean;
  experts: number;
  criteria: Record<RubricCriterion, number>;
  /** Assignment ids of the reviews whose range does not overlap the consensus range. */
  valuationOutliers: string[];
  round: number;
  computedAt: string;
}

@Entity({ schema: 'evaluation', name: 'evaluations' })
export class EvaluationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId: string;
  @Column({ name: 'listing_organisation_id', type: 'uuid' }) listingOrganisationId: string;
  /** What the panel evaluates: the listing as it was when the request was made, refreshed when a panel is assigned. */
  @Column({ type: 'jsonb' }) listing: AssignmentListingView;
  @Column('text') field: TechnicalField;
  @Column('smallint') trl: number;
  @Column('text') status: EvaluationStatus;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason: string | null;
  @Column('integer') round: number;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy: string;
  @Column({ name: 'requested_by_role', type: 'text' }) requestedByRole: 'owner' | 'operator';
  @Column({ type: 'jsonb', nullable: true }) result: StoredConsensus | null;
  @Column({ name: 'flagged_at', type: 'timestamptz', nullable: true }) flaggedAt: Date | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  /** When the listings service confirmed it shows the published result (null: still to be recorded). */
  @Column({ name: 'listing_recorded_at', type: 'timestamptz', nullable: true }) listingRecordedAt: Date | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ schema: 'evaluation', name: 'assignments' })
export class AssignmentEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'evaluation_id', type: 'uuid' }) evaluationId: string;
  @Column('integer') round: number;
  @Column({ name: 'expert_id', type: 'uuid' }) expertId: string;
  /** Operators only: never shown to the owner, the public or other experts. */
  @Column({ name: 'expert_name', type: 'text' }) expertName: string;
  @Column({ name: 'expert_organisation_id', type: 'uuid', nullable: true }) expertOrganisationId: string | null;
  /** How the owner sees this expert: `专家 01`, numbered within the evaluation. */
  @Column('text') alias: string;
  @Column('text') status: AssignmentStatus;
  @Column({ type: 'timestamptz' }) deadline: Date;
  @Column({ name: 'reminder_at', type: 'timestamptz' }) reminderAt: Date;
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true }) remindedAt: Date | null;
  @Column({ name: 'missed_at', type: 'timestamptz', nullable: true }) missedAt: Date | null;
  @Column({ name: 'assigned_by', type: 'uuid' }) assignedBy: string;
  @Column({ name: 'assigned_at', type: 'timestamptz' }) assignedAt: Date;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ name: 'replaced_at', type: 'timestamptz', nullable: true }) replacedAt: Date | null;
  @Column({ name: 'replacement_id', type: 'uuid', nullable: true }) replacementId: string | null;
  @Column({ name: 'replace_reason', type: 'text', nullable: true }) replaceReason: string | null;
}

export interface StoredIncome {
  inputs: { revenueForecast: string[]; royaltyRate: string; discountRate: string; years: number };
  presentValueFen: string;
  years: { year: number; revenueFen: string; royaltyFen: string; discountFactor: string; presentValueFen: string }[];
}

/** A submitted review. Final: the database refuses UPDATE and DELETE on this table. */
@Entity({ schema: 'evaluation', name: 'reviews' })
export class ReviewEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'assignment_id', type: 'uuid' }) assignmentId: string;
  @Column({ name: 'evaluation_id', type: 'uuid' }) evaluationId: string;
  @Column('integer') round: number;
  @Column({ name: 'expert_id', type: 'uuid' }) expertId: string;
  @Column({ name: 'technical_advancement', type: 'smallint' }) technicalAdvancement: number;
  @Column('smallint') maturity: number;
  @Column({ name: 'ip_strength', type: 'smallint' }) ipStrength: number;
  @Column({ name: 'market_prospect', type: 'smallint' }) marketProspect: number;
  @Column({ name: 'dual_use_value', type: 'smallint' }) dualUseValue: number;
  @Column('jsonb') comments: Record<RubricCriterion, string>;
  @Column({ name: 'weighted_score_centi', type: 'integer' }) weightedScoreCenti: number;
  @Column({ name: 'valuation_low_fen', type: 'bigint' }) valuationLowFen: string;
  @Column({ name: 'valuation_high_fen', type: 'bigint' }) valuationHighFen: string;
  @Column('text') method: ValuationMethod;
  @Column('text') basis: string;
  @Column({ name: 'comparable_trade_ids', type: 'uuid', array: true }) comparableTradeIds: string[];
  @Column({ type: 'jsonb', nullable: true }) income: StoredIncome | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
}

export type ScoresOf = Record<RubricCriterion, CriterionScoreView>;
