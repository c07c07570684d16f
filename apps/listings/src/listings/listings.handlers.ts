import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor, requireOrganisation, requireRole, Role, SystemActor } from '@lib/auth';
import {
  CreateListingDto,
  ListingReadView,
  ListingRef,
  ListingsPatterns,
  ListingTransitionCommand,
  ListingView,
  MarkSoldManyItem,
  ListListingsQuery,
  Page,
  TRANSACTION_MODES,
  TransactionMode,
  UpdateListingCommand,
} from '@lib/contracts';
import { ListingsService } from './listings.service';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { IsTimestamp, IsYuanAmount } from '@lib/contracts';

/** A trade of the listing was created, by an auction (auctionId) or a negotiation (tradeId). */
export class MarkSoldCommand {
  @IsUUID('4') listingId: string;
  @IsOptional() @IsUUID('4') auctionId?: string;
  @IsOptional() @IsUUID('4') tradeId?: string;
  @IsOptional() @IsIn(TRANSACTION_MODES) transactionMode?: TransactionMode | null;
}

export class MarkSoldManyCommand {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => MarkSoldCommand) items: MarkSoldCommand[];
}

export class EvaluationSummaryInput {
  @IsIn(['A', 'B', 'C', 'D']) grade: string;
  @IsNumber({ maxDecimalPlaces: 1 }) @Min(0) @Max(100) score: number;
  @IsYuanAmount() valuationLow: string;
  @IsYuanAmount() valuationHigh: string;
  @IsTimestamp() evaluatedAt: string;
  @IsInt() @Min(1) experts: number;
}

export class RecordEvaluationCommand {
  @IsUUID('4') listingId: string;
  @IsUUID('4') evaluationId: string;
  @IsObject() @ValidateNested() @Type(() => EvaluationSummaryInput) summary: EvaluationSummaryInput;
}

const MEMBERS = [Role.institute, Role.enterprise];

@Controller()
export class ListingsHandlers {
  constructor(private readonly listings: ListingsService) {}

  @MessagePattern(ListingsPatterns.create)
  create(@Payload('actor') actor: Actor | null, @Payload('input') input: CreateListingDto): Promise<ListingView> {
    const member = requireRole(requireActor(actor), ...MEMBERS);
    requireOrganisation(member);
    return this.listings.create(member, input);
  }

  @MessagePattern(ListingsPatterns.update)
  update(@Payload('actor') actor: Actor | null, @Payload('input') input: UpdateListingCommand): Promise<ListingView> {
    return this.listings.update(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  @MessagePattern(ListingsPatterns.transition)
  transition(@Payload('actor') actor: Actor | null, @Payload('input') input: ListingTransitionCommand): Promise<ListingView> {
    return this.listings.transition(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input);
  }

  /** Anonymous callers allowed: they get the public part of a published listing, or 404. */
  @MessagePattern(ListingsPatterns.get)
  get(@Payload('actor') actor: Actor | SystemActor | null, @Payload('input') input: ListingRef): Promise<ListingReadView> {
    return this.listings.get(actor, input.listingId);
  }

  @MessagePattern(ListingsPatterns.listMine)
  mine(@Payload('actor') actor: Actor | null, @Payload('input') input: ListListingsQuery): Promise<Page<ListingView>> {
    const member = requireRole(requireActor(actor), ...MEMBERS);
    requireOrganisation(member);
    return this.listings.listMine(member, input);
  }

  /** Service-to-service: auction settlement created a trade for this listing. */
  @MessagePattern(ListingsPatterns.markSold)
  markSold(@Payload('input') input: MarkSoldCommand): Promise<{ status: string }> {
    return this.listings.markSold(input.listingId, input);
  }

  /** Service-to-service: a settlement burst's sales in one round trip, each its own transaction. */
  @MessagePattern(ListingsPatterns.markSoldMany)
  markSoldMany(@Payload('input') input: MarkSoldManyCommand): Promise<MarkSoldManyItem[]> {
    return Promise.all(
      input.items.map((item) =>
        this.listings.markSold(item.listingId, item).then(
          ({ status }): MarkSoldManyItem => ({ ok: true, status }),
          (error): MarkSoldManyItem => ({ ok: false, message: (error as Error).message }),
        ),
      ),
    );
  }

  /** Service-to-service: the evaluation service published a result for this listing. */
  @MessagePattern(ListingsPatterns.recordEvaluation)
  recordEvaluation(@Payload('input') input: RecordEvaluationCommand): Promise<{ recorded: boolean }> {
    return this.listings.recordEvaluation(input.listingId, input.evaluationId, input.summary);
  }

  @MessagePattern(ListingsPatterns.reviewQueue)
  reviewQueue(@Payload('actor') actor: Actor | null, @Payload('input') input: ListListingsQuery): Promise<Page<ListingView>> {
    requireRole(requireActor(actor), Role.operator);
    return this.listings.reviewQueue(input);
  }
}
