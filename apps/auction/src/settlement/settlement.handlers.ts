import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuctionPatterns, AuctionRef, SettleAnswer } from '@lib/contracts';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { SettlementService } from './settlement.service';
import { AuctionEvents } from '../auctions/auction-events';

export class DueQuery {
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit: number;
}

/** Service-to-service, for the worker's auction lifecycle queue. */
@Controller()
export class SettlementHandlers {
  constructor(
    private readonly settlement: SettlementService,
    private readonly events: AuctionEvents,
  ) {}

  @MessagePattern(AuctionPatterns.settle)
  async settle(@Payload('input') input: AuctionRef): Promise<SettleAnswer> {
    const answer = await this.settlement.settle(input.auctionId);
    if (answer.state === 'settled' && !answer.alreadySettled) await this.events.changed(input.auctionId, 'settled');
    return answer;
  }

  @MessagePattern(AuctionPatterns.due)
  due(@Payload('input') input: DueQuery) {
    return this.settlement.due(new Date(), input.limit);
  }
}
