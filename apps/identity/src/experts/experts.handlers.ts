import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor, requireRole, Role } from '@lib/auth';
import { CreatedInvitationView, CreateExpertDto, IdentityPatterns, ListExpertsQuery, Page, UserView } from '@lib/contracts';
import { RegistrationService } from '../users/registration.service';
import { ExpertsService } from './experts.service';

@Controller()
export class ExpertsHandlers {
  constructor(
    private readonly registration: RegistrationService,
    private readonly experts: ExpertsService,
  ) {}

  @MessagePattern(IdentityPatterns.createExpert)
  create(@Payload('actor') actor: Actor | null, @Payload('input') input: CreateExpertDto): Promise<CreatedInvitationView> {
    return this.registration.inviteExpert(requireRole(requireActor(actor), Role.operator), input);
  }

  @MessagePattern(IdentityPatterns.listExperts)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: ListExpertsQuery): Promise<Page<UserView>> {
    requireRole(requireActor(actor), Role.operator);
    return this.experts.list(input);
  }
}
