import { OrganisationKind, OrganisationStatus } from '@lib/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ schema: 'identity', name: 'organisations' })
export class OrganisationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') kind: OrganisationKind;
  @Column({ name: 'credit_code', type: 'char', length: 18 }) creditCode: string;
  @Column({ name: 'region_code', type: 'char', length: 6 }) regionCode: string;
  @Column('text') status: OrganisationStatus;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason: string | null;
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true }) verifiedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
