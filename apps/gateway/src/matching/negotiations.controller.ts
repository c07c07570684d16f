import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@lib/auth';
import {
  Envelope,
  IdParam,
  ListNegotiationsQuery,
  MakeOfferDto,
  NegotiationPatterns,
  NegotiationView,
  Page,
  PostMessageDto,
  RespondToOfferDto,
  WithdrawNegotiationDto,
} from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { IsUUID } from 'class-validator';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';

const MEMBERS = [Role.institute, Role.enterprise];
const PARTIES_ONLY = 'Only the two organisations of the thread; to anyone else it does not exist.';

export class OfferParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'id must be a UUID' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'offerId must be a UUID' })
  offerId: string;
}

@ApiTags('matching')
@Controller()
export class NegotiationsController {
  constructor(private readonly services: ServiceClient) {}

  private send<T>(pattern: string, actor: Actor, input: unknown): Promise<T> {
    return this.services.send<T, Envelope<unknown>>(pattern, { actor, input });
  }

  @Get('negotiations')
  @Access.roles([...MEMBERS, Role.operator], 'Negotiation threads of my organisation, as seller or buyer (operators: all)')
  list(@CurrentActor() actor: Actor, @Query() query: ListNegotiationsQuery): Promise<Page<NegotiationView>> {
    return this.send(NegotiationPatterns.list, actor, query);
  }

  @Get('negotiations/:id')
  @Access.roles([...MEMBERS, Role.operator], 'A negotiation thread: messages and offers in order, the agreement and its trade', `${PARTIES_ONLY} Operators read it.`)
  @ApiOkResponse({ type: NegotiationView })
  get(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<NegotiationView> {
    return this.send(NegotiationPatterns.get, actor, { negotiationId: params.id });
  }

  @Post('negotiations/:id/messages')
  @Access.roles(MEMBERS, 'Post a message in the thread (also after agreement, not once closed)', PARTIES_ONLY)
  @ApiCreatedResponse({ type: NegotiationView })
  postMessage(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: PostMessageDto): Promise<NegotiationView> {
    return this.send(NegotiationPatterns.postMessage, actor, { ...body, negotiationId: params.id });
  }

  @Post('negotiations/:id/offers')
  @Access.roles(
    MEMBERS,
    'Make an offer or a counter-offer: amount and transaction mode',
    `${PARTIES_ONLY} While the thread is open; the mode must be one the listing offers; it replaces the open offer (countered, or withdrawn if it was mine).`,
  )
  @ApiCreatedResponse({ type: NegotiationView })
  makeOffer(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: MakeOfferDto): Promise<NegotiationView> {
    return this.send(NegotiationPatterns.makeOffer, actor, { ...body, negotiationId: params.id });
  }

  @Post('negotiations/:id/offers/:offerId/accept')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Accept the other party’s current offer: the thread is agreed and a trade is opened', `${PARTIES_ONLY} No offer is possible after agreement.`)
  @ApiOkResponse({ type: NegotiationView })
  accept(@CurrentActor() actor: Actor, @Param() params: OfferParams, @Body() body: RespondToOfferDto): Promise<NegotiationView> {
    return this.send(NegotiationPatterns.respondToOffer, actor, { ...body, negotiationId: params.id, offerId: params.offerId, action: 'accept' });
  }

  @Post('negotiations/:id/offers/:offerId/reject')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Reject the other party’s current offer (the thread stays open)', PARTIES_ONLY)
  @ApiOkResponse({ type: NegotiationView })
  reject(@CurrentActor() actor: Actor, @Param() params: OfferParams, @Body() body: RespondToOfferDto): Promise<NegotiationView> {
    return this.send(NegotiationPatterns.respondToOffer, actor, { ...body, negotiationId: params.id, offerId: params.offerId, action: 'reject' });
  }

  @Post('negotiations/:id/offers/:offerId/withdraw')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Withdraw my organisation’s open offer', PARTIES_ONLY)
  @ApiOkResponse({ type: NegotiationView })
  withdrawOffer(@CurrentActor() actor: Actor, @Param() params: OfferParams, @Body() body: RespondToOfferDto): Promise<NegotiationView> {
    return this.send(NegotiationPatterns.respondToOffer, actor, { ...body, negotiationId: params.id, offerId: params.offerId, action: 'withdraw' });
  }

  @Post('negotiations/:id/withdraw')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'End an open negotiation without agreement, with a reason', PARTIES_ONLY)
  @ApiOkResponse({ type: NegotiationView })
  withdraw(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: WithdrawNegotiationDto): Promise<NegotiationView> {
    return this.send(NegotiationPatterns.withdraw, actor, { ...body, negotiationId: params.id });
  }
}
