import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@lib/auth';
import { Envelope, IdParam, ListNotificationsQuery, MarkAllReadView, NotificationInboxPatterns, NotificationPageView, NotificationView } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';

/** The caller's own in-app inbox; nobody reads or marks anyone else's. */
@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(private readonly services: ServiceClient) {}

  private send<T>(pattern: string, actor: Actor, input: unknown): Promise<T> {
    return this.services.send<T, Envelope<unknown>>(pattern, { actor, input });
  }

  @Get('notifications')
  @Access.roles('any', 'My notifications, newest first (unread=true for unread only), with my unread count')
  @ApiOkResponse({ type: NotificationPageView })
  list(@CurrentActor() actor: Actor, @Query() query: ListNotificationsQuery): Promise<NotificationPageView> {
    return this.send(NotificationInboxPatterns.list, actor, query);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @Access.roles('any', 'Mark all my notifications read')
  @ApiOkResponse({ type: MarkAllReadView })
  markAllRead(@CurrentActor() actor: Actor): Promise<MarkAllReadView> {
    return this.send(NotificationInboxPatterns.markAllRead, actor, {});
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @Access.roles('any', 'Mark one of my notifications read (again: no change)', 'Another user’s notification does not exist for the caller.')
  @ApiOkResponse({ type: NotificationView })
  markRead(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<NotificationView> {
    return this.send(NotificationInboxPatterns.markRead, actor, { notificationId: params.id });
  }
}
