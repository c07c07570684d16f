import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, AuthErrors, MEMBER_ROLES, requireActor, requireOrganisationAdmin, requireRole, Role } from '@lib/auth';
import {
  CreatedInvitationView,
  IdentityPatterns,
  InvitationView,
  InviteMemberCommand,
  ListOrganisationsQuery,
  ModerateOrganisationCommand,
  OrganisationNamesQuery,
  OrganisationNamesView,
  OrganisationPageQuery,
  OrganisationRef,
  OrganisationStanding,
  OrganisationView,
  Page,
  ResubmitOrganisationDto,
  UsersOfOrganisationsAnswer,
  UsersOfOrganisationsQuery,
  UserView,
} from '@lib/contracts';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { RegistrationService } from '../users/registration.service';
import { OrganisationDirectory } from './organisation-directory';
import { OrganisationsService } from './organisations.service';

export class UsersOfOrganisationsInput implements UsersOfOrganisationsQuery {
  @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsUUID('4', { each: true }) organisationIds: string[];
  @IsOptional() @IsBoolean() operators?: boolean;
}

@Controller()
export class OrganisationsHandlers {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly registration: RegistrationService,
    private readonly directory: OrganisationDirectory,
  ) {}

  @MessagePattern(IdentityPatterns.getOrganisation)
  get(@Payload('actor') actor: Actor | null, @Payload('input') input: OrganisationRef): Promise<OrganisationView> {
    return this.organisations.get(requireActor(actor), input.organisationId);
  }

  @MessagePattern(IdentityPatterns.members)
  members(@Payload('actor') actor: Actor | null, @Payload('input') input: OrganisationRef): Promise<UserView[]> {
    return this.organisations.members(requireActor(actor), input.organisationId);
  }

  @MessagePattern(IdentityPatterns.inviteMember)
  invite(@Payload('actor') actor: Actor | null, @Payload('input') input: InviteMemberCommand): Promise<CreatedInvitationView> {
    const admin = requireActor(actor);
    if (requireOrganisationAdmin(admin) !== input.organisationId) throw AuthErrors.notOrganisationAdmin();
    const { organisationId, ...invitation } = input;
    return this.registration.inviteMember(admin, organisationId, invitation);
  }

  @MessagePattern(IdentityPatterns.listInvitations)
  invitations(@Payload('actor') actor: Actor | null, @Payload('input') input: OrganisationPageQuery): Promise<Page<InvitationView>> {
    return this.organisations.invitations(requireActor(actor), input.organisationId, input);
  }

  @MessagePattern(IdentityPatterns.resubmitOrganisation)
  resubmit(@Payload('actor') actor: Actor | null, @Payload('input') input: ResubmitOrganisationDto): Promise<OrganisationView> {
    const admin = requireActor(actor);
    return this.organisations.resubmit(admin, requireOrganisationAdmin(admin), input);
  }

  @MessagePattern(IdentityPatterns.listOrganisations)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: ListOrganisationsQuery): Promise<Page<OrganisationView>> {
    requireRole(requireActor(actor), Role.operator);
    return this.organisations.list(input);
  }

  /** Members and operators, not experts: their pages hold no organisation ids. */
  @MessagePattern(IdentityPatterns.organisationNames)
  async names(@Payload('actor') actor: Actor | null, @Payload('input') input: OrganisationNamesQuery): Promise<OrganisationNamesView> {
    requireRole(requireActor(actor), ...MEMBER_ROLES, Role.operator);
    return { organisations: await this.directory.names(input.ids) };
  }

  @MessagePattern(IdentityPatterns.moderateOrganisation)
  moderate(@Payload('actor') actor: Actor | null, @Payload('input') input: ModerateOrganisationCommand): Promise<OrganisationView> {
    const operator = requireRole(requireActor(actor), Role.operator);
    return this.organisations.moderate(operator, input);
  }

  /** Service-to-service (notification worker): the users of the given organisations. */
  @MessagePattern(IdentityPatterns.usersOfOrganisations)
  usersOf(@Payload('input') input: UsersOfOrganisationsInput): Promise<UsersOfOrganisationsAnswer> {
    return this.organisations.usersOf(input.organisationIds, input.operators ?? false);
  }

  /** Service-to-service: no actor needed, the answer reveals only the status. */
  @MessagePattern(IdentityPatterns.organisationStanding)
  standing(@Payload('input') input: OrganisationRef): Promise<OrganisationStanding> {
    return this.organisations.standing(input.organisationId);
  }
}
