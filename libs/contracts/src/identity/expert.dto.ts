import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { NormaliseEmail, PageQuery, TECHNICAL_FIELDS, TechnicalField, Trim } from '../shared';

export class CreateExpertDto {
  @ApiProperty()
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: 100 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ enum: TECHNICAL_FIELDS, isArray: true, description: 'Fields of expertise (1-5)' })
  @IsArray({ message: 'expertiseFields must be a list' })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(TECHNICAL_FIELDS, { each: true })
  expertiseFields: TechnicalField[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The expert’s own organisation, for conflict-of-interest checks' })
  @IsOptional()
  @IsUUID('4', { message: 'organisationId must be a UUID' })
  organisationId?: string;
}

export class ListExpertsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TECHNICAL_FIELDS })
  @IsOptional()
  @IsIn(TECHNICAL_FIELDS)
  field?: TechnicalField;
}
