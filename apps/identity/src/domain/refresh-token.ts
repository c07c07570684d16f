import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * A refresh token is `<id>.<secret>`: the id finds the row, the secret (stored only as its
 * SHA-256) proves possession. Each use rotates it: the presented token is spent and a new one
 * of the same family is issued. Presenting a spent token again means it was stolen or replayed,
 * so the whole family (the login session) is revoked.
 */
export interface IssuedRefreshToken {
  id: string;
  secret: string;
  secretHash: string;
  token: string;
}

export function issueRefreshToken(): IssuedRefreshToken {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, secretHash: sha256(secret), token: `${id}.${secret}` };
}

export function parseRefreshToken(token: string): { id: string; secret: string } | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { id: match[1], secret: match[2] } : null;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(sha256(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export interface StoredRefreshToken {
  usedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

export type RefreshVerdict = 'rotate' | 'replayed' | 'revoked' | 'expired';

/** What to do with a presented refresh token whose secret matched. */
export function judgeRefreshToken(stored: StoredRefreshToken, now: Date): RefreshVerdict {
  if (stored.revokedAt) return 'revoked';
  if (stored.usedAt) return 'replayed';
  if (stored.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'rotate';
}
