import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { QualificationType } from '../identity/enums';
import { IsTimestamp, PageQuery } from '../shared';
import { IsYuanAmount } from '../listings/money';
import { TRANSACTION_MODES, TransactionMode } from '../listings/listing-enums';

export const AUCTION_TYPES = ['english', 'sealed_first_price', 'sealed_second_price', 'dutch'] as const;
export type AuctionTypeName = (typeof AUCTION_TYPES)[number];
export const AUCTION_STATUSES = ['scheduled', 'open', 'paused', 'closed', 'settled', 'cancelled'] as const;
export type AuctionStatus = (typeof AUCTION_STATUSES)[number];

export class SoftCloseDto {
  @ApiProperty({ example: 300, description: 'A bid in the last N seconds…' })
  @IsInt() @Min(1) @Max(86_400) windowSeconds: number;

  @ApiProperty({ example: 300, description: '…extends the end by M seconds' })
  @IsInt() @Min(1) @Max(86_400) extensionSeconds: number;

  @ApiPropertyOptional({ description: 'Extensions never go past this moment', nullable: true })
  @IsOptional() @IsTimestamp() maxEndsAt?: string | null;
}

export class DutchScheduleDto {
  @ApiProperty({ example: '10000.00', description: 'The price falls by this much…' })
  @IsString() @IsYuanAmount() step: string;

  @ApiProperty({ example: 60, description: '…every this many seconds' })
  @IsInt() @Min(1) @Max(86_400) intervalSeconds: number;

  @ApiProperty({ example: '500000.00', description: 'It never falls below this (public)' })
  @IsString() @IsYuanAmount() floorPrice: string;
}

export class CreateAuctionDto {
  @ApiProperty({ format: 'uuid', description: 'A published listing of my organisation' })
  @IsUUID('4', { message: 'listingId must be a UUID' })
  listingId: string;

  @ApiProperty({ enum: AUCTION_TYPES })
  @IsIn(AUCTION_TYPES)
  type: AuctionTypeName;

  @ApiProperty({ example: '1000000.00' })
  @IsString() @IsYuanAmount() startPrice: string;

  @ApiPropertyOptional({ example: '10000.00', description: 'English only: the least a bid must add to the current price' })
  @IsOptional() @IsString() @IsYuanAmount() increment?: string;

  @ApiPropertyOptional({ example: '1500000.00', description: 'Hidden reserve price (not for Dutch)' })
  @IsOptional() @IsString() @IsYuanAmount() reservePrice?: string;

  @ApiProperty({ example: '50000.00', description: 'Deposit (保证金) each bidder must hold to register' })
  @IsString() @IsYuanAmount() deposit: string;

  @ApiProperty({ enum: Object.values(QualificationType), isArray: true, description: 'Qualifications a bidder must hold, at registration and at every bid' })
  @IsArray() @ArrayMaxSize(5) @ArrayUnique() @IsIn(Object.values(QualificationType), { each: true })
  requiredQualifications: QualificationType[];

  @ApiProperty({ example: '2026-12-01T09:00:00+08:00' })
  @IsTimestamp() startsAt: string;

  @ApiProperty({ example: '2026-12-01T17:00:00+08:00' })
  @IsTimestamp() endsAt: string;

  @ApiPropertyOptional({ enum: TRANSACTION_MODES, description: 'What the winner buys: one of the listing’s transaction modes (default: the listing’s first)' })
  @IsOptional() @IsIn(TRANSACTION_MODES) transactionMode?: TransactionMode;

  @ApiPropertyOptional({ type: SoftCloseDto, nullable: true, description: 'English only' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsObject() @ValidateNested() @Type(() => SoftCloseDto)
  softClose?: SoftCloseDto | null;

  @ApiPropertyOptional({ type: DutchScheduleDto, nullable: true, description: 'Dutch only' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsObject() @ValidateNested() @Type(() => DutchScheduleDto)
  dutch?: DutchScheduleDto | null;
}

export class AuctionRef {
  @IsUUID('4', { message: 'auctionId must be a UUID' }) auctionId: string;
}

export class AuctionRefs {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsUUID('4', { each: true, message: 'auctionIds must be UUIDs' }) auctionIds: string[];
}

export class PlaceBidDto {
  @ApiPropertyOptional({
    example: '1200000.00',
    description: 'English: your maximum (the engine bids for you by the increment up to it). Sealed: your bid. Dutch: omit to accept the current price.',
  })
  @IsOptional() @IsString() @IsYuanAmount() amount?: string;
}

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

export class PlaceBidCommand extends PlaceBidDto {
  @IsUUID('4') auctionId: string;
  @Matches(IDEMPOTENCY_KEY, { message: 'Idempotency-Key must be 8-100 characters of [A-Za-z0-9_.:-]' }) idempotencyKey: string;
}

export class TopUpDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'organisationId must be a UUID' }) organisationId: string;
  @ApiProperty({ example: '200000.00' }) @IsString() @IsYuanAmount() amount: string;
  @ApiProperty({ example: 'BANK-20261126-0042', description: 'The payment’s reference (bank transfer number)' })
  @IsString() @Matches(/^[A-Za-z0-9_.:\-/]{4,100}$/, { message: 'reference must be 4-100 characters of letters, digits and _.:-/' }) @MaxLength(100)
  reference: string;
}

export class ListAuctionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUCTION_STATUSES }) @IsOptional() @IsIn(AUCTION_STATUSES) status?: AuctionStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') listingId?: string;
}

export const AUCTION_MODERATIONS = ['pause', 'resume', 'cancel'] as const;
export type AuctionModeration = (typeof AUCTION_MODERATIONS)[number];

export class ModerateAuctionDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Required to pause or cancel' })
  @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

export class ModerateAuctionCommand extends ModerateAuctionDto {
  @IsUUID('4') auctionId: string;
  @IsIn(AUCTION_MODERATIONS) action: AuctionModeration;
}
