import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@lib/auth';
import { AcceptInterestDto, DeclineInterestDto, Envelope, ExpressInterestDto, IdParam, InterestPatterns, InterestView, ListInterestsQuery, Page, WithdrawInterestDto } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';

const MEMBERS = [Role.institute, Role.enterprise];

@ApiTags('matching')
@Controller()
export class InterestsController {
  constructor(private readonly services: ServiceClient) {}

  private send<T>(pattern: string, actor: Actor, input: unknown): Promise<T> {
    return this.services.send<T, Envelope<unknown>>(pattern, { actor, input });
  }

  @Post('interests')
  @Access.roles(
    MEMBERS,
    'Express my organisation’s interest in a published listing',
    'Enterprises, for any listing; institutes, for civ→mil listings. Verified organisations only; not for one’s own listing; one open interest per listing and organisation. The owner is notified.',
  )
  @ApiCreatedResponse({ type: InterestView })
  express(@CurrentActor() actor: Actor, @Body() body: ExpressInterestDto): Promise<InterestView> {
    return this.send(InterestPatterns.express, actor, body);
  }

  @Get('interests')
  @Access.roles([...MEMBERS, Role.operator], 'Interests my organisation expressed or received (operators: all)')
  list(@CurrentActor() actor: Actor, @Query() query: ListInterestsQuery): Promise<Page<InterestView>> {
    return this.send(InterestPatterns.list, actor, query);
  }

  @Get('interests/:id')
  @Access.roles([...MEMBERS, Role.operator], 'An interest', 'Only its two organisations (and operators, read-only) see it; to anyone else it does not exist.')
  @ApiOkResponse({ type: InterestView })
  get(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<InterestView> {
    return this.send(InterestPatterns.get, actor, { interestId: params.id });
  }

  @Post('interests/:id/accept')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Accept an interest in my listing: opens a negotiation thread', 'The listing’s owner only, while the interest is pending and the listing published.')
  @ApiOkResponse({ type: InterestView })
  accept(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: AcceptInterestDto): Promise<InterestView> {
    return this.send(InterestPatterns.respond, actor, { ...body, interestId: params.id, decision: 'accept' });
  }

  @Post('interests/:id/decline')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Decline an interest in my listing, with a message', 'The listing’s owner only, while the interest is pending. A declined interest can never open a negotiation.')
  @ApiOkResponse({ type: InterestView })
  decline(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: DeclineInterestDto): Promise<InterestView> {
    return this.send(InterestPatterns.respond, actor, { ...body, interestId: params.id, decision: 'decline' });
  }

  @Post('interests/:id/withdraw')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Withdraw my organisation’s pending interest')
  @ApiOkResponse({ type: InterestView })
  withdraw(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: WithdrawInterestDto): Promise<InterestView> {
    return this.send(InterestPatterns.withdraw, actor, { ...body, interestId: params.id });
  }
}
