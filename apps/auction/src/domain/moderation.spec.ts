import { moderateAuction } from './moderation';

const now = new Date('2026-11-26T08:00:00Z');
const open = { status: 'open', endsAt: new Date('2026-11-26T09:00:00Z'), pausedAt: null };

describe('auction moderation', () => {
  it('pauses an open auction, with a reason', () => {
    expect(moderateAuction(open, 'pause', '核查竞买人资质', now)).toEqual({ status: 'paused', endsAt: open.endsAt, pausedAt: now });
    expect(() => moderateAuction(open, 'pause', '  ', now)).toThrow(expect.objectContaining({ code: 'AUCTION.REASON_REQUIRED' }));
  });

  it('gives back the paused time on resume: the end moves by exactly the pause', () => {
    const paused = { status: 'paused', endsAt: open.endsAt, pausedAt: now };
    const later = new Date(now.getTime() + 7 * 60_000);
    expect(moderateAuction(paused, 'resume', undefined, later)).toEqual({ status: 'open', endsAt: new Date(open.endsAt.getTime() + 7 * 60_000), pausedAt: null });
  });

  it('refuses to pause an auction past its end, or twice; to resume one that is not paused', () => {
    expect(() => moderateAuction(open, 'pause', 'r', open.endsAt)).toThrow(expect.objectContaining({ code: 'AUCTION.INVALID_TRANSITION' }));
    expect(() => moderateAuction({ ...open, status: 'paused', pausedAt: now }, 'pause', 'r', now)).toThrow(expect.objectContaining({ code: 'AUCTION.INVALID_TRANSITION' }));
    expect(() => moderateAuction(open, 'resume', undefined, now)).toThrow(expect.objectContaining({ code: 'AUCTION.INVALID_TRANSITION' }));
  });

  it.each(['scheduled', 'open', 'paused', 'closed'])('cancels a %s auction, with a reason', (status) => {
    expect(moderateAuction({ ...open, status }, 'cancel', '挂牌材料存疑', now).status).toBe('cancelled');
    expect(() => moderateAuction({ ...open, status }, 'cancel', undefined, now)).toThrow(expect.objectContaining({ code: 'AUCTION.REASON_REQUIRED' }));
  });

  it.each(['settled', 'cancelled'])('never touches a %s auction', (status) => {
    for (const action of ['pause', 'resume', 'cancel'] as const) {
      expect(() => moderateAuction({ ...open, status }, action, 'r', now)).toThrow(expect.objectContaining({ code: 'AUCTION.INVALID_TRANSITION' }));
    }
  });
});
