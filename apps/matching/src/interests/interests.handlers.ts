import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor, requireRole, Role } from '@lib/auth';
import { ExpressInterestDto, InterestPatterns, InterestRef, InterestView, ListInterestsQuery, Page, RespondToInterestCommand, WithdrawInterestCommand } from '@lib/contracts';
import { InterestsService } from './interests.service';

const MEMBERS = [Role.institute, Role.enterprise];

@Controller()
export class InterestsHandlers {
  constructor(private readonly interests: InterestsService) {}

  @MessagePattern(InterestPatterns.express)
  express(@Payload('actor') actor: Actor | null, @Payload('input') input: ExpressInterestDto): Promise<InterestView> {
    return this.interests.express(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(InterestPatterns.get)
  get(@Payload('actor') actor: Actor | null, @Payload('input') input: InterestRef): Promise<InterestView> {
    return this.interests.get(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input.interestId);
  }

  @MessagePattern(InterestPatterns.list)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: ListInterestsQuery): Promise<Page<InterestView>> {
    return this.interests.list(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input);
  }

  @MessagePattern(InterestPatterns.respond)
  respond(@Payload('actor') actor: Actor | null, @Payload('input') input: RespondToInterestCommand): Promise<InterestView> {
    return this.interests.respond(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(InterestPatterns.withdraw)
  withdraw(@Payload('actor') actor: Actor | null, @Payload('input') input: WithdrawInterestCommand): Promise<InterestView> {
    return this.interests.withdraw(requireRole(requireActor(actor), ...MEMBERS), input);
  }
}
