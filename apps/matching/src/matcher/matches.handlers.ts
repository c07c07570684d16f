import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor, requireRole, Role } from '@lib/auth';
import {
  DemandMatchesCommand,
  DemandMatchesResult,
  ListingMatchesCommand,
  ListingMatchesResult,
  ListingRef,
  RetireListingsCommand,
  MatchingRunAnswer,
  MatchingSweepAnswer,
  MatchPatterns,
  DemandRef,
} from '@lib/contracts';
import { MatcherService } from './matcher.service';

const OWNERS_AND_OPERATORS = [Role.institute, Role.enterprise, Role.operator];

@Controller()
export class MatchesHandlers {
  constructor(private readonly matcher: MatcherService) {}

  @MessagePattern(MatchPatterns.forDemand)
  forDemand(@Payload('actor') actor: Actor | null, @Payload('input') input: DemandMatchesCommand): Promise<DemandMatchesResult> {
    return this.matcher.forDemand(requireRole(requireActor(actor), ...OWNERS_AND_OPERATORS), input);
  }

  @MessagePattern(MatchPatterns.forListing)
  forListing(@Payload('actor') actor: Actor | null, @Payload('input') input: ListingMatchesCommand): Promise<ListingMatchesResult> {
    return this.matcher.forListing(requireRole(requireActor(actor), ...OWNERS_AND_OPERATORS), input);
  }

  /** Service-to-service (worker). */
  @MessagePattern(MatchPatterns.runForDemand)
  runForDemand(@Payload('input') input: DemandRef): Promise<MatchingRunAnswer> {
    return this.matcher.runForDemand(input.demandId);
  }

  /** Service-to-service (worker). */
  @MessagePattern(MatchPatterns.runForListing)
  runForListing(@Payload('input') input: ListingRef): Promise<MatchingRunAnswer> {
    return this.matcher.runForListing(input.listingId);
  }

  /** Service-to-service (worker). */
  @MessagePattern(MatchPatterns.retireListing)
  retireListing(@Payload('input') input: ListingRef): Promise<{ retired: number }> {
    return this.matcher.retireListing(input.listingId);
  }

  /** Service-to-service (worker). */
  @MessagePattern(MatchPatterns.retireListings)
  retireListings(@Payload('input') input: RetireListingsCommand): Promise<{ retired: number }> {
    return this.matcher.retireListings(input.listingIds);
  }

  /** Service-to-service (worker). */
  @MessagePattern(MatchPatterns.sweep)
  sweep(): Promise<MatchingSweepAnswer> {
    return this.matcher.sweep();
  }
}
