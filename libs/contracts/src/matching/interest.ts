import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery, Trim } from '../shared';

/** NATS message patterns of the interest step of the matching loop (answered by the matching service). */
export const InterestPatterns = {
  express: 'matching.interests.express',
  get: 'matching.interests.get',
  list: 'matching.interests.list',
  /** The listing's owner accepts (opening a negotiation) or declines. */
  respond: 'matching.interests.respond',
  /** The interested organisation takes its pending interest back. */
  withdraw: 'matching.interests.withdraw',
} as const;

export const INTEREST_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type InterestStatus = (typeof INTEREST_STATUSES)[number];

/** Which side of a listing the caller's organisation is on (operators read everything). */
export const PARTY_ROLES = ['buyer', 'seller'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
export type ViewerRole = PartyRole | 'operator';

/** A demand or match id of the matcher, kept as an opaque reference. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const REFERENCE_MESSAGE = (field: string) => `${field} must be an id of at most 100 letters, digits, '.', '_', ':' or '-'`;

export class ExpressInterestDto {
  @ApiProperty({ format: 'uuid', description: 'A published listing of another organisation' })
  @IsUUID('4', { message: 'listingId must be a UUID' })
  listingId: string;

  @ApiProperty({ maxLength: 2000, example: '我司拟将该技术用于民用无人机测试，希望进一步洽谈许可条件。' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  message: string;

  @ApiPropertyOptional({ description: 'The demand this interest answers (a reference, not checked here)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Matches(REFERENCE, { message: REFERENCE_MESSAGE('demandRef') })
  demandRef?: string;

  @ApiPropertyOptional({ description: 'The match that suggested it (a reference, not checked here)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Matches(REFERENCE, { message: REFERENCE_MESSAGE('matchRef') })
  matchRef?: string;
}

export class AcceptInterestDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'Sent to the interested organisation; opens the thread' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  message?: string;
}

export class DeclineInterestDto {
  @ApiProperty({ maxLength: 2000, description: 'Why: sent to the interested organisation' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  message: string;
}

export class WithdrawInterestDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  message?: string;
}

export class ListInterestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PARTY_ROLES, description: 'buyer: interests my organisation expressed; seller: interests in my listings' })
  @IsOptional()
  @IsIn(PARTY_ROLES)
  role?: PartyRole;

  @ApiPropertyOptional({ enum: INTEREST_STATUSES })
  @IsOptional()
  @IsIn(INTEREST_STATUSES)
  status?: InterestStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'listingId must be a UUID' })
  listingId?: string;
}

export class InterestRef {
  @IsUUID('4', { message: 'interestId must be a UUID' }) interestId: string;
}

export class RespondToInterestCommand {
  @IsUUID('4', { message: 'interestId must be a UUID' }) interestId: string;
  @IsIn(['accept', 'decline']) decision: 'accept' | 'decline';
  @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(2000) message?: string;
}

export class WithdrawInterestCommand extends WithdrawInterestDto {
  @IsUUID('4', { message: 'interestId must be a UUID' }) interestId: string;
}

export class InterestResponseView {
  @ApiProperty({ enum: ['accepted', 'declined', 'withdrawn'] }) outcome: 'accepted' | 'declined' | 'withdrawn';
  @ApiPropertyOptional({ nullable: true }) message: string | null;
  @ApiProperty() at: string;
}

export class InterestView {
  @ApiProperty() id: string;
  @ApiProperty() listingId: string;
  @ApiProperty() listingTitle: string;
  @ApiProperty({ enum: ['buyer', 'seller', 'operator'], description: 'How the caller stands to this interest' }) viewerRole: ViewerRole;
  @ApiPropertyOptional({ nullable: true, description: 'The listing owner; shown to the interested organisation only once it accepted' })
  sellerOrganisationId: string | null;
  @ApiProperty() buyerOrganisationId: string;
  @ApiProperty({ enum: INTEREST_STATUSES }) status: InterestStatus;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ nullable: true }) demandRef: string | null;
  @ApiPropertyOptional({ nullable: true }) matchRef: string | null;
  @ApiPropertyOptional({ type: InterestResponseView, nullable: true }) response: InterestResponseView | null;
  @ApiPropertyOptional({ nullable: true, description: 'The negotiation thread its acceptance opened' }) negotiationId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
