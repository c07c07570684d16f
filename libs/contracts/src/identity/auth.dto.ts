import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsObject, IsNotEmpty, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { IsRegionCode, IsUnifiedSocialCreditCode, NormaliseEmail, Trim, UpperCase } from '../shared';
import { OrganisationKind } from './enums';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export class NewOrganisationDto {
  @ApiProperty({ example: '绵阳某某研究所', maxLength: 200 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: Object.values(OrganisationKind) })
  @IsIn(Object.values(OrganisationKind))
  kind: OrganisationKind;

  @ApiProperty({ example: '91350100M000100Y43', description: '统一社会信用代码, checked with its GB 32100-2015 check character' })
  @UpperCase()
  @IsString()
  @IsUnifiedSocialCreditCode()
  creditCode: string;

  @ApiProperty({ example: '510700', description: 'GB/T 2260 administrative division code (6 digits)' })
  @IsString()
  @IsRegionCode()
  regionCode: string;
}

export class RegisterDto {
  @ApiProperty({ example: 'zhang.wei@example.cn', maxLength: 254 })
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX)
  password: string;

  @ApiProperty({ example: '张伟', maxLength: 100 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ type: NewOrganisationDto, description: 'The organisation this user registers; the user becomes its administrator' })
  @IsDefined({ message: 'organisation is required' })
  @IsObject({ message: 'organisation must be an object' })
  @ValidateNested()
  @Type(() => NewOrganisationDto)
  organisation: NewOrganisationDto;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation' })
  @IsString()
  @Length(20, 200)
  token: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX)
  password: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Defaults to the name on the invitation' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;
}

export class LoginDto {
  @ApiProperty()
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX)
  password: string;
}

/** The login plus the client's address, so identity can throttle failed logins per client. */
export class LoginRequest extends LoginDto {
  @IsString()
  @MaxLength(64)
  clientAddress: string;
}


export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(20, 300)
  refreshToken: string;
}

export class TokenPairView {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
}
