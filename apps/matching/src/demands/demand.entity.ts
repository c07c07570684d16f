import { DemandStatus, DemandVisibility, Direction, TechnicalField } from '@lib/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity({ schema: 'matching', name: 'demands' })
export class DemandEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column('text') status: DemandStatus;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason: string | null;
  @Column('text') title: string;
  @Column('text') description: string;
  @Column('text') field: TechnicalField;
  @Column('text') direction: Direction;
  @Column({ name: 'ipc_codes', type: 'text', array: true }) ipcCodes: string[];
  @Column({ name: 'min_trl', type: 'smallint' }) minTrl: number;
  /** Integer fen (bigint arrives as a string); null means negotiable. */
  @Column({ name: 'budget_fen', type: 'bigint', nullable: true }) budgetFen: string | null;
  /** `YYYY-MM-DD`, the last day in China Standard Time. */
  @Column({ type: 'date' }) deadline: string;
  @Column('text') visibility: DemandVisibility;
  @VersionColumn() version: number;
  /** The version last written to (or removed from) the search index. */
  @Column({ name: 'indexed_version', type: 'integer', nullable: true }) indexedVersion: number | null;
  /** The version the matcher last ran for. */
  @Column({ name: 'matched_version', type: 'integer', nullable: true }) matchedVersion: number | null;
  @Column({ name: 'matched_at', type: 'timestamptz', nullable: true }) matchedAt: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true }) hiddenAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
