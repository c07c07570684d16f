import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor, requireRole, Role } from '@lib/auth';
import { AuctionPatterns, AuctionRef, AuctionView, BidReceipt, BidView, CreateAuctionDto, ListAuctionsQuery, ModerateAuctionCommand, Page, PlaceBidCommand, RegistrationView, TopUpDto, WalletView } from '@lib/contracts';
import { BiddingService } from '../bidding/bidding.service';
import { AuctionsService } from './auctions.service';
import { AuctionModerationService } from './moderation.service';

const MEMBERS = [Role.institute, Role.enterprise];

@Controller()
export class AuctionsHandlers {
  constructor(
    private readonly auctions: AuctionsService,
    private readonly bidding: BiddingService,
    private readonly moderation: AuctionModerationService,
  ) {}

  @MessagePattern(AuctionPatterns.create)
  create(@Payload('actor') actor: Actor | null, @Payload('input') input: CreateAuctionDto): Promise<AuctionView> {
    return this.auctions.create(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(AuctionPatterns.get)
  get(@Payload('actor') actor: Actor | null, @Payload('input') input: AuctionRef): Promise<AuctionView> {
    return this.auctions.get(actor, input.auctionId);
  }

  @MessagePattern(AuctionPatterns.list)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: ListAuctionsQuery): Promise<Page<AuctionView>> {
    return this.auctions.list(actor, input);
  }

  @MessagePattern(AuctionPatterns.register)
  register(@Payload('actor') actor: Actor | null, @Payload('input') input: AuctionRef): Promise<RegistrationView> {
    return this.auctions.register(requireRole(requireActor(actor), ...MEMBERS), input.auctionId);
  }

  @MessagePattern(AuctionPatterns.myRegistration)
  myRegistration(@Payload('actor') actor: Actor | null, @Payload('input') input: AuctionRef): Promise<RegistrationView> {
    return this.auctions.myRegistration(requireRole(requireActor(actor), ...MEMBERS), input.auctionId);
  }

  @MessagePattern(AuctionPatterns.bid)
  bid(@Payload('actor') actor: Actor | null, @Payload('input') input: PlaceBidCommand): Promise<BidReceipt> {
    return this.bidding.bid(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(AuctionPatterns.bids)
  bids(@Payload('actor') actor: Actor | null, @Payload('input') input: AuctionRef): Promise<BidView[]> {
    return this.bidding.history(actor, input.auctionId);
  }

  @MessagePattern(AuctionPatterns.wallet)
  wallet(@Payload('actor') actor: Actor | null): Promise<WalletView> {
    return this.auctions.wallet(requireRole(requireActor(actor), ...MEMBERS));
  }

  @MessagePattern(AuctionPatterns.moderate)
  moderate(@Payload('actor') actor: Actor | null, @Payload('input') input: ModerateAuctionCommand): Promise<AuctionView> {
    return this.moderation.moderate(requireRole(requireActor(actor), Role.operator), input);
  }

  @MessagePattern(AuctionPatterns.topUp)
  topUp(@Payload('actor') actor: Actor | null, @Payload('input') input: TopUpDto): Promise<WalletView> {
    return this.auctions.topUp(requireRole(requireActor(actor), Role.operator), input);
  }
}
