import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TechnicalField } from '../shared/technical-field';
import type { Direction, TransactionMode } from '../listings/listing-enums';
import type { TradeStatusName } from './trade.dto';

export class TradeContractView {
  @ApiProperty() termsVersion: number;
  @ApiPropertyOptional({ nullable: true }) scope: string | null;
  @ApiPropertyOptional({ nullable: true }) effectiveDate: string | null;
  @ApiPropertyOptional({ nullable: true }) expiryDate: string | null;
  @ApiPropertyOptional({ nullable: true }) sellerSignedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) buyerSignedAt: string | null;
}

export class TradeDisputeView {
  @ApiProperty() disputedAt: string;
  @ApiProperty() disputedFrom: 'signed' | 'paid';
  @ApiProperty() reason: string;
  @ApiProperty() byOrganisationId: string;
  @ApiPropertyOptional({ nullable: true }) resolvedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) resolutionReason: string | null;
}

/** A trade as its two parties and operators see it (nobody else sees it at all). */
export class TradeView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['auction', 'negotiation'] }) source: 'auction' | 'negotiation';
  @ApiPropertyOptional({ nullable: true }) auctionId: string | null;
  @ApiPropertyOptional({ nullable: true }) negotiationId: string | null;
  @ApiProperty() listingId: string;
  @ApiPropertyOptional({ nullable: true }) listingTitle: string | null;
  @ApiProperty() sellerOrganisationId: string;
  @ApiProperty() buyerOrganisationId: string;
  @ApiProperty({ description: 'The side of the viewer, or null for an operator' }) myRole: 'seller' | 'buyer' | null;
  @ApiProperty({ example: '1250000.00' }) amount: string;
  @ApiProperty({ example: '50000.00', description: 'Auction deposit applied to the price' }) depositApplied: string;
  @ApiProperty({ example: '1200000.00', description: 'What the buyer still has to pay (0 once paid)' }) outstanding: string;
  @ApiPropertyOptional({ nullable: true }) transactionMode: TransactionMode | null;
  @ApiPropertyOptional({ nullable: true }) field: TechnicalField | null;
  @ApiPropertyOptional({ nullable: true }) trl: number | null;
  @ApiPropertyOptional({ nullable: true }) direction: Direction | null;
  @ApiProperty() status: TradeStatusName;
  @ApiProperty({ type: TradeContractView }) contract: TradeContractView;
  @ApiPropertyOptional({ nullable: true }) signedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) paidAt: string | null;
  @ApiPropertyOptional({ nullable: true }) completedAt: string | null;
  @ApiPropertyOptional({ type: TradeDisputeView, nullable: true }) dispute: TradeDisputeView | null;
  @ApiPropertyOptional({ nullable: true, description: 'When operators were alerted that it stayed unsigned past the deadline' }) unsignedFlaggedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
