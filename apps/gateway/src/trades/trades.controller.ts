import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@lib/auth';
import {
  ConfirmTradePaymentDto,
  ContractTermsDto,
  DisputeTradeDto,
  Envelope,
  IdParam,
  ListTradesQuery,
  Page,
  ResolveDisputeDto,
  SignTradeDto,
  TradePatterns,
  TradeView,
} from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';

const MEMBERS = [Role.institute, Role.enterprise];
const PARTIES_AND_OPERATORS = [...MEMBERS, Role.operator];

/** Trades: only their two parties and operators see them; to anyone else a trade does not exist. */
@ApiTags('trades')
@Controller()
export class TradesController {
  constructor(private readonly services: ServiceClient) {}

  private send<T>(pattern: string, actor: Actor, input: unknown): Promise<T> {
    return this.services.send<T, Envelope<unknown>>(pattern, { actor, input });
  }

  @Get('trades')
  @Access.roles(PARTIES_AND_OPERATORS, 'My organisation’s trades (operators: all, `flagged=true` for unsigned past the deadline)')
  list(@CurrentActor() actor: Actor, @Query() query: ListTradesQuery): Promise<Page<TradeView>> {
    return this.send(TradePatterns.list, actor, query);
  }

  @Get('trades/:id')
  @Access.roles(PARTIES_AND_OPERATORS, 'A trade of my organisation', 'Parties and operators only; 404 for anyone else.')
  @ApiOkResponse({ type: TradeView })
  get(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<TradeView> {
    return this.send(TradePatterns.get, actor, { tradeId: params.id });
  }

  @Put('trades/:id/contract')
  @Access.roles(MEMBERS, 'The seller proposes the contract terms (scope, dates)', 'Before both have signed; a change voids signatures given so far.')
  @ApiOkResponse({ type: TradeView })
  proposeTerms(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ContractTermsDto): Promise<TradeView> {
    return this.send(TradePatterns.proposeTerms, actor, { ...body, tradeId: params.id });
  }

  @Post('trades/:id/signatures')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Sign the contract terms version I have read', 'The trade is signed when both parties have signed the same version.')
  @ApiOkResponse({ type: TradeView })
  sign(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: SignTradeDto): Promise<TradeView> {
    return this.send(TradePatterns.sign, actor, { ...body, tradeId: params.id });
  }

  @Post('trades/:id/completion')
  @HttpCode(200)
  @Access.roles(PARTIES_AND_OPERATORS, 'The buyer accepts delivery of a paid trade: escrow is paid to the seller')
  @ApiOkResponse({ type: TradeView })
  complete(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<TradeView> {
    return this.send(TradePatterns.complete, actor, { tradeId: params.id });
  }

  @Post('trades/:id/disputes')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Dispute a signed or paid trade, with a reason', 'Either party; the money stays in escrow until an operator resolves it.')
  @ApiOkResponse({ type: TradeView })
  dispute(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: DisputeTradeDto): Promise<TradeView> {
    return this.send(TradePatterns.dispute, actor, { ...body, tradeId: params.id });
  }

  @Post('admin/trades/:id/payments')
  @HttpCode(200)
  @Access.roles([Role.operator], 'Confirm the buyer’s payment of the outstanding amount (bank transfer received)', 'The money goes into the trade’s escrow.')
  @ApiOkResponse({ type: TradeView })
  confirmPayment(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ConfirmTradePaymentDto): Promise<TradeView> {
    return this.send(TradePatterns.confirmPayment, actor, { ...body, tradeId: params.id });
  }

  @Post('admin/trades/:id/resolution')
  @HttpCode(200)
  @Access.roles([Role.operator], 'Resolve a dispute: completed, refunded or cancelled, with a reason')
  @ApiOkResponse({ type: TradeView })
  resolve(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ResolveDisputeDto): Promise<TradeView> {
    return this.send(TradePatterns.resolveDispute, actor, { ...body, tradeId: params.id });
  }
}
