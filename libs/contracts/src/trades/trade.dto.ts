import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsYuanAmount } from '../listings/money';
import { IsDateOnly, PageQuery } from '../shared';

export const TRADE_STATUSES = ['pending_signature', 'signed', 'paid', 'completed', 'disputed', 'refunded', 'cancelled'] as const;
export type TradeStatusName = (typeof TRADE_STATUSES)[number];
export const DISPUTE_RESOLUTIONS = ['completed', 'refunded', 'cancelled'] as const;
export type DisputeResolutionName = (typeof DISPUTE_RESOLUTIONS)[number];

export class TradeRef {
  @IsUUID('4', { message: 'tradeId must be a UUID' }) tradeId: string;
}

export class ContractTermsDto {
  @ApiProperty({ example: '独占许可，许可范围：中国大陆民用无人机领域 / exclusive licence, civil UAVs, mainland China', description: 'What is transferred or licensed, where and for which uses' })
  @IsString() @MinLength(10, { message: 'scope must be at least 10 characters' }) @MaxLength(4000) scope: string;

  @ApiProperty({ example: '2027-01-01' })
  @IsDateOnly() effectiveDate: string;

  @ApiPropertyOptional({ example: '2031-12-31', nullable: true, description: 'For licences: when the licence ends (null: no end)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsDateOnly() expiryDate?: string | null;
}

export class SignTradeDto {
  @ApiProperty({ example: 2, description: 'The terms version the signer has read (from the trade view)' })
  @IsInt() @Min(1) termsVersion: number;
}

export class DisputeTradeDto {
  @ApiProperty({ example: 'Delivered drawings do not match the patent claims' })
  @IsString() @MinLength(5, { message: 'reason must be at least 5 characters' }) @MaxLength(2000) reason: string;
}

export class ResolveDisputeDto {
  @ApiProperty({ enum: DISPUTE_RESOLUTIONS })
  @IsIn(DISPUTE_RESOLUTIONS) outcome: DisputeResolutionName;

  @ApiProperty({ example: 'Both parties agreed to a refund after mediation' })
  @IsString() @MinLength(5, { message: 'reason must be at least 5 characters' }) @MaxLength(2000) reason: string;
}

export class ConfirmTradePaymentDto {
  @ApiProperty({ example: '950000.00', description: 'Must equal the outstanding amount (price minus the applied auction deposit)' })
  @IsString() @IsYuanAmount() amount: string;

  @ApiProperty({ example: 'BANK-20261126-0042', description: 'The bank transfer’s reference; the same reference twice is one payment' })
  @IsString() @Matches(/^[A-Za-z0-9_.:\-/]{4,100}$/, { message: 'reference must be 4-100 characters of letters, digits and _.:-/' }) @MaxLength(100)
  reference: string;
}

export class ListTradesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TRADE_STATUSES }) @IsOptional() @IsIn(TRADE_STATUSES) status?: TradeStatusName;
  @ApiPropertyOptional({ description: 'Operators: only trades flagged for a missed signature deadline' })
  @IsOptional() @IsIn(['true', 'false'], { message: 'flagged must be true or false' }) flagged?: 'true' | 'false';
}

export class TradeTermsCommand extends ContractTermsDto {
  @IsUUID('4') tradeId: string;
}
export class SignTradeCommand extends SignTradeDto {
  @IsUUID('4') tradeId: string;
}
export class DisputeTradeCommand extends DisputeTradeDto {
  @IsUUID('4') tradeId: string;
}
export class ResolveDisputeCommand extends ResolveDisputeDto {
  @IsUUID('4') tradeId: string;
}
export class ConfirmTradePaymentCommand extends ConfirmTradePaymentDto {
  @IsUUID('4') tradeId: string;
}
