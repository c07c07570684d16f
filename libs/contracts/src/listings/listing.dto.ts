import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
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
import { IsDateOnly, PageQuery, TECHNICAL_FIELDS, TechnicalField, Trim } from '../shared';
import { IsIpcCode, normaliseIpcCode } from './ipc-code';
import { DIRECTIONS, Direction, DossierAccessPolicy, LISTING_STATUSES, ListingAction, ListingStatus, SECRECY_LEVELS, SecrecyLevel, TRANSACTION_MODES, TransactionMode } from './listing-enums';
import { IsYuanAmount } from './money';
import { IsChinesePatentNumber, normalisePatentNumber, PATENT_KINDS, PatentKind } from './patent-number';

export class PatentDto {
  @ApiProperty({ example: 'ZL201710601862.3', description: 'Application or patent number with its check digit; ZL for granted patents' })
  @Transform(({ value }) => (typeof value === 'string' ? normalisePatentNumber(value) : value))
  @IsString()
  @IsChinesePatentNumber()
  number: string;

  @ApiProperty({ enum: PATENT_KINDS })
  @IsIn(PATENT_KINDS)
  kind: PatentKind;

  @ApiProperty({ description: '国防专利: a national defence patent' })
  @IsBoolean()
  nationalDefence: boolean;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;
}

