import type { InterestStatus } from '@lib/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** An organisation's interest in a published listing, and the owner's answer. */
@Entity({ schema: 'matching', name: 'interests' })
export class InterestEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId: string;
  /** The public title when the interest was expressed (for lists and notifications). */
  @Column({ name: 'listing_title', type: 'text' }) listingTitle: string;
  @Column({ name: 'seller_organisation_id', type: 'uuid' }) sellerOrganisationId: string;
  @Column({ name: 'buyer_organisation_id', type: 'uuid' }) buyerOrganisationId: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column('text') message: string;
  /** Plain references to a demand or match of the matcher (kept as text: those tables are the matcher's). */
  @Column({ name: 'demand_ref', type: 'text', nullable: true }) demandRef: string | null;
  @Column({ name: 'match_ref', type: 'text', nullable: true }) matchRef: string | null;
  @Column('text') status: InterestStatus;
  /** Pending, or accepted while its negotiation is open: the database allows one per (listing, buyer). */
  @Column({ name: 'is_open', type: 'boolean' }) isOpen: boolean;
  @Column({ name: 'response_message', type: 'text', nullable: true }) responseMessage: string | null;
  @Column({ name: 'responded_by', type: 'uuid', nullable: true }) respondedBy: string | null;
  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true }) respondedAt: Date | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
