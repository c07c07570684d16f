import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor, requireRole, Role } from '@lib/auth';
import {
  ListNegotiationsQuery,
  MakeOfferCommand,
  NegotiationPatterns,
  NegotiationRef,
  NegotiationView,
  OpenTradeAnswer,
  Page,
  PostMessageCommand,
  RespondToOfferCommand,
  WithdrawNegotiationCommand,
} from '@lib/contracts';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { NegotiationsService } from './negotiations.service';
import { TradeOpener } from './trade-opener';

const MEMBERS = [Role.institute, Role.enterprise];

export class PendingTradesInput {
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit: number;
}

@Controller()
export class NegotiationsHandlers {
  constructor(
    private readonly negotiations: NegotiationsService,
    private readonly trades: TradeOpener,
  ) {}

  @MessagePattern(NegotiationPatterns.get)
  get(@Payload('actor') actor: Actor | null, @Payload('input') input: NegotiationRef): Promise<NegotiationView> {
    return this.negotiations.get(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input.negotiationId);
  }

  @MessagePattern(NegotiationPatterns.list)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: ListNegotiationsQuery): Promise<Page<NegotiationView>> {
    return this.negotiations.list(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input);
  }

  @MessagePattern(NegotiationPatterns.postMessage)
  postMessage(@Payload('actor') actor: Actor | null, @Payload('input') input: PostMessageCommand): Promise<NegotiationView> {
    return this.negotiations.postMessage(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(NegotiationPatterns.makeOffer)
  makeOffer(@Payload('actor') actor: Actor | null, @Payload('input') input: MakeOfferCommand): Promise<NegotiationView> {
    return this.negotiations.makeOffer(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(NegotiationPatterns.respondToOffer)
  respondToOffer(@Payload('actor') actor: Actor | null, @Payload('input') input: RespondToOfferCommand): Promise<NegotiationView> {
    return this.negotiations.respondToOffer(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(NegotiationPatterns.withdraw)
  withdraw(@Payload('actor') actor: Actor | null, @Payload('input') input: WithdrawNegotiationCommand): Promise<NegotiationView> {
    return this.negotiations.withdraw(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  /** Service-to-service (worker): open the trade of an agreed thread; idempotent. */
  @MessagePattern(NegotiationPatterns.openTrade)
  openTrade(@Payload('input') input: NegotiationRef): Promise<OpenTradeAnswer> {
    return this.trades.open(input.negotiationId);
  }

  /** Service-to-service (worker sweep). */
  @MessagePattern(NegotiationPatterns.pendingTrades)
  pendingTrades(@Payload('input') input: PendingTradesInput): Promise<string[]> {
    return this.trades.pending(input.limit);
  }
}
