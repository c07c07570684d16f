import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor } from '@lib/auth';
import {
  ListNotificationsQuery,
  MarkAllReadView,
  NotificationInboxPatterns,
  NotificationPageView,
  NotificationRef,
  NotificationView,
  StoreNotificationsAnswer,
  StoreManyNotificationsCommand,
  StoreNotificationsCommand,
} from '@lib/contracts';
import { InboxService } from './inbox.service';

/** Every user (any role) has an inbox and sees only their own. */
@Controller()
export class InboxHandlers {
  constructor(private readonly inbox: InboxService) {}

  /** Service-to-service (notification worker). */
  @MessagePattern(NotificationInboxPatterns.store)
  store(@Payload('input') input: StoreNotificationsCommand): Promise<StoreNotificationsAnswer> {
    return this.inbox.store(input);
  }

  /** Service-to-service (notification worker). */
  @MessagePattern(NotificationInboxPatterns.storeMany)
  storeMany(@Payload('input') input: StoreManyNotificationsCommand): Promise<StoreNotificationsAnswer[]> {
    return this.inbox.storeMany(input.items);
  }

  @MessagePattern(NotificationInboxPatterns.list)
  list(@Payload('actor') actor: Actor | null, @Payload('input') input: ListNotificationsQuery): Promise<NotificationPageView> {
    return this.inbox.list(requireActor(actor), input);
  }

  @MessagePattern(NotificationInboxPatterns.markRead)
  markRead(@Payload('actor') actor: Actor | null, @Payload('input') input: NotificationRef): Promise<NotificationView> {
    return this.inbox.markRead(requireActor(actor), input.notificationId);
  }

  @MessagePattern(NotificationInboxPatterns.markAllRead)
  markAllRead(@Payload('actor') actor: Actor | null): Promise<MarkAllReadView> {
    return this.inbox.markAllRead(requireActor(actor));
  }
}
