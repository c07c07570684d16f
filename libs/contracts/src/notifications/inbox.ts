import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../shared';
import { NOTIFICATION_SUBJECT_TYPES, NotificationRequest, NotificationSubjectType } from './notification.patterns';

/** The in-app inbox, kept by the matching service: written by the worker, read by each user through the gateway. */
export const NotificationInboxPatterns = {
  /** Worker: store one inbox entry per recipient user (idempotent on the request key). */
  store: 'matching.notifications.store',
  /** Worker: `store` for several requests at once (the delivery jobs of a burst), answered in order. */
  storeMany: 'matching.notifications.store-many',
  list: 'matching.notifications.list',
  markRead: 'matching.notifications.mark-read',
  markAllRead: 'matching.notifications.mark-all-read',
} as const;

/** Job ids cannot contain ':' in BullMQ; this escaping keeps distinct keys distinct. */
export const notificationJobId = (key: string) => `notification-${key.replace(/%/g, '%25').replace(/:/g, '%3A')}`;

export class NotificationSubjectDto {
  @IsIn(NOTIFICATION_SUBJECT_TYPES) type: NotificationSubjectType;
  @IsString() @IsNotEmpty() @MaxLength(200) id: string;
}

/** `NotificationRequest` as validated where it is received (the worker) and stored (matching). */
export class NotificationRequestDto implements NotificationRequest {
  @IsString() @IsNotEmpty() @MaxLength(300) key: string;
  @IsString() @IsNotEmpty() @MaxLength(100) kind: string;
  @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsUUID('4', { each: true }) recipientOrganisationIds: string[];
  @IsArray() @ArrayMaxSize(1000) @ArrayUnique() @IsUUID('4', { each: true }) recipientUserIds: string[];
  @IsOptional() @IsBoolean() recipientOperators?: boolean;
  @IsString() @IsNotEmpty() @MaxLength(300) title: string;
  @IsString() @MaxLength(4000) body: string;
  @IsObject() @ValidateNested() @Type(() => NotificationSubjectDto) subject: NotificationSubjectDto;
}

export class StoreNotificationsCommand {
  @IsObject() @ValidateNested() @Type(() => NotificationRequestDto) request: NotificationRequestDto;
  @IsArray() @ArrayMaxSize(10_000) @ArrayUnique() @IsUUID('4', { each: true }) recipientUserIds: string[];
}

export class StoreManyNotificationsCommand {
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => StoreNotificationsCommand) items: StoreNotificationsCommand[];
}

/** One stored entry as the delivery channels receive it. */
export interface StoredNotification {
  id: string;
  recipientUserId: string;
  kind: string;
  title: string;
  body: string;
  subject: { type: NotificationSubjectType; id: string };
  createdAt: string;
}

export interface StoreNotificationsAnswer {
  /** Every entry of the request (also those stored by an earlier attempt). */
  entries: StoredNotification[];
  /** How many this call created. */
  created: number;
}

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only unread; false: only read; absent: all' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationRef {
  @IsUUID('4', { message: 'notificationId must be a UUID' }) notificationId: string;
}

export class NotificationSubjectView {
  @ApiProperty({ enum: NOTIFICATION_SUBJECT_TYPES }) type: NotificationSubjectType;
  @ApiProperty() id: string;
}

export class NotificationView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'interest.expressed' }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: NotificationSubjectView }) subject: NotificationSubjectView;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true }) readAt: string | null;
}

export class NotificationPageView {
  @ApiProperty({ type: [NotificationView] }) items: NotificationView[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'Items matching the filter' }) total: number;
  @ApiProperty({ description: 'Unread notifications of the caller, whatever the filter' }) unreadCount: number;
}

export class MarkAllReadView {
  @ApiProperty({ description: 'How many were unread and are now read' }) marked: number;
}
