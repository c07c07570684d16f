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
import { DataSource, In, IsNull } from 'typeorm';
import { NotificationEntity } from './notification.entity';

const INSERT_SLICE = 2000;

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
    return (await this.storeMany([command]))[0];
  }

  /** `store` for several requests in two statements (a burst's delivery jobs come together) unless they name thousands of users, answered in order. */
  async storeMany(commands: StoreNotificationsCommand[]): Promise<StoreNotificationsAnswer[]> {
    const rows = commands.flatMap(({ request, recipientUserIds }) =>
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
    );
    if (rows.length === 0) return commands.map(() => ({ entries: [], created: 0 }));
    const createdIds = new Set<string>();
    // In slices: one statement takes at most 65,535 parameters (8 a row).
    for (let i = 0; i < rows.length; i += INSERT_SLICE) {
      const inserted = await this.dataSource.createQueryBuilder().insert().into(NotificationEntity).values(rows.slice(i, i + INSERT_SLICE)).orIgnore().returning(['id']).execute();
      for (const row of inserted.raw as { id: string }[]) createdIds.add(row.id);
    }
    const keys = [...new Set(commands.map((c) => c.request.key))];
    const entries = await this.dataSource.getRepository(NotificationEntity).find({ where: { requestKey: In(keys) }, order: { createdAt: 'ASC', id: 'ASC' } });
    return commands.map(({ request, recipientUserIds }) => {
      const wanted = new Set(recipientUserIds);
      const own = entries.filter((e) => e.requestKey === request.key && wanted.has(e.recipientUserId));
      return { entries: own.map(storedOf), created: own.filter((e) => createdIds.has(e.id)).length };
    });
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
