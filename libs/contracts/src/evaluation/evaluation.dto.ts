import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsTimestamp, PageQuery, Trim } from '../shared';
import { IsYuanAmount } from '../listings/money';
import { IsPercent } from './percent';

/** The fixed rubric (BRIEF.md "Evaluation"): each criterion scored 0–100 with a comment. */
export const RUBRIC_CRITERIA = ['technicalAdvancement', 'maturity', 'ipStrength', 'marketProspect', 'dualUseValue'] as const;
export type RubricCriterion = (typeof RUBRIC_CRITERIA)[number];

export const VALUATION_METHODS = ['cost', 'market', 'income'] as const;
export type ValuationMethod = (typeof VALUATION_METHODS)[number];

/**
 * requested → in_review (panel assigned) → published, or → flagged (the panel disagrees beyond the
 * threshold) → published (operator confirms) or → requested again (sent back: a new panel, a new
 * round); cancelled from any state before publication.
 */
export const EVALUATION_STATUSES = ['requested', 'in_review', 'flagged', 'published', 'cancelled'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

export const ASSIGNMENT_STATUSES = ['assigned', 'submitted', 'replaced', 'withdrawn'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const PANEL_MIN_SIZE = 3;
export const PANEL_MAX_SIZE = 9;

export class RequestEvaluationDto {
  @ApiProperty({ format: 'uuid', description: 'A listing of my organisation (operators: any listing) in draft, review or published' })
  @IsUUID('4', { message: 'listingId must be a UUID' })
  listingId: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'What the panel should know (shown to operators and the panel)' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note?: string;
}

export class EvaluationRef {
  @IsUUID('4', { message: 'evaluationId must be a UUID' }) evaluationId: string;
}

export class ListEvaluationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EVALUATION_STATUSES }) @IsOptional() @IsIn(EVALUATION_STATUSES) status?: EvaluationStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4', { message: 'listingId must be a UUID' }) listingId?: string;
}

export class AssignPanelDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: PANEL_MIN_SIZE, maxItems: PANEL_MAX_SIZE, description: 'Experts of the listing’s field, none with a conflict of interest' })
  @IsArray({ message: 'expertIds must be a list' })
  @ArrayMinSize(PANEL_MIN_SIZE, { message: `expertIds must name at least ${PANEL_MIN_SIZE} experts` })
  @ArrayMaxSize(PANEL_MAX_SIZE, { message: `expertIds must name at most ${PANEL_MAX_SIZE} experts` })
  @ArrayUnique({ message: 'expertIds must not name an expert twice' })
  @IsUUID('4', { each: true, message: 'each of expertIds must be a UUID' })
  expertIds: string[];

  @ApiProperty({ example: '2026-12-15T18:00:00+08:00', description: 'When every review is due; reminders go out before it' })
  @IsTimestamp()
  deadline: string;
}

export class AssignPanelCommand extends AssignPanelDto {
  @IsUUID('4') evaluationId: string;
}

export class ReplaceExpertDto {
  @ApiProperty({ format: 'uuid', description: 'The expert who takes over the missed assignment' })
  @IsUUID('4', { message: 'expertId must be a UUID' })
  expertId: string;

  @ApiProperty({ example: '2026-12-22T18:00:00+08:00', description: 'The new expert’s deadline' })
  @IsTimestamp()
  deadline: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

export class ReplaceExpertCommand extends ReplaceExpertDto {
  @IsUUID('4') evaluationId: string;
  @IsUUID('4') assignmentId: string;
}

export const EVALUATION_DECISIONS = ['confirm', 'send_back', 'cancel'] as const;
export type EvaluationDecision = (typeof EVALUATION_DECISIONS)[number];

export class EvaluationDecisionDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Required to send back or cancel' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class EvaluationDecisionCommand extends EvaluationDecisionDto {
  @IsUUID('4') evaluationId: string;
  @IsIn(EVALUATION_DECISIONS) action: EvaluationDecision;
}

export class CriterionScoreDto {
  @ApiProperty({ minimum: 0, maximum: 100, example: 80 })
  @IsInt()
  @Min(0)
  @Max(100)
  score: number;

