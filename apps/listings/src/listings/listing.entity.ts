import { DeclassificationView, Direction, DossierAccessPolicy, EvaluationSummaryView, ListingStatus, PatentView, SecrecyLevel, TechnicalField, TransactionMode } from '@lib/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity({ schema: 'listings', name: 'listings' })
export class ListingEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column('text') status: ListingStatus;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason: string | null;
  @Column('text') title: string;
  @Column('text') summary: string;
  @Column('text') description: string;
  @Column('text') direction: Direction;
  @Column('text') field: TechnicalField;
  @Column({ name: 'ipc_codes', type: 'text', array: true }) ipcCodes: string[];
  @Column('smallint') trl: number;
  @Column('jsonb') patents: PatentView[];
  @Column({ name: 'transaction_modes', type: 'text', array: true }) transactionModes: TransactionMode[];
  /** Integer fen (bigint arrives as a string); null means negotiable. */
  @Column({ name: 'asking_price_fen', type: 'bigint', nullable: true }) askingPriceFen: string | null;
  @Column({ name: 'secrecy_level', type: 'text' }) secrecyLevel: SecrecyLevel;
  @Column({ type: 'jsonb', nullable: true }) declassification: DeclassificationView | null;
  @Column({ name: 'dossier_access', type: 'text' }) dossierAccess: DossierAccessPolicy;
  @Column({ name: 'dossier_content', type: 'text', nullable: true }) dossierContent: string | null;
  @Column({ name: 'dossier_updated_at', type: 'timestamptz', nullable: true }) dossierUpdatedAt: Date | null;
  @Column({ type: 'jsonb', nullable: true }) evaluation: EvaluationSummaryView | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  /** When it last entered review: the review queue's order. */
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ schema: 'listings', name: 'nda_acceptances' })
export class NdaAcceptanceEntity {
  @PrimaryColumn({ name: 'listing_id', type: 'uuid' }) listingId: string;
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'accepted_by', type: 'uuid' }) acceptedBy: string;
  @CreateDateColumn({ name: 'accepted_at', type: 'timestamptz' }) acceptedAt: Date;
}

@Entity({ schema: 'listings', name: 'dossier_grants' })
export class DossierGrantEntity {
  @PrimaryColumn({ name: 'listing_id', type: 'uuid' }) listingId: string;
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'granted_by', type: 'uuid' }) grantedBy: string;
  @CreateDateColumn({ name: 'granted_at', type: 'timestamptz' }) grantedAt: Date;
}

@Entity({ schema: 'listings', name: 'catalogue_outbox' })
export class CatalogueOutboxEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' }) id: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true }) processedAt: Date | null;
}
