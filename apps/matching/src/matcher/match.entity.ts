import { MatchReason } from '@lib/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A demand and a listing the matcher paired, with the score and reasons of its latest run. One row per pair. */
@Entity({ schema: 'matching', name: 'matches' })
export class MatchEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'demand_id', type: 'uuid' }) demandId: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId: string;
  @Column({ name: 'demand_organisation_id', type: 'uuid' }) demandOrganisationId: string;
  @Column({ name: 'listing_organisation_id', type: 'uuid' }) listingOrganisationId: string;
  /** 0–1 with three decimals (numeric arrives as a string). */
  @Column({ type: 'numeric', precision: 4, scale: 3 }) score: string;
  @Column({ name: 'text_relevance', type: 'numeric', precision: 4, scale: 3 }) textRelevance: string;
  @Column('text') explanation: string;
  @Column('jsonb') reasons: MatchReason[];
  /** `active`, or `retired` when the listing left the catalogue or the demand was closed, hidden or changed. */
  @Column('text') status: 'active' | 'retired';
  /** Which run first found it: a demand's or a listing's. */
  @Column({ name: 'found_by', type: 'text' }) foundBy: 'demand' | 'listing';
  /** Scored at or above the notification threshold and not yet announced to both sides. */
  @Column({ name: 'notify_pending', type: 'boolean' }) notifyPending: boolean;
  @Column({ name: 'notified_at', type: 'timestamptz', nullable: true }) notifiedAt: Date | null;
  @Column({ name: 'scored_at', type: 'timestamptz' }) scoredAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
