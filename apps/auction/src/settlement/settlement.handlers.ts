import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuctionPatterns, AuctionRef, AuctionRefs, SettleAnswer, SettleManyItem } from '@lib/contracts';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { SettlementService } from './settlement.service';
import { AuctionEvents } from '../auctions/auction-events';
import { AuctionsService } from '../auctions/auctions.service';

export class DueQuery {
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit: number;
}

/** Service-to-service, for the worker's auction lifecycle queue (open on time, settle on time). */
@Controller()
export class SettlementHandlers {
  constructor(
    private readonly settlement: SettlementService,
    private readonly events: AuctionEvents,
    private readonly auctions: AuctionsService,
  ) {}

  @MessagePattern(AuctionPatterns.settle)
  async settle(@Payload('input') input: AuctionRef): Promise<SettleAnswer> {
    const { answer, settledView } = await this.settlement.settleAndView(input.auctionId);
    if (settledView) {
      await this.events.publish(settledView, 'settled');
    }
    return answer;
  }

  /** A burst's settlements in one round trip: each still its own transaction, one failing leaves the others settled. */
  @MessagePattern(AuctionPatterns.settleMany)
  settleMany(@Payload('input') input: AuctionRefs): Promise<SettleManyItem[]> {
    return Promise.all(
      input.auctionIds.map((auctionId) =>
        this.settle({ auctionId }).then(
          (answer): SettleManyItem => ({ ok: true, answer }),
          (error): SettleManyItem => ({ ok: false, message: (error as Error).message }),
        ),
      ),
    );
  }

  @MessagePattern(AuctionPatterns.open)
  async open(@Payload('input') input: AuctionRef): Promise<{ opened: boolean }> {
    const result = await this.auctions.open(input.auctionId);
    if (result.opened) await this.events.changed(input.auctionId, 'status');
    return result;
  }

  @MessagePattern(AuctionPatterns.due)
  due(@Payload('input') input: DueQuery) {
    return this.settlement.due(new Date(), input.limit);
  }

  @MessagePattern(AuctionPatterns.dueToOpen)
  dueToOpen(@Payload('input') input: DueQuery) {
    return this.settlement.dueToOpen(new Date(), input.limit);
  }
}
