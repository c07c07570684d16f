import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, requireOrganisation, Role } from '@lib/auth';
import {
  CreatedInvitationView,
  IdentityPatterns,
  IdParam,
  InviteMemberDto,
  ListQualificationsQuery,
  OrganisationView,
  PageQuery,
  QualificationView,
  ResubmitOrganisationDto,
  SubmitQualificationDto,
  UserView,
} from '@lib/contracts';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { IdentityClient } from './identity.client';

const MEMBERS = [Role.institute, Role.enterprise];

/** A member's own organisation: its status, members, invitations and qualifications. */
@ApiTags('organisations')
@Controller()
export class MyOrganisationController {
  constructor(private readonly identity: IdentityClient) {}

  @Get('organisations/me')
  @Access.roles(MEMBERS, 'My organisation, its status and what its members may do now')
  @ApiOkResponse({ type: OrganisationView })
  mine(@CurrentActor() actor: Actor): Promise<OrganisationView> {
    return this.identity.send(IdentityPatterns.getOrganisation, actor, { organisationId: requireOrganisation(actor) });
  }

  @Get('organisations/me/members')
  @Access.roles(MEMBERS, 'Members of my organisation')
  @ApiOkResponse({ type: [UserView] })
  members(@CurrentActor() actor: Actor): Promise<UserView[]> {
    return this.identity.send(IdentityPatterns.members, actor, { organisationId: requireOrganisation(actor) });
  }

  @Post('organisations/me/invitations')
  @Access.roles(MEMBERS, 'Invite a colleague to join my organisation', 'Only the organisation’s admin; not while suspended.')
  @ApiCreatedResponse({ type: CreatedInvitationView })
  invite(@CurrentActor() actor: Actor, @Body() body: InviteMemberDto): Promise<CreatedInvitationView> {
    return this.identity.send(IdentityPatterns.inviteMember, actor, { ...body, organisationId: requireOrganisation(actor) });
  }

  @Get('organisations/me/invitations')
  @Access.roles(MEMBERS, 'Invitations sent by my organisation')
  invitations(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.identity.send(IdentityPatterns.listInvitations, actor, { ...query, organisationId: requireOrganisation(actor) });
  }

  @Post('organisations/me/resubmit')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Correct a rejected organisation and send it back for verification', 'Only the organisation’s admin.')
  @ApiOkResponse({ type: OrganisationView })
  resubmit(@CurrentActor() actor: Actor, @Body() body: ResubmitOrganisationDto): Promise<OrganisationView> {
    return this.identity.send(IdentityPatterns.resubmitOrganisation, actor, body);
  }

  @Post('organisations/me/qualifications')
  @Access.roles(MEMBERS, 'Submit a qualification certificate for verification', 'Not while the organisation is suspended.')
  @ApiCreatedResponse({ type: QualificationView })
  submitQualification(@CurrentActor() actor: Actor, @Body() body: SubmitQualificationDto): Promise<QualificationView> {
    return this.identity.send(IdentityPatterns.submitQualification, actor, { ...body, organisationId: requireOrganisation(actor) });
  }

  @Get('organisations/me/qualifications')
  @Access.roles(MEMBERS, 'Qualifications of my organisation, with whether each counts today')
  myQualifications(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    const input: ListQualificationsQuery = { page: query.page, pageSize: query.pageSize };
    return this.identity.send(IdentityPatterns.listQualifications, actor, input);
  }

  @Get('qualifications/:id')
  @Access.roles([...MEMBERS, Role.operator], 'One qualification', 'Members of its organisation and operators; 404 for anyone else.')
  @ApiOkResponse({ type: QualificationView })
  qualification(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<QualificationView> {
    return this.identity.send(IdentityPatterns.getQualification, actor, params);
  }
}
