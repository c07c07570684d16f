import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An invitation to join an organisation (from its admin) or the expert pool (from an operator). */
@Entity({ schema: 'identity', name: 'invitations' })
export class InvitationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId: string | null;
  @Column('text') email: string;
  @Column('text') role: 'institute' | 'enterprise' | 'expert';
  @Column({ name: 'display_name', type: 'text', nullable: true }) displayName: string | null;
  @Column({ name: 'expertise_fields', type: 'text', array: true, default: () => "'{}'" }) expertiseFields: string[];
  @Column({ name: 'token_hash', type: 'char', length: 64 }) tokenHash: string;
  @Column({ name: 'invited_by', type: 'uuid' }) invitedBy: string;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
