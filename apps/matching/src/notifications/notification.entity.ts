import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One in-app inbox entry: one per (notification request key, recipient user). */
@Entity({ schema: 'matching', name: 'notifications' })
export class NotificationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'request_key', type: 'text' }) requestKey: string;
  @Column({ name: 'recipient_user_id', type: 'uuid' }) recipientUserId: string;
  @Column('text') kind: string;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column({ name: 'subject_type', type: 'text' }) subjectType: string;
  @Column({ name: 'subject_id', type: 'text' }) subjectId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
}
