import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@lib/auth';
import {
  AuditEntryView,
  AuditQuery,
  AuditVerdictView,
  CreatedInvitationView,
  CreateExpertDto,
  IdentityPatterns,
  IdParam,
  ListExpertsQuery,
  ListOrganisationsQuery,
  ListQualificationsQuery,
  ModerateOrganisationDto,
  ModerationDecision,
  OrganisationView,
  QualificationView,
  ReviewQualificationDto,
  UserView,
} from '@lib/contracts';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { IdentityClient } from './identity.client';

const OPERATOR = [Role.operator];

/** Platform operators: verification of organisations and qualifications, experts, the audit log. */
@ApiTags('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly identity: IdentityClient) {}

  @Get('organisations')
  @Access.roles(OPERATOR, 'Organisations, filtered by status (the verification queue is status=pending)')
  organisations(@CurrentActor() actor: Actor, @Query() query: ListOrganisationsQuery) {
    return this.identity.send(IdentityPatterns.listOrganisations, actor, query);
  }

  @Get('organisations/:id')
  @Access.roles(OPERATOR, 'One organisation')
  @ApiOkResponse({ type: OrganisationView })
  organisation(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<OrganisationView> {
    return this.identity.send(IdentityPatterns.getOrganisation, actor, { organisationId: params.id });
  }

  @Get('organisations/:id/members')
  @Access.roles(OPERATOR, 'Members of one organisation')
  @ApiOkResponse({ type: [UserView] })
  members(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<UserView[]> {
    return this.identity.send(IdentityPatterns.members, actor, { organisationId: params.id });
  }

  @Post('organisations/:id/verify')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Verify a pending organisation: its members may then publish, bid and sign')
  @ApiOkResponse({ type: OrganisationView })
  verify(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ModerateOrganisationDto) {
    return this.moderate(actor, params.id, 'verify', body);
  }

  @Post('organisations/:id/reject')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Reject a pending organisation, with a reason')
  @ApiOkResponse({ type: OrganisationView })
  reject(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ModerateOrganisationDto) {
    return this.moderate(actor, params.id, 'reject', body);
  }

  @Post('organisations/:id/suspend')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Suspend an organisation, with a reason: its members can log in and read, nothing else')
  @ApiOkResponse({ type: OrganisationView })
  suspend(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ModerateOrganisationDto) {
    return this.moderate(actor, params.id, 'suspend', body);
  }

  @Post('organisations/:id/reinstate')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Reinstate a suspended organisation')
  @ApiOkResponse({ type: OrganisationView })
  reinstate(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ModerateOrganisationDto) {
    return this.moderate(actor, params.id, 'reinstate', body);
  }

  @Get('qualifications')
  @Access.roles(OPERATOR, 'Qualifications of every organisation (the review queue is status=submitted)')
  qualifications(@CurrentActor() actor: Actor, @Query() query: ListQualificationsQuery) {
    return this.identity.send(IdentityPatterns.listQualifications, actor, query);
  }

  @Post('qualifications/:id/review')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Verify or reject a submitted qualification (a reason is required to reject)')
  @ApiOkResponse({ type: QualificationView })
  review(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ReviewQualificationDto): Promise<QualificationView> {
    return this.identity.send(IdentityPatterns.reviewQualification, actor, { ...body, qualificationId: params.id });
  }

  @Post('experts')
  @Access.roles(OPERATOR, 'Add an expert to the pool: returns the invitation with which the expert sets a password')
  @ApiCreatedResponse({ type: CreatedInvitationView })
  createExpert(@CurrentActor() actor: Actor, @Body() body: CreateExpertDto): Promise<CreatedInvitationView> {
    return this.identity.send(IdentityPatterns.createExpert, actor, body);
  }

  @Get('experts')
  @Access.roles(OPERATOR, 'The expert pool, filtered by field of expertise')
  experts(@CurrentActor() actor: Actor, @Query() query: ListExpertsQuery) {
    return this.identity.send(IdentityPatterns.listExperts, actor, query);
  }

  @Get('audit')
  @Access.roles(OPERATOR, 'Audit log entries, newest first, filtered by actor, organisation, entity, action and time')
  @ApiOkResponse({ type: [AuditEntryView] })
  audit(@CurrentActor() actor: Actor, @Query() query: AuditQuery): Promise<AuditEntryView[]> {
    return this.identity.send(IdentityPatterns.listAudit, actor, query);
  }

  @Get('audit/verify')
  @Access.roles(OPERATOR, 'Verify the audit log’s hash chain end to end: any altered, removed or reordered entry is reported')
  @ApiOkResponse({ type: AuditVerdictView })
  verifyAudit(@CurrentActor() actor: Actor): Promise<AuditVerdictView> {
    return this.identity.send(IdentityPatterns.verifyAudit, actor, {});
  }

  private moderate(actor: Actor, organisationId: string, decision: ModerationDecision, body: ModerateOrganisationDto) {
    return this.identity.send<OrganisationView>(IdentityPatterns.moderateOrganisation, actor, { ...body, organisationId, decision });
  }
}
