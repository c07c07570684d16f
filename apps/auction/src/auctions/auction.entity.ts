import { AuctionStatus, AuctionTypeName, Direction, TechnicalField, TransactionMode } from '@lib/contracts';

/** The listing as it was when the auction was created: what a trade from this auction records. */
export interface ListingSnapshot {
  title: string;
  field: TechnicalField;
  trl: number;
  direction: Direction;
  publishedAt: string | null;
}
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Fen columns are bigint: they arrive as strings and are handled as BigInt. */
@Entity({ schema: 'auction', name: 'auctions' })
export class AuctionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column('text') type: AuctionTypeName;
  @Column('text') status: AuctionStatus;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason: string | null;
  @Column({ name: 'start_price_fen', type: 'bigint' }) startPriceFen: string;
  @Column({ name: 'increment_fen', type: 'bigint', nullable: true }) incrementFen: string | null;
  @Column({ name: 'reserve_price_fen', type: 'bigint', nullable: true }) reservePriceFen: string | null;
  @Column({ name: 'deposit_fen', type: 'bigint' }) depositFen: string;
  @Column({ name: 'required_qualifications', type: 'text', array: true }) requiredQualifications: string[];
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt: Date;
  @Column({ name: 'scheduled_ends_at', type: 'timestamptz' }) scheduledEndsAt: Date;
  @Column({ name: 'soft_close', type: 'jsonb', nullable: true }) softClose: { windowSeconds: number; extensionSeconds: number; maxEndsAt: string | null } | null;
  @Column({ type: 'jsonb', nullable: true }) dutch: { stepFen: string; intervalSeconds: number; floorPriceFen: string } | null;
  @Column({ name: 'current_price_fen', type: 'bigint', nullable: true }) currentPriceFen: string | null;
  @Column({ name: 'leader_registration_id', type: 'uuid', nullable: true }) leaderRegistrationId: string | null;
  @Column({ name: 'leader_bid_id', type: 'uuid', nullable: true }) leaderBidId: string | null;
  /** Secret: the leader's proxy maximum. Never leaves the service. */
  @Column({ name: 'leader_max_fen', type: 'bigint', nullable: true }) leaderMaxFen: string | null;
  @Column({ name: 'leader_placed_at', type: 'timestamptz', nullable: true }) leaderPlacedAt: Date | null;
  /** Secret: the best maximum of anyone but the leader. */
  @Column({ name: 'runner_up_max_fen', type: 'bigint', nullable: true }) runnerUpMaxFen: string | null;
  @Column({ name: 'last_bid_at', type: 'timestamptz', nullable: true }) lastBidAt: Date | null;
  @Column({ name: 'bid_count', type: 'integer' }) bidCount: number;
  @Column({ type: 'jsonb', nullable: true }) outcome: Record<string, unknown> | null;
  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true }) settledAt: Date | null;
  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true }) pausedAt: Date | null;
  /** What is being sold (one of the listing's modes); null for auctions created before trades had modes. */
  @Column({ name: 'transaction_mode', type: 'text', nullable: true }) transactionMode: TransactionMode | null;
  @Column({ name: 'listing_snapshot', type: 'jsonb', nullable: true }) listingSnapshot: ListingSnapshot | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ schema: 'auction', name: 'registrations' })
export class RegistrationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'auction_id', type: 'uuid' }) auctionId: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'registered_by', type: 'uuid' }) registeredBy: string;
  @Column('text') alias: string;
  @Column({ name: 'deposit_fen', type: 'bigint' }) depositFen: string;
  @Column({ name: 'deposit_status', type: 'text' }) depositStatus: 'held' | 'released' | 'applied';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity({ schema: 'auction', name: 'bids' })
export class BidEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'auction_id', type: 'uuid' }) auctionId: string;
  @Column({ name: 'registration_id', type: 'uuid' }) registrationId: string;
  @Column({ name: 'placed_by', type: 'uuid' }) placedBy: string;
  @Column('text') kind: 'bid' | 'acceptance';
  @Column({ name: 'amount_fen', type: 'bigint' }) amountFen: string;
  @Column({ name: 'placed_at', type: 'timestamptz' }) placedAt: Date;
  /** 1, 2, 3… in the order the lot accepted its bids (timestamps can tie). */
  @Column('integer') sequence: number;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey: string;
  @Column({ name: 'request_fingerprint', type: 'text' }) requestFingerprint: string;
  @Column({ name: 'price_after_fen', type: 'bigint', nullable: true }) priceAfterFen: string | null;
  @Column({ name: 'leader_after', type: 'uuid', nullable: true }) leaderAfter: string | null;
}
