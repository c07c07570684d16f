import { QualificationStatus, QualificationType } from '@lib/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ schema: 'identity', name: 'qualifications' })
export class QualificationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column('text') type: QualificationType;
  @Column('text') number: string;
  @Column({ type: 'text', nullable: true }) grade: string | null;
  @Column('text') issuer: string;
  /** Calendar dates (YYYY-MM-DD), kept as strings: no time zone may shift them. */
  @Column({ name: 'valid_from', type: 'date' }) validFrom: string;
  @Column({ name: 'valid_until', type: 'date' }) validUntil: string;
  @Column('text') status: QualificationStatus;
  @Column({ name: 'review_reason', type: 'text', nullable: true }) reviewReason: string | null;
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true }) reviewedBy: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt: Date | null;
  @Column({ name: 'submitted_by', type: 'uuid' }) submittedBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
