import { Environment, RuntimeMode } from './environment';

/** The apps of the system; each domain service owns one PostgreSQL schema of the same name. */
export const DOMAIN_SERVICES = ['identity', 'listings', 'evaluation', 'auction', 'matching'] as const;
export type DomainServiceName = (typeof DOMAIN_SERVICES)[number];
export type AppName = 'gateway' | 'worker' | 'cli' | DomainServiceName;

/** Typed, grouped view of the validated environment. The only way app code reads settings. */
export class AppConfig {
  readonly mode: RuntimeMode;
  readonly log: { level: string; pretty: boolean };
  readonly database: { url: string; poolSize: number; name: string };
  readonly redis: { url: string; keyPrefix: string };
  readonly nats: { url: string; subjectPrefix: string; requestTimeoutMs: number };
  readonly meili: { url: string; masterKey: string; indexPrefix: string };
  readonly gateway: { host: string; port: number; publicUrl: string; trustProxy: boolean | string };
  readonly auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    invitationTtlHours: number;
    loginThrottle: { maxFailuresPerAccount: number; maxFailuresPerClient: number; windowSeconds: number };
  };
  readonly evaluation: { dispersionThreshold: number; reminderLeadHours: number };

  readonly trades: { signatureDeadlineSeconds: number; deadlineSweepSeconds: number };
  /** Each limit: at most `limit` requests per `ttlMs` per tracker (client address or user). */
  readonly rateLimits: Record<'login' | 'registration' | 'bid', { limit: number; ttlMs: number }>;
  readonly matching: { notifyThreshold: number; minScore: number };

  constructor(
    readonly app: AppName,
    env: Environment,
  ) {
    this.mode = env.NODE_ENV;
    this.log = { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY === 'true' };
    this.database = {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      name: databaseNameOf(env.DATABASE_URL),
    };
    this.redis = { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
    this.nats = {
      url: env.NATS_URL,
      subjectPrefix: env.NATS_SUBJECT_PREFIX,
      requestTimeoutMs: env.SERVICE_REQUEST_TIMEOUT_MS,
    };
    this.meili = {
      url: env.MEILI_URL,
      masterKey: env.MEILI_MASTER_KEY ?? '',
      indexPrefix: env.MEILI_INDEX_PREFIX,
    };
    this.gateway = {
      host: env.GATEWAY_HOST,
      port: env.GATEWAY_PORT,
      publicUrl: env.PUBLIC_URL ?? `http://${displayHost(env.GATEWAY_HOST)}:${env.GATEWAY_PORT}`,
      trustProxy: env.TRUST_PROXY === 'false' ? false : env.TRUST_PROXY === 'true' ? true : env.TRUST_PROXY,
    };
    this.auth = {
      jwtSecret: env.JWT_SECRET ?? '',
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      invitationTtlHours: env.INVITATION_TTL_HOURS,
      loginThrottle: {
        maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerClient: env.LOGIN_MAX_FAILURES_PER_CLIENT,
        windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
      },
    };
    this.rateLimits = {
      login: { limit: env.RATE_LIMIT_LOGINS_PER_MINUTE, ttlMs: 60_000 },
      registration: { limit: env.RATE_LIMIT_REGISTRATIONS_PER_HOUR, ttlMs: 3_600_000 },
      bid: { limit: env.RATE_LIMIT_BIDS_PER_10_SECONDS, ttlMs: 10_000 },
    };
    this.trades = { signatureDeadlineSeconds: env.TRADE_SIGNATURE_DEADLINE_SECONDS, deadlineSweepSeconds: env.TRADE_DEADLINE_SWEEP_SECONDS };
    this.evaluation = {
      dispersionThreshold: env.EVALUATION_DISPERSION_THRESHOLD,
      reminderLeadHours: env.EVALUATION_REMINDER_LEAD_HOURS,
    };
    this.matching = { notifyThreshold: env.MATCH_NOTIFY_THRESHOLD, minScore: env.MATCH_MIN_SCORE };
  }

  get isProduction(): boolean {
    return this.mode === RuntimeMode.Production;
  }
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
