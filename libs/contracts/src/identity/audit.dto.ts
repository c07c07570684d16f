import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsTimestamp } from '../shared';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class AuditQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') actorId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') organisationId?: string;
  @ApiPropertyOptional({ example: 'organisation' }) @IsOptional() @IsString() @MaxLength(60) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityId?: string;
  @ApiPropertyOptional({ example: 'organisation.verified' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' }) @IsOptional() @IsTimestamp() from?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' }) @IsOptional() @IsTimestamp() to?: string;

  @ApiPropertyOptional({ description: 'Entries older than this sequence number (next page)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'beforeSeq must be a sequence number' })
  beforeSeq?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 50;
}

export class AuditEntryView {
  @ApiProperty() seq: string;
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiPropertyOptional({ nullable: true }) actorId: string | null;
  @ApiProperty() actorRole: string;
  @ApiPropertyOptional({ nullable: true }) organisationId: string | null;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty() entityId: string;
  @ApiPropertyOptional() before: unknown;
  @ApiPropertyOptional() after: unknown;
  @ApiPropertyOptional({ nullable: true }) reason: string | null;
  @ApiPropertyOptional({ nullable: true }) correlationId: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Position in the hash chain; null until the entry is sealed (about a second after its commit)' })
  chainSeq: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Null until sealed' }) prevHash: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Null until sealed' }) hash: string | null;
}

export class AuditVerdictView {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'Sealed entries verified, in chain order' }) checked: number;
  @ApiPropertyOptional({ description: 'Sequence number of the first entry that fails' }) brokenAt?: string;
  @ApiPropertyOptional() problem?: string;
  @ApiProperty({ description: 'Entries committed but not linked into the chain yet (sealed within about a second)' }) awaitingSeal: number;
}
