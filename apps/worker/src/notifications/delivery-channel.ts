import { Injectable, Logger } from '@nestjs/common';
import { StoredNotification } from '@lib/contracts';

/**
 * Where a stored notification goes besides the inbox. Each channel gets every entry of a request (one
 * per recipient user) and must tolerate seeing them again (a retried job re-delivers through the
 * channels that had not finished). E-mail or SMS would be channels here: look up the users' addresses
 * with identity, send, and throw to have the job retried.
 */
export interface DeliveryChannel {
  readonly name: string;
  deliver(entries: StoredNotification[]): Promise<void>;
}

export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');

/**
 * In-app: the inbox entry stored by the matching service is the delivery; users read it with
 * `GET /api/v1/notifications`. Nothing more to send.
 */
@Injectable()
export class InAppChannel implements DeliveryChannel {
  readonly name = 'in-app';
  private readonly logger = new Logger(InAppChannel.name);

  async deliver(entries: StoredNotification[]): Promise<void> {
    this.logger.debug(`${entries.length} inbox entr${entries.length === 1 ? 'y' : 'ies'} delivered in-app`);
  }
}
