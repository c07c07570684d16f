import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CatalogueChange, ListingsPatterns } from '@lib/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { CatalogueOutboxService } from './catalogue-outbox.service';

export class ClaimChangesQuery {
  @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit: number;
}

export class AckChangesCommand {
  @ArrayMaxSize(5000) @IsString({ each: true }) @Matches(/^\d{1,18}$/, { each: true }) outboxIds: string[];
}

/** Service-to-service, for the worker that relays the outbox to Meilisearch. */
@Controller()
export class CatalogueHandlers {
  constructor(private readonly outbox: CatalogueOutboxService) {}

  @MessagePattern(ListingsPatterns.claimCatalogueChanges)
  claim(@Payload('input') input: ClaimChangesQuery): Promise<CatalogueChange[]> {
    return this.outbox.pendingChanges(input.limit);
  }

  @MessagePattern(ListingsPatterns.ackCatalogueChanges)
  async ack(@Payload('input') input: AckChangesCommand): Promise<{ acknowledged: number }> {
    return { acknowledged: await this.outbox.acknowledge(input.outboxIds) };
  }

  @MessagePattern(ListingsPatterns.requeuePublished)
  async requeuePublished(): Promise<{ queued: number }> {
    return { queued: await this.outbox.requeuePublished() };
  }
}