export class DeclassificationDto {
  @ApiProperty({ example: '科工密解〔2024〕118号', maxLength: 100, description: '解密批准文号' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  decisionNumber: string;

  @ApiProperty({ example: '国家国防科技工业局', maxLength: 200 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  authority: string;

  @ApiProperty({ example: '2024-06-30' })
  @IsDateOnly()
  decisionDate: string;
}

const TOP_SECRET = ['top_secret', 'topsecret', '绝密'];

/** Optional on update, but when given it must be a value: null cannot clear a required field. */
const IsPresentIfGiven = () => ValidateIf((_, value) => value !== undefined);

/** Fields an owner writes; every one is optional on update, required where marked on create. */
export class ListingFieldsDto {
  @ApiProperty({ example: '高超声速风洞气动测试技术', maxLength: 200 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ maxLength: 1000, description: 'Public summary' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  summary: string;

  @ApiProperty({ maxLength: 20000, description: 'Full description: shown to the owner, operators and those allowed the dossier' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  description: string;

  @ApiProperty({ enum: DIRECTIONS })
  @IsIn(DIRECTIONS)
  direction: Direction;

  @ApiProperty({ enum: TECHNICAL_FIELDS })
  @IsIn(TECHNICAL_FIELDS)
  field: TechnicalField;

  @ApiProperty({ type: [String], example: ['G01M 9/06', 'G01S 7/48'], maxItems: 10 })
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? normaliseIpcCode(v) : v)) : value))
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @IsIpcCode({ each: true })
  ipcCodes: string[];

  @ApiProperty({ minimum: 1, maximum: 9, description: 'Technology readiness level (GB/T 22900)' })
  @IsInt()
  @Min(1)
  @Max(9)
  trl: number;

  @ApiProperty({ type: [PatentDto], maxItems: 20 })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PatentDto)
  patents: PatentDto[];

  @ApiProperty({ enum: TRANSACTION_MODES, isArray: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(TRANSACTION_MODES, { each: true })
  transactionModes: TransactionMode[];

  @ApiPropertyOptional({ example: '1250000.00', nullable: true, description: 'Asking price in yuan; null means negotiable (面议)' })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @IsYuanAmount()
  askingPrice: string | null;

  @ApiProperty({ enum: SECRECY_LEVELS, description: 'Origin secrecy level; top secret is refused' })
  @IsIn(SECRECY_LEVELS, {
    message: ({ value }) =>
      typeof value === 'string' && TOP_SECRET.includes(value.toLowerCase())
        ? 'secrecyLevel top secret (绝密) is refused outright: such achievements cannot be listed'
        : `secrecyLevel must be one of: ${SECRECY_LEVELS.join(', ')}`,
  })
  secrecyLevel: SecrecyLevel;

  @ApiPropertyOptional({ type: DeclassificationDto, nullable: true, description: 'Required before submission when secrecyLevel is above public' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsObject({ message: 'declassification must be an object with decisionNumber, authority and decisionDate' })
  @ValidateNested()
  @Type(() => DeclassificationDto)
  declassification?: DeclassificationDto | null;

  @ApiPropertyOptional({ enum: Object.values(DossierAccessPolicy), default: 'by_grant' })
  @IsOptional()
  @IsIn(Object.values(DossierAccessPolicy))
  dossierAccess?: DossierAccessPolicy;
}

export class CreateListingDto extends ListingFieldsDto {}

/** A partial update; only drafts and rejected listings can be edited (a rejected one returns to draft). */
export class UpdateListingDto {
  @ApiPropertyOptional() @IsPresentIfGiven() @Trim() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsPresentIfGiven() @Trim() @IsString() @IsNotEmpty() @MaxLength(1000) summary?: string;
  @ApiPropertyOptional() @IsPresentIfGiven() @Trim() @IsString() @IsNotEmpty() @MaxLength(20000) description?: string;
  @ApiPropertyOptional({ enum: DIRECTIONS }) @IsPresentIfGiven() @IsIn(DIRECTIONS) direction?: Direction;
  @ApiPropertyOptional({ enum: TECHNICAL_FIELDS }) @IsPresentIfGiven() @IsIn(TECHNICAL_FIELDS) field?: TechnicalField;

  @ApiPropertyOptional({ type: [String] })
  @IsPresentIfGiven()
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? normaliseIpcCode(v) : v)) : value))
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @IsIpcCode({ each: true })
  ipcCodes?: string[];

  @ApiPropertyOptional() @IsPresentIfGiven() @IsInt() @Min(1) @Max(9) trl?: number;

  @ApiPropertyOptional({ type: [PatentDto] })
  @IsPresentIfGiven()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PatentDto)
  patents?: PatentDto[];

  @ApiPropertyOptional({ enum: TRANSACTION_MODES, isArray: true })
  @IsPresentIfGiven()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(TRANSACTION_MODES, { each: true })
  transactionModes?: TransactionMode[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @IsYuanAmount()
  askingPrice?: string | null;

  @ApiPropertyOptional({ enum: SECRECY_LEVELS })
  @IsPresentIfGiven()
  @IsIn(SECRECY_LEVELS, {
    message: ({ value }) =>
      typeof value === 'string' && TOP_SECRET.includes(value.toLowerCase())
        ? 'secrecyLevel top secret (绝密) is refused outright: such achievements cannot be listed'
        : `secrecyLevel must be one of: ${SECRECY_LEVELS.join(', ')}`,
  })
  secrecyLevel?: SecrecyLevel;

  @ApiPropertyOptional({ type: DeclassificationDto, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsObject({ message: 'declassification must be an object with decisionNumber, authority and decisionDate' })
  @ValidateNested()
  @Type(() => DeclassificationDto)
  declassification?: DeclassificationDto | null;

  @ApiPropertyOptional({ enum: Object.values(DossierAccessPolicy) })
  @IsPresentIfGiven()
  @IsIn(Object.values(DossierAccessPolicy))
  dossierAccess?: DossierAccessPolicy;
}

export class UpdateListingCommand extends UpdateListingDto {
  @IsUUID('4') listingId: string;
}

export class ListingRef {
  @IsUUID('4', { message: 'listingId must be a UUID' })
  listingId: string;
}

export class ListingTransitionDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Required to reject or suspend' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

export class ListingTransitionCommand extends ListingTransitionDto {
  @IsUUID('4') listingId: string;
  @IsIn(Object.values(ListingAction)) action: ListingAction;
}

export class ListListingsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LISTING_STATUSES })
  @IsOptional()
  @IsIn(LISTING_STATUSES)
  status?: ListingStatus;
}

export class DossierDto {
  @ApiProperty({ maxLength: 100000, description: 'Restricted technical content (specifications, test data, process notes)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  content: string;
}

export class DossierCommand extends DossierDto {
  @IsUUID('4') listingId: string;
}

export class DossierGrantDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'organisationId must be a UUID' })
  organisationId: string;
}

export class DossierGrantCommand extends DossierGrantDto {
  @IsUUID('4') listingId: string;
}

export class DossierGrantParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'id must be a UUID' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'organisationId must be a UUID' })
  organisationId: string;
}
