import type { NegotiationStatus, OfferStatus, TransactionMode } from '@lib/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** A negotiation thread between a listing's owner (seller) and the organisation whose interest it accepted (buyer). */
@Entity({ schema: 'matching', name: 'negotiations' })
export class NegotiationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'interest_id', type: 'uuid' }) interestId: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId: string;
  @Column({ name: 'listing_title', type: 'text' }) listingTitle: string;
  @Column({ name: 'seller_organisation_id', type: 'uuid' }) sellerOrganisationId: string;
  @Column({ name: 'buyer_organisation_id', type: 'uuid' }) buyerOrganisationId: string;
  @Column('text') status: NegotiationStatus;
  /** Messages and offers share one sequence: the thread's timeline order. */
  @Column({ name: 'next_sequence', type: 'integer' }) nextSequence: number;
  @Column({ name: 'current_offer_id', type: 'uuid', nullable: true }) currentOfferId: string | null;
  @Column({ name: 'agreed_offer_id', type: 'uuid', nullable: true }) agreedOfferId: string | null;
  @Column({ name: 'agreed_amount_fen', type: 'bigint', nullable: true }) agreedAmountFen: string | null;
  @Column({ name: 'agreed_transaction_mode', type: 'text', nullable: true }) agreedTransactionMode: TransactionMode | null;
  @Column({ name: 'agreed_at', type: 'timestamptz', nullable: true }) agreedAt: Date | null;
  @Column({ name: 'trade_id', type: 'uuid', nullable: true }) tradeId: string | null;
  @Column({ name: 'trade_opened_at', type: 'timestamptz', nullable: true }) tradeOpenedAt: Date | null;
  @Column({ name: 'trade_attempts', type: 'integer' }) tradeAttempts: number;
  @Column({ name: 'trade_last_error', type: 'text', nullable: true }) tradeLastError: string | null;
  /** Set when the trade side refused the agreed trade for good: no more attempts. */
  @Column({ name: 'trade_refused_at', type: 'timestamptz', nullable: true }) tradeRefusedAt: Date | null;
  @Column({ name: 'trade_refused_reason', type: 'text', nullable: true }) tradeRefusedReason: string | null;
  @Column({ name: 'closed_by_organisation_id', type: 'uuid', nullable: true }) closedByOrganisationId: string | null;
  @Column({ name: 'closed_reason', type: 'text', nullable: true }) closedReason: string | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ schema: 'matching', name: 'negotiation_messages' })
export class NegotiationMessageEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'negotiation_id', type: 'uuid' }) negotiationId: string;
  @Column('integer') sequence: number;
  @Column({ name: 'author_organisation_id', type: 'uuid' }) authorOrganisationId: string;
  @Column({ name: 'author_user_id', type: 'uuid' }) authorUserId: string;
  @Column('text') body: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Fen columns are bigint: they arrive as strings. */
@Entity({ schema: 'matching', name: 'negotiation_offers' })
export class OfferEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'negotiation_id', type: 'uuid' }) negotiationId: string;
  @Column('integer') sequence: number;
  @Column({ name: 'made_by_organisation_id', type: 'uuid' }) madeByOrganisationId: string;
  @Column({ name: 'made_by_user_id', type: 'uuid' }) madeByUserId: string;
  @Column({ name: 'amount_fen', type: 'bigint' }) amountFen: string;
  @Column({ name: 'transaction_mode', type: 'text' }) transactionMode: TransactionMode;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column('text') status: OfferStatus;
  @Column({ name: 'responded_by_user_id', type: 'uuid', nullable: true }) respondedByUserId: string | null;
  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true }) respondedAt: Date | null;
  @Column({ name: 'response_note', type: 'text', nullable: true }) responseNote: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
