import { Body, Controller, Get, Headers, HttpCode, MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import { concat, map, Observable, of } from 'rxjs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@lib/auth';
import {
  AuctionEvent,
  auctionEventsPattern,
  AuctionPatterns,
  AuctionView,
  BidReceipt,
  BidView,
  CreateAuctionDto,
  Envelope,
  IdParam,
  ListAuctionsQuery,
  ModerateAuctionDto,
  Page,
  PlaceBidDto,
  RegistrationView,
  TopUpDto,
  WalletView,
} from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { Access } from '../auth/access.decorator';
import { CurrentActor, OptionalActor } from '../auth/current-actor.decorator';
import { RateLimited } from '../rate-limits/rate-limits';

const MEMBERS = [Role.institute, Role.enterprise];

@ApiTags('auctions')
@Controller()
export class AuctionsController {
  constructor(private readonly services: ServiceClient) {}

  private send<T>(pattern: string, actor: Actor | null, input: unknown): Promise<T> {
    return this.services.send<T, Envelope<unknown>>(pattern, { actor, input });
  }

  @Post('auctions')
  @Access.roles(MEMBERS, 'Put a published listing of my organisation up for auction', 'Verified organisations only; one live auction per listing.')
  @ApiCreatedResponse({ type: AuctionView })
  create(@CurrentActor() actor: Actor, @Body() body: CreateAuctionDto): Promise<AuctionView> {
    return this.send(AuctionPatterns.create, actor, body);
  }

  @Get('auctions')
  @Access.public('Auctions, by status or listing')
  list(@OptionalActor() actor: Actor | null, @Query() query: ListAuctionsQuery): Promise<Page<AuctionView>> {
    return this.send(AuctionPatterns.list, actor, query);
  }

  @Get('auctions/:id')
  @Access.public('An auction: price, leader alias, end time; the reserve amount only to the seller and operators')
  @ApiOkResponse({ type: AuctionView })
  get(@OptionalActor() actor: Actor | null, @Param() params: IdParam): Promise<AuctionView> {
    return this.send(AuctionPatterns.get, actor, { auctionId: params.id });
  }

  @Sse('auctions/:id/events')
  @Access.public('Follow an auction live (server-sent events): the current view at once, then every bid, extension and the close')
  async events(@OptionalActor() actor: Actor | null, @Param() params: IdParam): Promise<Observable<MessageEvent>> {
    const current = await this.send<AuctionView>(AuctionPatterns.get, null, { auctionId: params.id });
    const initial: AuctionEvent = { kind: 'status', auction: current, extended: false, at: new Date().toISOString() };
    return concat(of(initial), this.services.events<AuctionEvent>(auctionEventsPattern(params.id))).pipe(
      map((event) => ({ type: event.kind, data: event }) as MessageEvent),
    );
  }

  @Post('auctions/:id/registrations')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Register my organisation as a bidder: holds the deposit', 'Verified, eligible organisations other than the seller; repeating it changes nothing.')
  @ApiOkResponse({ type: RegistrationView })
  register(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<RegistrationView> {
    return this.send(AuctionPatterns.register, actor, { auctionId: params.id });
  }

  @Get('auctions/:id/registration')
  @Access.roles(MEMBERS, 'My organisation’s registration for this auction (alias, deposit)')
  @ApiOkResponse({ type: RegistrationView })
  registration(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<RegistrationView> {
    return this.send(AuctionPatterns.myRegistration, actor, { auctionId: params.id });
  }

  @Post('auctions/:id/bids')
  @RateLimited('bid')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'A key per bid: the same bid retried with it is applied once' })
  @Access.roles(MEMBERS, 'Bid (English: your proxy maximum; sealed: your bid; Dutch: accept the current price)', 'Registered, eligible bidders only; the bid is stored before this answers.')
  @ApiOkResponse({ type: BidReceipt })
  bid(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: PlaceBidDto, @Headers('idempotency-key') idempotencyKey: string | undefined): Promise<BidReceipt> {
    return this.send(AuctionPatterns.bid, actor, { ...body, auctionId: params.id, idempotencyKey: idempotencyKey ?? '' });
  }

  @Get('auctions/:id/bids')
  @Access.public('Bid history by alias (sealed bids stay hidden until the auction is settled)')
  bids(@OptionalActor() actor: Actor | null, @Param() params: IdParam): Promise<BidView[]> {
    return this.send(AuctionPatterns.bids, actor, { auctionId: params.id });
  }

  @Get('wallet')
  @Access.roles(MEMBERS, 'My organisation’s deposit wallet: available and held balances and recent movements')
  @ApiOkResponse({ type: WalletView })
  wallet(@CurrentActor() actor: Actor): Promise<WalletView> {
    return this.send(AuctionPatterns.wallet, actor, {});
  }

  @Post('admin/auctions/:id/pause')
  @HttpCode(200)
  @Access.roles([Role.operator], 'Pause an auction, with a reason: bidding stops; resuming gives back the paused time')
  @ApiOkResponse({ type: AuctionView })
  pause(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ModerateAuctionDto): Promise<AuctionView> {
    return this.send(AuctionPatterns.moderate, actor, { ...body, auctionId: params.id, action: 'pause' });
  }

  @Post('admin/auctions/:id/resume')
  @HttpCode(200)
  @Access.roles([Role.operator], 'Resume a paused auction (its end moves by the time it was paused)')
  @ApiOkResponse({ type: AuctionView })
  resume(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ModerateAuctionDto): Promise<AuctionView> {
    return this.send(AuctionPatterns.moderate, actor, { ...body, auctionId: params.id, action: 'resume' });
  }

  @Post('admin/auctions/:id/cancel')
  @HttpCode(200)
  @Access.roles([Role.operator], 'Cancel an auction, with a reason: every deposit is released')
  @ApiOkResponse({ type: AuctionView })
  cancel(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ModerateAuctionDto): Promise<AuctionView> {
    return this.send(AuctionPatterns.moderate, actor, { ...body, auctionId: params.id, action: 'cancel' });
  }

  @Post('admin/payments/top-ups')
  @Access.roles([Role.operator], 'Confirm a payment received from an organisation: credits its wallet once per reference')
  @ApiCreatedResponse({ type: WalletView })
  topUp(@CurrentActor() actor: Actor, @Body() body: TopUpDto): Promise<WalletView> {
    return this.send(AuctionPatterns.topUp, actor, body);
  }
}
