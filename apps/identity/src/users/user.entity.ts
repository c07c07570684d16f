import { Role } from '@lib/auth';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ schema: 'identity', name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') email: string;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash: string;
  @Column({ name: 'display_name', type: 'text' }) displayName: string;
  @Column('text') role: Role;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId: string | null;
  @Column({ name: 'is_organisation_admin', type: 'boolean', default: false }) isOrganisationAdmin: boolean;
  @Column({ name: 'expertise_fields', type: 'text', array: true, default: () => "'{}'" }) expertiseFields: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
