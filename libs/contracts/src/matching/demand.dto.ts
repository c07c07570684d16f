import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';
import { IsIpcCode, normaliseIpcCode } from '../listings/ipc-code';
import { normaliseIpcPrefix } from '../listings/catalogue';
import { DIRECTIONS, Direction } from '../listings/listing-enums';
import { isYuanAmount, parseYuanToFen } from '../listings/money';
import { IsDateOnly, PageQuery, TECHNICAL_FIELDS, TechnicalField, Trim } from '../shared';

/**
 * Demands (需求): what an enterprise (or an institute, for a civ→mil need) is looking for. Posted open
 * at once by a verified organisation; operators hide them afterwards if they must (with a reason).
 */

/** Who may read an open demand: anyone (`public`), or only logged-in users of registered organisations and operators. */
export const DEMAND_VISIBILITIES = ['public', 'registered'] as const;
export type DemandVisibility = (typeof DEMAND_VISIBILITIES)[number];

export const DEMAND_STATUSES = ['open', 'closed', 'hidden'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

export const DEMAND_SORTS = ['relevance', 'newest', 'deadline'] as const;
export type DemandSort = (typeof DEMAND_SORTS)[number];

/** A budget in yuan above zero; null (not this) means negotiable. */
export function IsBudget(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBudget',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isYuanAmount(value) && parseYuanToFen(value) > 0n,
        defaultMessage: (args) =>
          isYuanAmount(args?.value)
            ? `${args?.property} must be more than 0 (null means negotiable)`
            : `${args?.property} must be an amount in yuan with at most 2 decimals, e.g. "1250000.00", or null for negotiable`,
      },
    });
}

const normaliseCodes = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? normaliseIpcCode(v) : v)) : value);
/** Optional on update, but when given it must be a value: null cannot clear a required field. */
const IsPresentIfGiven = () => ValidateIf((_, value) => value !== undefined);

export class DemandFieldsDto {
  @ApiProperty({ example: '风电叶片翼型风洞试验与流场测量', maxLength: 200 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ maxLength: 5000, description: 'What is needed, for what use, with which indicators' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description: string;

  @ApiProperty({ enum: TECHNICAL_FIELDS })
  @IsIn(TECHNICAL_FIELDS)
  field: TechnicalField;

  @ApiProperty({ enum: DIRECTIONS, description: 'The direction of the technology sought: enterprises mostly seek mil_to_civ; institutes post civ_to_mil needs only' })
  @IsIn(DIRECTIONS)
  direction: Direction;

  @ApiProperty({ type: [String], example: ['G01M 9/06'], maxItems: 10, description: 'IPC subclasses or groups of interest; may be empty' })
  @Transform(normaliseCodes)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @IsIpcCode({ each: true })
  ipcCodes: string[];

  @ApiProperty({ minimum: 1, maximum: 9, description: 'Lowest technology readiness level acceptable (GB/T 22900)' })
  @IsInt()
  @Min(1)
  @Max(9)
  minTrl: number;

  @ApiProperty({ example: '2000000.00', nullable: true, description: 'Budget in yuan; null means negotiable (面议)' })
  @ValidateIf((_, value) => value !== null)
  @IsBudget()
  budget: string | null;

  @ApiProperty({ example: '2027-06-30', description: 'Last day (China Standard Time) the demand is open; today at the earliest, at most five years ahead' })
  @IsDateOnly()
  deadline: string;

  @ApiPropertyOptional({ enum: DEMAND_VISIBILITIES, default: 'public' })
  @IsOptional()
  @IsIn(DEMAND_VISIBILITIES)
  visibility?: DemandVisibility;
}

export class CreateDemandDto extends DemandFieldsDto {}

/** A partial update of an open demand. */
export class UpdateDemandDto {
  @ApiPropertyOptional() @IsPresentIfGiven() @Trim() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsPresentIfGiven() @Trim() @IsString() @IsNotEmpty() @MaxLength(5000) description?: string;
  @ApiPropertyOptional({ enum: TECHNICAL_FIELDS }) @IsPresentIfGiven() @IsIn(TECHNICAL_FIELDS) field?: TechnicalField;
  @ApiPropertyOptional({ enum: DIRECTIONS }) @IsPresentIfGiven() @IsIn(DIRECTIONS) direction?: Direction;

  @ApiPropertyOptional({ type: [String] })
  @IsPresentIfGiven()
  @Transform(normaliseCodes)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @IsIpcCode({ each: true })
  ipcCodes?: string[];

  @ApiPropertyOptional() @IsPresentIfGiven() @IsInt() @Min(1) @Max(9) minTrl?: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsBudget()
  budget?: string | null;

  @ApiPropertyOptional() @IsPresentIfGiven() @IsDateOnly() deadline?: string;
  @ApiPropertyOptional({ enum: DEMAND_VISIBILITIES }) @IsPresentIfGiven() @IsIn(DEMAND_VISIBILITIES) visibility?: DemandVisibility;
}

export class DemandRef {
  @IsUUID('4', { message: 'demandId must be a UUID' })
  demandId: string;
}

export class UpdateDemandCommand extends UpdateDemandDto {
  @IsUUID('4') demandId: string;
}

export class CloseDemandDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Why the demand is closed (found a supplier, no longer needed…)' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

export class CloseDemandCommand extends CloseDemandDto {
  @IsUUID('4') demandId: string;
}

export class HideDemandDto {
  @ApiProperty({ maxLength: 1000, description: 'Shown to the owner; kept in the audit log' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export class RestoreDemandDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

export const DemandModeration = { hide: 'hide', restore: 'restore' } as const;
export type DemandModeration = (typeof DemandModeration)[keyof typeof DemandModeration];

export class ModerateDemandCommand extends RestoreDemandDto {
  @IsUUID('4') demandId: string;
  @IsIn(Object.values(DemandModeration)) action: DemandModeration;
}

export class ListDemandsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DEMAND_STATUSES })
  @IsOptional()
  @IsIn(DEMAND_STATUSES)
  status?: DemandStatus;
}

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : String(value).split(','));

/** Searching open demands: full text and filters; anonymous callers see public demands only. */
export class DemandSearchQuery {
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

  @ApiPropertyOptional({ example: 'G01S', description: 'IPC prefix: section, class, subclass, group or full code' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? normaliseIpcPrefix(value) : value))
  @Matches(/^[A-H](\d{2}([A-Z]( \d{1,4}(\/\d{2,6})?)?)?)?$/, { message: 'ipc must be an IPC prefix such as G, G01, G01S or G01S 7/48' })
  ipc?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 9, description: 'Demands a technology at this TRL satisfies (minimum TRL at most this)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9)
  trl?: number;

  @ApiPropertyOptional({ enum: DEMAND_SORTS, default: 'relevance' })
  @IsOptional()
  @IsIn(DEMAND_SORTS)
  sort: DemandSort = 'relevance';

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
