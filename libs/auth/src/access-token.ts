import { Role } from './roles';

/** Claims of the access token (a short-lived HS256 JWT signed by identity, verified by the gateway). */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  org: string | null;
  adm: boolean;
  sid: string;
}

export const ACCESS_TOKEN_ISSUER = 'dualuse-identity';
export const ACCESS_TOKEN_AUDIENCE = 'dualuse-api';

/**
 * Redis key (under the deployment prefix) marking a session revoked: logout or a replayed
 * refresh token. Kept as long as an access token of the session could still be valid.
 */
export const revokedSessionKey = (sessionId: string) => `auth:revoked-session:${sessionId}`;

/**
 * Redis key (under the deployment prefix) present once the revocation marks of every session still
 * able to hold a live access token have been written from PostgreSQL. Redis keeps nothing on disk:
 * when it loses its keys this marker goes with the marks, and the gateway refuses to guess (503)
 * until identity has written them again (`RevocationMarks`).
 */
export const REVOCATION_MARKS_COMPLETE_KEY = 'auth:revocation-marks-complete';
