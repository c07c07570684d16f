import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { notificationOutboxPatternsOf, NotifyingService, OutboxNotification } from '@lib/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { NotificationOutbox } from './notification-outbox';

export class ClaimOutboxQuery {
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit: number;
  @Type(() => Number) @IsInt() @Min(1000) @Max(3_600_000) leaseMs: number;
}

export class AckOutboxCommand {
  @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @Matches(/^\d{1,18}$/, { each: true }) outboxIds: string[];
}

/** Service to service, for the worker's notification relay; patterns are per service, so the controller is made per service. */
export function notificationOutboxControllerFor(service: NotifyingService) {
  const patterns = notificationOutboxPatternsOf(service);

  @Controller()
  class NotificationOutboxHandlers {
    constructor(private readonly outbox: NotificationOutbox) {}

    @MessagePattern(patterns.claim)
    claim(@Payload('input') input: ClaimOutboxQuery): Promise<OutboxNotification[]> {
      return this.outbox.claim(input.limit, input.leaseMs);
    }

    @MessagePattern(patterns.ack)
    async ack(@Payload('input') input: AckOutboxCommand): Promise<{ acknowledged: number }> {
      return { acknowledged: await this.outbox.acknowledge(input.outboxIds) };
    }
  }
  return NotificationOutboxHandlers;
}
