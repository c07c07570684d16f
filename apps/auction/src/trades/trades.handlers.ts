import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor, requireRole, Role } from '@lib/auth';
import {
  ComparablesQuery,
  ComparableTrade,
  ConfirmTradePaymentCommand,
  DisputeTradeCommand,
  ListTradesQuery,
  OpenNegotiatedTradeAnswer,
  OpenNegotiatedTradeCommand,
  Page,
  ParticipantsOfListingAnswer,
  ParticipantsOfListingQuery,
  ResolveDisputeCommand,
  SignTradeCommand,
  TradePatterns,
  TradeRef,
  TradeTermsCommand,
  TradeView,
} from '@lib/contracts';
import { TradesService } from './trades.service';

const MEMBERS = [Role.institute, Role.enterprise];

@Controller()
export class TradesHandlers {
  constructor(private readonly trades: TradesService) {}

  @MessagePattern(TradePatterns.get)
  get(@Payload('actor') actor: Actor | null, @Payload('input') input: TradeRef): Promise<TradeView> {
    return this.trades.get(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input.tradeId);
  }

  @MessagePattern(TradePatterns.list)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: ListTradesQuery): Promise<Page<TradeView>> {
    return this.trades.list(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input);
  }

  @MessagePattern(TradePatterns.proposeTerms)
  proposeTerms(@Payload('actor') actor: Actor | null, @Payload('input') input: TradeTermsCommand): Promise<TradeView> {
    return this.trades.proposeTerms(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(TradePatterns.sign)
  sign(@Payload('actor') actor: Actor | null, @Payload('input') input: SignTradeCommand): Promise<TradeView> {
    return this.trades.sign(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(TradePatterns.confirmPayment)
  confirmPayment(@Payload('actor') actor: Actor | null, @Payload('input') input: ConfirmTradePaymentCommand): Promise<TradeView> {
    return this.trades.confirmPayment(requireRole(requireActor(actor), Role.operator), input);
  }

  @MessagePattern(TradePatterns.complete)
  complete(@Payload('actor') actor: Actor | null, @Payload('input') input: TradeRef): Promise<TradeView> {
    return this.trades.complete(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input.tradeId);
  }

  @MessagePattern(TradePatterns.dispute)
  dispute(@Payload('actor') actor: Actor | null, @Payload('input') input: DisputeTradeCommand): Promise<TradeView> {
    return this.trades.dispute(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(TradePatterns.resolveDispute)
  resolveDispute(@Payload('actor') actor: Actor | null, @Payload('input') input: ResolveDisputeCommand): Promise<TradeView> {
    return this.trades.resolveDispute(requireRole(requireActor(actor), Role.operator), input);
  }

  /** Service-to-service (matching): an agreed negotiation. */
  @MessagePattern(TradePatterns.openNegotiated)
  openNegotiated(@Payload('input') input: OpenNegotiatedTradeCommand): Promise<OpenNegotiatedTradeAnswer> {
    return this.trades.openNegotiated(input);
  }

  /** Service-to-service (evaluation, market method). */
  @MessagePattern(TradePatterns.comparables)
  comparables(@Payload('input') input: ComparablesQuery): Promise<ComparableTrade[]> {
    return this.trades.comparables(input);
  }

  /** Service-to-service (evaluation, conflicts of interest). */
  @MessagePattern(TradePatterns.participantsOfListing)
  participantsOfListing(@Payload('input') input: ParticipantsOfListingQuery): Promise<ParticipantsOfListingAnswer> {
    return this.trades.participantsOfListing(input.listingId);
  }

  /** Worker sweep. */
  @MessagePattern(TradePatterns.flagOverdueSignatures)
  flagOverdueSignatures(): Promise<{ flagged: number }> {
    return this.trades.flagOverdueSignatures();
  }
}
