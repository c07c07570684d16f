import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, registerDecorator, ValidationOptions } from 'class-validator';
import { TRANSACTION_MODES, TransactionMode } from '../listings/listing-enums';
import { isYuanAmount, IsYuanAmount } from '../listings/money';
import { PageQuery, Trim } from '../shared';
import { PartyRole, PARTY_ROLES, ViewerRole } from './interest';

/** NATS message patterns of negotiation threads (answered by the matching service). */
export const NegotiationPatterns = {
  get: 'matching.negotiations.get',
  list: 'matching.negotiations.list',
  postMessage: 'matching.negotiations.post-message',
  makeOffer: 'matching.negotiations.make-offer',
  /** Accept, reject or withdraw an offer. */
  respondToOffer: 'matching.negotiations.respond-to-offer',
  /** Either party ends an open thread without agreement. */
  withdraw: 'matching.negotiations.withdraw',
  /** Worker: open the trade of an agreed thread (idempotent; records the trade id). */
  openTrade: 'matching.negotiations.open-trade',
  /** Worker sweep: agreed threads whose trade is not opened yet. */
  pendingTrades: 'matching.negotiations.pending-trades',
} as const;

export const NEGOTIATION_STATUSES = ['open', 'agreed', 'closed'] as const;
export type NegotiationStatus = (typeof NEGOTIATION_STATUSES)[number];
export const OFFER_STATUSES = ['open', 'countered', 'accepted', 'rejected', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export const OFFER_ACTIONS = ['accept', 'reject', 'withdraw'] as const;
export type OfferAction = (typeof OFFER_ACTIONS)[number];

/** An amount in yuan (as `IsYuanAmount`) that is more than zero. */
export function IsPositiveYuanAmount(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPositiveYuanAmount',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => !isYuanAmount(value) || !/^0(\.0{1,2})?$/.test(value),
        defaultMessage: (args) => `${args?.property} must be more than zero`,
      },
    });
}

export class PostMessageDto {
  @ApiProperty({ maxLength: 4000, example: '请提供测力天平的标定报告。' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  body: string;
}

export class MakeOfferDto {
  @ApiProperty({ example: '1180000.00', description: 'Yuan, at most 2 decimals, more than zero' })
  @IsString()
  @IsYuanAmount()
  @IsPositiveYuanAmount()
  amount: string;

  @ApiProperty({ enum: TRANSACTION_MODES, description: 'One of the modes the listing offers' })
  @IsIn(TRANSACTION_MODES)
  transactionMode: TransactionMode;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note?: string;
}

export class RespondToOfferDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'Shown in the thread beside the offer' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note?: string;
}

export class WithdrawNegotiationDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the negotiation ends' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class ListNegotiationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PARTY_ROLES })
  @IsOptional()
  @IsIn(PARTY_ROLES)
  role?: PartyRole;

  @ApiPropertyOptional({ enum: NEGOTIATION_STATUSES })
  @IsOptional()
  @IsIn(NEGOTIATION_STATUSES)
  status?: NegotiationStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'listingId must be a UUID' })
  listingId?: string;
}

export class NegotiationRef {
  @IsUUID('4', { message: 'negotiationId must be a UUID' }) negotiationId: string;
}

export class PostMessageCommand extends PostMessageDto {
  @IsUUID('4', { message: 'negotiationId must be a UUID' }) negotiationId: string;
}

export class MakeOfferCommand extends MakeOfferDto {
  @IsUUID('4', { message: 'negotiationId must be a UUID' }) negotiationId: string;
}

export class RespondToOfferCommand extends RespondToOfferDto {
  @IsUUID('4', { message: 'negotiationId must be a UUID' }) negotiationId: string;
  @IsUUID('4', { message: 'offerId must be a UUID' }) offerId: string;
  @IsIn(OFFER_ACTIONS) action: OfferAction;
}

export class WithdrawNegotiationCommand extends WithdrawNegotiationDto {
  @IsUUID('4', { message: 'negotiationId must be a UUID' }) negotiationId: string;
}

export class OfferView {
  @ApiProperty() id: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ enum: PARTY_ROLES }) madeBy: PartyRole;
  @ApiProperty() madeByOrganisationId: string;
  @ApiProperty({ example: '1180000.00' }) amount: string;
  @ApiProperty({ enum: TRANSACTION_MODES }) transactionMode: TransactionMode;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiProperty({ enum: OFFER_STATUSES }) status: OfferStatus;
  @ApiPropertyOptional({ nullable: true }) respondedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) responseNote: string | null;
  @ApiProperty() createdAt: string;
}

export class MessageView {
  @ApiProperty() id: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ enum: PARTY_ROLES }) author: PartyRole;
  @ApiProperty() authorOrganisationId: string;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: string;
}

export type TimelineEntry = ({ type: 'message' } & MessageView) | ({ type: 'offer' } & OfferView);

export class AgreementView {
  @ApiProperty() offerId: string;
  @ApiProperty({ example: '1180000.00' }) amount: string;
  @ApiProperty({ enum: TRANSACTION_MODES }) transactionMode: TransactionMode;
  @ApiProperty() agreedAt: string;
}

/** The trade side refused the agreed trade for good (the listing was sold meanwhile, say): no trade will follow. */
export class TradeRefusalView {
  @ApiProperty({ example: 'TRADE.LISTING_NOT_AVAILABLE: The listing is sold: it cannot be traded' }) reason: string;
  @ApiProperty() at: string;
}

export class ClosureView {
  @ApiProperty() byOrganisationId: string;
  @ApiProperty() reason: string;
  @ApiProperty() at: string;
}

/** A thread as its parties (and operators) see it; lists leave `timeline` empty. */
export class NegotiationView {
  @ApiProperty() id: string;
  @ApiProperty() interestId: string;
  @ApiProperty() listingId: string;
  @ApiProperty() listingTitle: string;
  @ApiProperty({ enum: ['buyer', 'seller', 'operator'] }) viewerRole: ViewerRole;
  @ApiProperty() sellerOrganisationId: string;
  @ApiProperty() buyerOrganisationId: string;
  @ApiProperty({ enum: NEGOTIATION_STATUSES }) status: NegotiationStatus;
  @ApiPropertyOptional({ type: OfferView, nullable: true, description: 'The open offer awaiting an answer' }) currentOffer: OfferView | null;
  @ApiPropertyOptional({ type: AgreementView, nullable: true }) agreement: AgreementView | null;
  @ApiPropertyOptional({ nullable: true, description: 'The trade the agreement opened; null while it is being opened, or if it was refused' }) tradeId: string | null;
  @ApiPropertyOptional({ type: TradeRefusalView, nullable: true, description: 'Set when the agreement cannot become a trade' }) tradeRefusal: TradeRefusalView | null;
  @ApiPropertyOptional({ type: ClosureView, nullable: true }) closure: ClosureView | null;
  @ApiProperty({ description: 'Messages and offers in the order the thread received them', type: [Object] }) timeline: TimelineEntry[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export interface PendingTradesQuery {
  limit: number;
}

export interface OpenTradeAnswer {
  negotiationId: string;
  /** Null when the thread is not agreed (nothing to open). */
  tradeId: string | null;
}
