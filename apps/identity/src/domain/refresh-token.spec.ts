import { issueRefreshToken, judgeRefreshToken, parseRefreshToken, secretMatches } from './refresh-token';

describe('refresh tokens', () => {
  it('round-trips: the issued token parses and its secret matches the stored hash only', () => {
    const issued = issueRefreshToken();
    const parsed = parseRefreshToken(issued.token);
    expect(parsed).toEqual({ id: issued.id, secret: issued.secret });
    expect(secretMatches(parsed!.secret, issued.secretHash)).toBe(true);
    expect(secretMatches(issueRefreshToken().secret, issued.secretHash)).toBe(false);
    expect(issued.secretHash).not.toContain(issued.secret);
  });

  it.each(['', 'not-a-token', 'abc.def', `${'0'.repeat(36)}.short`])('refuses the malformed token %p', (token) => {
    expect(parseRefreshToken(token)).toBeNull();
  });

  const now = new Date('2026-11-26T08:00:00Z');
  const fresh = { usedAt: null, revokedAt: null, expiresAt: new Date('2026-12-10T08:00:00Z') };

  it('rotates an unused, unrevoked, unexpired token', () => {
    expect(judgeRefreshToken(fresh, now)).toBe('rotate');
  });

  it('treats a second use as a replay', () => {
    expect(judgeRefreshToken({ ...fresh, usedAt: new Date('2026-11-26T07:00:00Z') }, now)).toBe('replayed');
  });

  it('refuses revoked before replayed, and expired tokens', () => {
    expect(judgeRefreshToken({ ...fresh, usedAt: now, revokedAt: now }, now)).toBe('revoked');
    expect(judgeRefreshToken({ ...fresh, expiresAt: now }, now)).toBe('expired');
  });
});