  @ApiProperty({ maxLength: 2000, example: '测力天平精度达到国内先进水平。' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment: string;
}

const Criterion = () => applyDecorators(ApiProperty({ type: CriterionScoreDto }), IsObject(), ValidateNested(), Type(() => CriterionScoreDto));

export class RubricScoresDto {
  @Criterion() technicalAdvancement: CriterionScoreDto;
  @Criterion() maturity: CriterionScoreDto;
  @Criterion() ipStrength: CriterionScoreDto;
  @Criterion() marketProspect: CriterionScoreDto;
  @Criterion() dualUseValue: CriterionScoreDto;
}

export const INCOME_MAX_YEARS = 20;

/** The discounted-royalty calculator's inputs: PV = Σ revenue(t) × royalty ÷ (1 + discount)^t, t = 1…years. */
export class IncomeInputsDto {
  @ApiProperty({
    type: [String],
    example: ['1000000.00', '1200000.00'],
    description: 'Forecast annual revenue in yuan, year 1 first; years beyond the list repeat its last value',
  })
  @IsArray({ message: 'revenueForecast must be a list' })
  @ArrayMinSize(1, { message: 'revenueForecast must give at least one year' })
  @ArrayMaxSize(INCOME_MAX_YEARS, { message: `revenueForecast must give at most ${INCOME_MAX_YEARS} years` })
  @IsYuanAmount({ each: true, message: 'each of revenueForecast must be an amount in yuan with at most 2 decimals, e.g. "1250000.00"' })
  revenueForecast: string[];

  @ApiProperty({ example: '5', description: 'Royalty rate, percent of revenue' })
  @IsPercent()
  royaltyRate: string;

  @ApiProperty({ example: '10', description: 'Discount rate, percent a year' })
  @IsPercent()
  discountRate: string;

  @ApiProperty({ minimum: 1, maximum: INCOME_MAX_YEARS, example: 5 })
  @IsInt()
  @Min(1)
  @Max(INCOME_MAX_YEARS)
  years: number;
}

export class ValuationDto {
  @ApiProperty({ example: '1000000.00', description: 'Yuan' })
  @IsYuanAmount()
  low: string;

  @ApiProperty({ example: '1500000.00', description: 'Yuan, at least low' })
  @IsYuanAmount()
  high: string;

  @ApiProperty({ enum: VALUATION_METHODS })
  @IsIn(VALUATION_METHODS)
  method: ValuationMethod;

  @ApiProperty({ maxLength: 2000, description: 'How the range was reached' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  basis: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Market method: the comparable trades relied on' })
  @IsOptional()
  @IsArray({ message: 'comparableTradeIds must be a list' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('4', { each: true, message: 'each of comparableTradeIds must be a UUID' })
  comparableTradeIds?: string[];

  @ApiPropertyOptional({ type: IncomeInputsDto, nullable: true, description: 'Income method: the calculator inputs, recomputed and kept with the review' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => IncomeInputsDto)
  income?: IncomeInputsDto | null;
}

export class SubmitReviewDto {
  @ApiProperty({ type: RubricScoresDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RubricScoresDto)
  scores: RubricScoresDto;

  @ApiProperty({ type: ValuationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ValuationDto)
  valuation: ValuationDto;
}

export class SubmitReviewCommand extends SubmitReviewDto {
  @IsUUID('4') assignmentId: string;
}

export class AssignmentRef {
  @IsUUID('4', { message: 'assignmentId must be a UUID' }) assignmentId: string;
}

export class ListAssignmentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES }) @IsOptional() @IsIn(ASSIGNMENT_STATUSES) status?: AssignmentStatus;
}

export class ComparablesQueryDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 3, default: 1, description: 'Trades whose listing TRL is within this many levels of this listing’s' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3)
  trlBand = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit = 20;
}

export class AssignmentComparablesQuery extends ComparablesQueryDto {
  @IsUUID('4') assignmentId: string;
}

export const DEADLINE_KINDS = ['reminder', 'missed'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Worker → evaluation: a reminder or deadline of one assignment has come (idempotent). */
export class DeadlineCommand {
  @IsUUID('4') assignmentId: string;
  @IsIn(DEADLINE_KINDS) kind: DeadlineKind;
}

export class DeadlinesDueQuery {
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit: number;
}

/** Path parameters of an assignment within an evaluation. */
export class EvaluationAssignmentParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'id must be a UUID' }) id: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'assignmentId must be a UUID' }) assignmentId: string;
}
