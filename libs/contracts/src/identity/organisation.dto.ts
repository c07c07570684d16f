import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
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

export const MAX_ORGANISATION_NAMES = 100;

/** `ids=a,b,c` (or `ids=a&ids=b`) as a list without repeats; anything else is left for the validators to refuse. */
const idList = ({ value }: { value: unknown }) => {
  if (value === undefined || value === null) return value;
  const items = Array.isArray(value) ? value : String(value).split(',');
  return [...new Set(items.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)))];
};

/**
 * `GET /organisations/names`: the public names of up to 100 organisations at once, for pages that
 * hold organisation ids. An id is only ever handed out where its holder may know who it is
 * (docs/authorisation.md), so the name adds nothing the id did not already allow.
 */
export class OrganisationNamesQuery {
  @ApiProperty({ type: [String], description: `Organisation ids (UUID v4), comma-separated, at most ${MAX_ORGANISATION_NAMES}; repeats count once` })
  @Transform(idList)
  @IsArray({ message: 'ids must be a comma-separated list of organisation ids' })
  @ArrayMinSize(1, { message: 'ids must name at least one organisation' })
  @ArrayMaxSize(MAX_ORGANISATION_NAMES, { message: `ids must name at most ${MAX_ORGANISATION_NAMES} organisations` })
  @IsUUID('4', { each: true, message: 'each of ids must be a UUID v4' })
  ids: string[];
}

/** What any signed-in member may know of an organisation: what a counterpart sees on a contract. */
export class OrganisationNameView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: Object.values(OrganisationKind) }) kind: OrganisationKind;
  @ApiProperty({ description: 'Verified by an operator and not suspended now' }) verified: boolean;
}

export class OrganisationNamesView {
  @ApiProperty({ type: [OrganisationNameView], description: 'The organisations found, in the order asked; unknown ids are left out' })
  organisations: OrganisationNameView[];
}
