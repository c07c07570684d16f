import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsDateOnly, IsTimestamp, PageQuery, Trim, UpperCase } from '../shared';
import { QualificationEffectiveStatus, QualificationStatus, QualificationType } from './enums';

export class SubmitQualificationDto {
  @ApiProperty({ enum: Object.values(QualificationType) })
  @IsIn(Object.values(QualificationType))
  type: QualificationType;

  @ApiProperty({ example: 'GFBM-2023-0417', maxLength: 60, description: 'Certificate number' })
  @UpperCase()
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  number: string;

  @ApiPropertyOptional({ example: '二级', maxLength: 40, description: 'Grade or class, e.g. of a secrecy qualification' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  grade?: string;

  @ApiProperty({ example: '国家保密局', maxLength: 200 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  issuer: string;

  @ApiProperty({ example: '2024-01-01', description: 'First day of validity' })
  @IsDateOnly()
  validFrom: string;

  @ApiProperty({ example: '2028-12-31', description: 'Last day of validity (inclusive, China Standard Time)' })
  @IsDateOnly()
  validUntil: string;
}

export class QualificationView {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ enum: Object.values(QualificationType) }) type: QualificationType;
  @ApiProperty() number: string;
  @ApiPropertyOptional({ nullable: true }) grade: string | null;
  @ApiProperty() issuer: string;
  @ApiProperty() validFrom: string;
  @ApiProperty() validUntil: string;
  @ApiProperty({ enum: Object.values(QualificationStatus) }) status: QualificationStatus;
  @ApiProperty({ enum: ['submitted', 'verified', 'rejected', 'expired', 'not_yet_valid'], description: 'Whether it counts today' })
  effectiveStatus: QualificationEffectiveStatus;
  @ApiPropertyOptional({ nullable: true }) reviewReason: string | null;
  @ApiPropertyOptional({ nullable: true }) reviewedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class ListQualificationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: Object.values(QualificationStatus) })
  @IsOptional()
  @IsIn(Object.values(QualificationStatus))
  status?: QualificationStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Operators only: one organisation' })
  @IsOptional()
  @IsUUID('4')
  organisationId?: string;
}

export class ReviewQualificationDto {
  @ApiProperty({ enum: ['verify', 'reject'] })
  @IsIn(['verify', 'reject'])
  decision: 'verify' | 'reject';

  @ApiPropertyOptional({ maxLength: 1000, description: 'Required to reject' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

export class ReviewQualificationCommand extends ReviewQualificationDto {
  @IsUUID('4')
  qualificationId: string;
}

export class SubmitQualificationCommand extends SubmitQualificationDto {
  @IsUUID('4')
  organisationId: string;
}

/** Query other services send: "does organisation X hold valid qualification Q at time T?" */
export class QualificationHeldQuery {
  @IsUUID('4')
  organisationId: string;

  @IsIn(Object.values(QualificationType))
  type: QualificationType;

  @IsTimestamp()
  at: string;
}

export interface QualificationHeldAnswer {
  held: boolean;
  qualificationId: string | null;
  validUntil: string | null;
}
