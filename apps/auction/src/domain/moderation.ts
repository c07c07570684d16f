import { DomainError } from '@lib/errors';

export type ModerationAction = 'pause' | 'resume' | 'cancel';

export interface ModeratedAuction {
  status: string;
  endsAt: Date;
  pausedAt: Date | null;
}

/**
 * Operators pause, resume and cancel auctions. A pause stops bidding; resuming gives back the time
 * it was paused (the end moves by the pause's length), so bidders lose no time. A cancellation is
 * final and releases every deposit. Settled auctions are history and cannot be touched.
 */
export function moderateAuction(
  auction: ModeratedAuction,
  action: ModerationAction,
  reason: string | undefined,
  now: Date,
): { status: 'paused' | 'open' | 'cancelled'; endsAt: Date; pausedAt: Date | null } {
  if ((action === 'pause' || action === 'cancel') && !reason?.trim()) {
    throw new DomainError('AUCTION.REASON_REQUIRED', 'validation', `A reason is required to ${action}`, {
      fields: [{ field: 'reason', messages: [`reason is required to ${action}`] }],
    });
  }
  const refuse = () =>
    new DomainError('AUCTION.INVALID_TRANSITION', 'conflict', `Cannot ${action} an auction that is ${auction.status}`, {
      details: { status: auction.status, action },
    });
  switch (action) {
    case 'pause':
      if (auction.status !== 'open' && auction.status !== 'scheduled') throw refuse();
      if (now.getTime() >= auction.endsAt.getTime()) throw refuse();
      return { status: 'paused', endsAt: auction.endsAt, pausedAt: now };
    case 'resume': {
      if (auction.status !== 'paused' || !auction.pausedAt) throw refuse();
      const pausedFor = Math.max(0, now.getTime() - auction.pausedAt.getTime());
      return { status: 'open', endsAt: new Date(auction.endsAt.getTime() + pausedFor), pausedAt: null };
    }
    case 'cancel':
      if (!['scheduled', 'open', 'paused', 'closed'].includes(auction.status)) throw refuse();
      return { status: 'cancelled', endsAt: auction.endsAt, pausedAt: null };
  }
}
