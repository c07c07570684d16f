import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@lib/auth';
import {
  ListNotificationsQuery,
  MarkAllReadView,
  NotificationPageView,
  NotificationSubjectType,
  NotificationView,
  StoreNotificationsAnswer,
  StoreNotificationsCommand,
  StoredNotification,
} from '@lib/contracts';
import { CommonErrors } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { NotificationEntity } from './notification.entity';

const viewOf = (n: NotificationEntity): NotificationView => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  subject: { type: n.subjectType as NotificationSubjectType, id: n.subjectId },
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

const storedOf = (n: NotificationEntity): StoredNotification => ({
  id: n.id,
  recipientUserId: n.recipientUserId,
  kind: n.kind,
  title: n.title,
  body: n.body,
  subject: { type: n.subjectType as NotificationSubjectType, id: n.subjectId },
  createdAt: n.createdAt.toISOString(),
});

/**
 * The in-app inbox: one entry per (request key, user), written by the notification worker, read and
 * marked by its recipient only. Inbox entries are not audited: they record that people were told, not a
 * change of anything the audit log covers.
 */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Idempotent on (key, user): a retried job stores nothing twice, and answers every entry of the request. */
  async store(command: StoreNotificationsCommand): Promise<StoreNotificationsAnswer> {
    const { request, recipientUserIds } = command;
    if (recipientUserIds.length === 0) return { entries: [], created: 0 };
    const inserted = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(NotificationEntity)
      .values(
        recipientUserIds.map((recipientUserId) => ({
          id: randomUUID(),
          requestKey: request.key,
          recipientUserId,
          kind: request.kind,
          title: request.title,
          body: request.body,
          subjectType: request.subject.type,
          subjectId: request.subject.id,
        })),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    const entries = await this.dataSource.getRepository(NotificationEntity).find({ where: { requestKey: request.key }, order: { createdAt: 'ASC', id: 'ASC' } });
    const wanted = new Set(recipientUserIds);
    return { entries: entries.filter((e) => wanted.has(e.recipientUserId)).map(storedOf), created: inserted.raw.length };
  }

  async list(actor: Actor, query: ListNotificationsQuery): Promise<NotificationPageView> {
    const repository = this.dataSource.getRepository(NotificationEntity);
    const builder = repository.createQueryBuilder('n').where('n.recipient_user_id = :userId', { userId: actor.userId });
    if (query.unread === true) builder.andWhere('n.read_at IS NULL');
    if (query.unread === false) builder.andWhere('n.read_at IS NOT NULL');
    const [[items, total], unreadCount] = await Promise.all([
      builder
        .orderBy('n.created_at', 'DESC')
        .addOrderBy('n.id', 'DESC')
        .skip((query.page - 1) * query.pageSize)
        .take(query.pageSize)
        .getManyAndCount(),
      repository.countBy({ recipientUserId: actor.userId, readAt: IsNull() }),
    ]);
    return { items: items.map(viewOf), page: query.page, pageSize: query.pageSize, total, unreadCount };
  }

  /** Marks one of the caller's notifications read (again: no change); anyone else's does not exist. */
  async markRead(actor: Actor, notificationId: string): Promise<NotificationView> {
    const repository = this.dataSource.getRepository(NotificationEntity);
    await repository.update({ id: notificationId, recipientUserId: actor.userId, readAt: IsNull() }, { readAt: new Date() });
    const notification = await repository.findOneBy({ id: notificationId, recipientUserId: actor.userId });
    if (!notification) throw CommonErrors.notFound('notification', notificationId);
    return viewOf(notification);
  }

  async markAllRead(actor: Actor): Promise<MarkAllReadView> {
    const result = await this.dataSource.getRepository(NotificationEntity).update({ recipientUserId: actor.userId, readAt: IsNull() }, { readAt: new Date() });
    return { marked: result.affected ?? 0 };
  }
}
