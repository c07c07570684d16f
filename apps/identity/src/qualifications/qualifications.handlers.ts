import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, assertOrganisationObjectOwned, requireActor, requireRole, Role } from '@lib/auth';
import {
  IdParam,
  IdentityPatterns,
  ListQualificationsQuery,
  Page,
  QualificationHeldAnswer,
  QualificationHeldQuery,
  QualificationView,
  ReviewQualificationCommand,
  SubmitQualificationCommand,
} from '@lib/contracts';
import { QualificationsService } from './qualifications.service';

@Controller()
export class QualificationsHandlers {
  constructor(private readonly qualifications: QualificationsService) {}

  @MessagePattern(IdentityPatterns.submitQualification)
  submit(@Payload('actor') actor: Actor | null, @Payload('input') input: SubmitQualificationCommand): Promise<QualificationView> {
    const member = requireRole(requireActor(actor), Role.institute, Role.enterprise);
    assertOrganisationObjectOwned(member, input.organisationId, 'organisation', input.organisationId);
    const { organisationId, ...qualification } = input;
    return this.qualifications.submit(member, organisationId, qualification);
  }

  @MessagePattern(IdentityPatterns.listQualifications)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: ListQualificationsQuery): Promise<Page<QualificationView>> {
    return this.qualifications.list(requireActor(actor), input);
  }

  @MessagePattern(IdentityPatterns.getQualification)
  get(@Payload('actor') actor: Actor | null, @Payload('input') input: IdParam): Promise<QualificationView> {
    return this.qualifications.get(requireActor(actor), input.id);
  }

  @MessagePattern(IdentityPatterns.reviewQualification)
  review(@Payload('actor') actor: Actor | null, @Payload('input') input: ReviewQualificationCommand): Promise<QualificationView> {
    return this.qualifications.review(requireRole(requireActor(actor), Role.operator), input);
  }

  /** Service-to-service: eligibility checks at registration and bid time. */
  @MessagePattern(IdentityPatterns.qualificationHeld)
  held(@Payload('input') input: QualificationHeldQuery): Promise<QualificationHeldAnswer> {
    return this.qualifications.held(input);
  }
}
