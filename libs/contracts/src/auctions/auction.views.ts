import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuctionStatus, AuctionTypeName } from './auction.dto';

/** An auction as bidders and the public see it: never the reserve amount, never a sealed bid, never an organisation. */
export class AuctionView {
  @ApiProperty() id: string;
  @ApiProperty() listingId: string;
  @ApiPropertyOptional({ nullable: true, description: 'What the winner buys' }) transactionMode: import('../listings/listing-enums').TransactionMode | null;
  @ApiProperty() type: AuctionTypeName;
  @ApiProperty() status: AuctionStatus;
  @ApiPropertyOptional({ nullable: true }) statusReason: string | null;
  @ApiProperty() startPrice: string;
  @ApiPropertyOptional({ nullable: true }) increment: string | null;
  @ApiProperty() deposit: string;
  @ApiProperty({ type: [String] }) requiredQualifications: string[];
  @ApiProperty() startsAt: string;
  @ApiProperty({ description: 'The effective end, after soft-close extensions' }) endsAt: string;
  @ApiProperty() scheduledEndsAt: string;
  @ApiPropertyOptional({ nullable: true }) softClose: { windowSeconds: number; extensionSeconds: number; maxEndsAt: string | null } | null;
  @ApiPropertyOptional({ nullable: true }) dutch: { step: string; intervalSeconds: number; floorPrice: string } | null;
  @ApiPropertyOptional({ nullable: true, description: 'Hidden for sealed auctions until they are settled' }) currentPrice: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Per-auction alias, never an organisation' }) leaderAlias: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'English: whether the hidden reserve is met (the amount stays hidden)' }) reserveMet: boolean | null;
  @ApiPropertyOptional({ nullable: true, description: 'English: the least the next challenger may bid' }) minimumNextBid: string | null;
  @ApiProperty() bidCount: number;
  @ApiProperty() hasReserve: boolean;
  @ApiPropertyOptional({ nullable: true }) outcome: { outcome: 'sold' | 'no_sale'; price?: string; winnerAlias?: string; reason?: string } | null;
  @ApiPropertyOptional({ nullable: true, description: 'Seller organisation and operators only' }) reservePrice?: string | null;
}

export class BidView {
  @ApiProperty() id: string;
  @ApiProperty() alias: string;
  @ApiProperty({ enum: ['bid', 'acceptance'] }) kind: 'bid' | 'acceptance';
  @ApiPropertyOptional({ nullable: true, description: 'English: the price after this bid (a bidder’s maximum stays hidden). Sealed: the bid, once settled.' })
  price: string | null;
  @ApiPropertyOptional({ nullable: true }) leaderAlias: string | null;
  @ApiProperty() placedAt: string;
}

export class BidReceipt {
  @ApiProperty() bidId: string;
  @ApiProperty() accepted: true;
  @ApiProperty({ description: 'True when this is the stored answer to a repeated Idempotency-Key' }) replayed: boolean;
  @ApiProperty() auction: AuctionView;
  @ApiPropertyOptional({ nullable: true, description: 'Your own maximum (English), visible only to you' }) yourMaximum: string | null;
}

export class RegistrationView {
  @ApiProperty() id: string;
  @ApiProperty() auctionId: string;
  @ApiProperty() alias: string;
  @ApiProperty() deposit: string;
  @ApiProperty({ enum: ['held', 'released', 'applied'] }) depositStatus: string;
  @ApiProperty() createdAt: string;
}

export class WalletView {
  @ApiProperty() organisationId: string;
  @ApiProperty({ description: 'Available for new deposits' }) available: string;
  @ApiProperty({ description: 'Held as deposits of open auctions' }) held: string;
  @ApiProperty() entries: { at: string; account: string; amount: string; cause: string; reference: string | null }[];
}
