import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { TECHNICAL_FIELDS, TechnicalField } from '../shared';
import { IsYuanAmount } from './money';
import { DIRECTIONS, Direction, TRANSACTION_MODES, TransactionMode } from './listing-enums';

/** Grades of a published evaluation (A best), as the evaluation service awards them. */
export const EVALUATION_GRADES = ['A', 'B', 'C', 'D'] as const;
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];

/** The document of a published listing in the Meilisearch catalogue: the public part, shaped for search. */
export interface CatalogueDocument {
  id: string;
  title: string;
  summary: string;
  direction: Direction;
  field: TechnicalField;
  ipcCodes: string[];
  /** Every level of every IPC code (`G`, `G01`, `G01S`, `G01S 7`, `G01S 7/48`), for prefix filters. */
  ipcPrefixes: string[];
  trl: number;
  transactionModes: TransactionMode[];
  askingPrice: string | null;
  /** Fen as a number for range filters and sorting; null when negotiable. */
  askingPriceFen: number | null;
  priceNegotiable: boolean;
  hasEvaluation: boolean;
  evaluationGrade: string | null;
  evaluation: unknown;
  /** Milliseconds since the epoch, for sorting by newest. */
  publishedAt: number;
  publishedAtIso: string;
}

export const CATALOGUE_SORTS = ['relevance', 'newest', 'price_asc', 'price_desc', 'trl_desc'] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

/**
 * An IPC prefix typed any way a listing's code may be typed (`g01s7/48`, `G01S 007/48`) in the
 * canonical form codes are indexed under (`G01S 7/48`); anything unrecognisable is left for
 * the validator to refuse.
 */
export function normaliseIpcPrefix(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  const match = /^([A-H])(\d{2})?([A-Z])?(\d{1,4})?(\/\d{2,6})?$/.exec(compact);
  if (!match || (match[4] && !match[3]) || (match[3] && !match[2]) || (match[5] && !match[4])) return value.trim().toUpperCase();
  const [, section, klass = '', subclass = '', group, subgroup = ''] = match;
  return `${section}${klass}${subclass}${group ? ` ${String(Number(group))}${subgroup}` : ''}`;
}

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : String(value).split(','));

export class CatalogueQuery {
  @ApiPropertyOptional({ maxLength: 200, description: 'Full-text query, Chinese or English' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: TECHNICAL_FIELDS, isArray: true, description: 'One or more, comma-separated' })
  @IsOptional()
  @Transform(toArray)
  @ArrayMaxSize(12)
  @IsIn(TECHNICAL_FIELDS, { each: true })
  field?: TechnicalField[];

  @ApiPropertyOptional({ enum: DIRECTIONS })
  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @ApiPropertyOptional({ minimum: 1, maximum: 9 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9)
  trlMin?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 9 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9)
  trlMax?: number;

  @ApiPropertyOptional({ example: 'G01S', description: 'IPC prefix: section, class, subclass, group or full code' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? normaliseIpcPrefix(value) : value))
  @Matches(/^[A-H](\d{2}([A-Z]( \d{1,4}(\/\d{2,6})?)?)?)?$/, { message: 'ipc must be an IPC prefix such as G, G01, G01S or G01S 7/48' })
  ipc?: string;

  @ApiPropertyOptional({ enum: TRANSACTION_MODES, isArray: true, description: 'Listings offering any of these modes' })
  @IsOptional()
  @Transform(toArray)
  @ArrayMaxSize(5)
  @IsIn(TRANSACTION_MODES, { each: true })
  mode?: TransactionMode[];

  @ApiPropertyOptional({ example: '100000.00', description: 'Yuan; negotiable listings are excluded by a price filter' })
  @IsOptional()
  @IsYuanAmount()
  priceMin?: string;

  @ApiPropertyOptional({ example: '5000000.00' })
  @IsOptional()
  @IsYuanAmount()
  priceMax?: string;

  @ApiPropertyOptional({ description: 'Only listings with a published evaluation' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  hasEvaluation?: boolean;

  @ApiPropertyOptional({ enum: EVALUATION_GRADES, isArray: true, description: 'Listings whose published evaluation has one of these grades' })
  @IsOptional()
  @Transform(toArray)
  @ArrayMaxSize(4)
  @IsIn(EVALUATION_GRADES, { each: true })
  grade?: EvaluationGrade[];

  @ApiPropertyOptional({ enum: CATALOGUE_SORTS, default: 'relevance' })
  @IsOptional()
  @IsIn(CATALOGUE_SORTS)
  sort: CatalogueSort = 'relevance';

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize = 20;
}

export interface CatalogueHit {
  listing: Omit<CatalogueDocument, 'ipcPrefixes' | 'askingPriceFen' | 'publishedAt' | 'publishedAtIso' | 'evaluationGrade' | 'hasEvaluation'> & {
    publishedAt: string;
  };
  /** Title and summary with matches wrapped in <mark></mark>; the rest of the text is HTML-escaped. */
  highlight: { title: string; summary: string };
}

export interface CatalogueResult {
  hits: CatalogueHit[];
  page: number;
  pageSize: number;
  total: number;
  facets: Record<'field' | 'direction' | 'transactionModes' | 'trl' | 'hasEvaluation' | 'evaluationGrade', Record<string, number>>;
  processingTimeMs: number;
}
