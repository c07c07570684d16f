/**
 * Failed-login throttling, decided from counters kept in Redis (so it holds across gateway
 * and identity replicas): too many failures for one account, or from one client address,
 * within the window refuses further attempts until the window has passed.
 */
export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerClient: number;
  windowSeconds: number;
}

export interface FailureCounts {
  account: number;
  client: number;
  /** Seconds until the oldest counter resets. */
  accountResetsIn: number;
  clientResetsIn: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; scope: 'account' | 'client'; retryAfterSeconds: number };

export function judgeLoginAttempt(counts: FailureCounts, limits: ThrottleLimits): ThrottleDecision {
  if (counts.account >= limits.maxFailuresPerAccount) {
    return { allowed: false, scope: 'account', retryAfterSeconds: Math.max(1, counts.accountResetsIn) };
  }
  if (counts.client >= limits.maxFailuresPerClient) {
    return { allowed: false, scope: 'client', retryAfterSeconds: Math.max(1, counts.clientResetsIn) };
  }
  return { allowed: true };
}
