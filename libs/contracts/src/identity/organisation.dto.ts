import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsRegionCode, NormaliseEmail, PageQuery, Trim } from '../shared';
import { Capabilities, ModerationDecision, OrganisationKind, OrganisationStatus } from './enums';

export class OrganisationView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: Object.values(OrganisationKind) }) kind: OrganisationKind;
  @ApiProperty() creditCode: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ enum: Object.values(OrganisationStatus) }) status: OrganisationStatus;
  @ApiPropertyOptional({ nullable: true }) statusReason: string | null;
  @ApiPropertyOptional({ nullable: true }) verifiedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'What members may do now, given the status' }) capabilities: Capabilities;
}

export class UserView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['institute', 'enterprise', 'expert', 'operator'] }) role: string;
  @ApiPropertyOptional({ nullable: true }) organisationId: string | null;
  @ApiProperty() isOrganisationAdmin: boolean;
  @ApiProperty({ type: [String] }) expertiseFields: string[];
  @ApiProperty() createdAt: string;
}

export class MeView {
  @ApiProperty({ type: UserView }) user: UserView;
  @ApiPropertyOptional({ type: OrganisationView, nullable: true }) organisation: OrganisationView | null;
}

export class InviteMemberDto {
  @ApiProperty()
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;
}

export class InvitationView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiPropertyOptional({ nullable: true }) organisationId: string | null;
  @ApiProperty() role: string;
  @ApiProperty() expiresAt: string;
  @ApiPropertyOptional({ nullable: true }) acceptedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class InviteMemberCommand extends InviteMemberDto {
  @IsUUID('4')
  organisationId: string;
}

/** Returned once, to whoever created the invitation: the token is not stored in clear. */
export class CreatedInvitationView extends InvitationView {
  @ApiProperty({ description: 'Give this to the invitee (it would be e-mailed); shown only once' })
  token: string;
}

export class ResubmitOrganisationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '510700' })
  @IsOptional()
  @IsString()
  @IsRegionCode()
  regionCode?: string;
}

export class ListOrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: Object.values(OrganisationStatus) })
  @IsOptional()
  @IsIn(Object.values(OrganisationStatus))
  status?: OrganisationStatus;

  @ApiPropertyOptional({ enum: Object.values(OrganisationKind) })
  @IsOptional()
  @IsIn(Object.values(OrganisationKind))
  kind?: OrganisationKind;
}

export class ModerateOrganisationDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Required to reject or suspend' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

/** The decision plus the organisation it applies to, as sent to the identity service. */
export class ModerateOrganisationCommand extends ModerateOrganisationDto {
  @IsUUID('4')
  organisationId: string;

  @IsIn(Object.values(ModerationDecision))
  decision: ModerationDecision;
}

export class OrganisationRef {
  @IsUUID('4', { message: 'organisationId must be a UUID' })
  organisationId: string;
}

export class OrganisationPageQuery extends PageQuery {
  @IsUUID('4')
  organisationId: string;
}

export class IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'id must be a UUID' })
  id: string;
}

export interface OrganisationStanding {
  organisationId: string;
  status: OrganisationStatus;
  capabilities: Capabilities;
}
