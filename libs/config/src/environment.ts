import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export enum RuntimeMode {
  Development = 'development',
  Test = 'test',
  Production = 'production',
}

const URL_WITH_SCHEME = (schemes: string[]) =>
  new RegExp(`^(${schemes.join('|')})://[^\\s]+$`);

/**
 * Every variable the system reads, with its rule and its development default.
 * Secrets have no default in production: `assertProductionSecrets` refuses to boot.
 */
export class Environment {
  @IsEnum(RuntimeMode)
  NODE_ENV: RuntimeMode = RuntimeMode.Development;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Pretty, human-readable logs instead of JSON lines (development only). */
  @IsIn(['true', 'false'])
  LOG_PRETTY = 'false';

  @Matches(URL_WITH_SCHEME(['postgres', 'postgresql']), {
    message: 'DATABASE_URL must be a postgres:// URL',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dualuse';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Matches(URL_WITH_SCHEME(['redis', 'rediss']), { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key (queues, throttling), so two deployments or test runs never meet. */
  @Matches(/^[a-z0-9_-]{1,40}$/, { message: 'REDIS_KEY_PREFIX must be 1-40 of [a-z0-9_-]' })
  REDIS_KEY_PREFIX = 'dualuse';

  @Matches(URL_WITH_SCHEME(['nats']), { message: 'NATS_URL must be a nats:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** Prefix of every NATS subject, so two deployments or test runs on one NATS never meet. */
  @Matches(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'NATS_SUBJECT_PREFIX must be 1-40 of [a-zA-Z0-9_-]' })
  NATS_SUBJECT_PREFIX = 'dualuse';

  /** How long the gateway waits for a service's reply before answering 503. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(120_000)
  SERVICE_REQUEST_TIMEOUT_MS = 5000;

  @Matches(URL_WITH_SCHEME(['http', 'https']), { message: 'MEILI_URL must be an http(s):// URL' })
  MEILI_URL = 'http://127.0.0.1:7700';

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'MEILI_MASTER_KEY must be at least 16 characters' })
  MEILI_MASTER_KEY?: string;

  @Matches(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'MEILI_INDEX_PREFIX must be 1-40 of [a-zA-Z0-9_-]' })
  MEILI_INDEX_PREFIX = 'dualuse';

  @Matches(/^[0-9a-zA-Z.:_-]+$/, { message: 'GATEWAY_HOST must be a host name or address' })
  GATEWAY_HOST = '127.0.0.1';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  GATEWAY_PORT = 3000;

  /** Signs access tokens (HS256). Identity signs, the gateway verifies. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(30)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_TTL_DAYS = 14;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  INVITATION_TTL_HOURS = 72;

  /**
   * Request rate limits, counted in Redis so every gateway replica shares them: logins and
   * registrations per client address, bids per user.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_LOGINS_PER_MINUTE = 30;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_REGISTRATIONS_PER_HOUR = 10;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_BIDS_PER_10_SECONDS = 50;

  /** A trade still unsigned this long after it was created is flagged to operators (default 14 days). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(365 * 86_400)
  TRADE_SIGNATURE_DEADLINE_SECONDS = 14 * 86_400;

  /** How often the worker looks for trades past their signature deadline. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(86_400)
  TRADE_DEADLINE_SWEEP_SECONDS = 300;

  /** Failed logins allowed per account, and per client address, within the window. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_MAX_FAILURES_PER_CLIENT = 20;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  /**
   * Which proxies may set X-Forwarded-For (the client address used for throttling): `loopback`
   * (a reverse proxy on the same host), a comma-separated list of addresses/CIDRs, or `false`.
   */
  @Matches(/^(false|true|loopback|[0-9a-fA-F.:/, ]+)$/, { message: 'TRUST_PROXY must be false, loopback or a list of addresses/CIDRs' })
  TRUST_PROXY = 'loopback';

  /**
   * Evaluation: a panel whose experts' weighted scores have a standard deviation above this many
   * points is flagged for an operator to confirm or send back instead of being published.
   */
  @Transform(({ value }) => Number(value))
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  EVALUATION_DISPERSION_THRESHOLD = 15;

  /** Evaluation: experts are reminded this many hours before their deadline (halfway, for shorter deadlines). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  EVALUATION_REMINDER_LEAD_HOURS = 24;

  /** A new match scoring at least this (0–1) asks for both sides to be notified. */
  @Transform(({ value }) => Number(value))
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'MATCH_NOTIFY_THRESHOLD must be a number between 0 and 1' })
  @Min(0)
  @Max(1)
  MATCH_NOTIFY_THRESHOLD = 0.65;

  /** Matches scoring below this (0–1) are neither returned nor stored. */
  @Transform(({ value }) => Number(value))
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'MATCH_MIN_SCORE must be a number between 0 and 1' })
  @Min(0)
  @Max(1)
  MATCH_MIN_SCORE = 0.3;

  /** Public base URL, printed at start and used in links. */
  @IsOptional()
  @Matches(URL_WITH_SCHEME(['http', 'https']), { message: 'PUBLIC_URL must be an http(s):// URL' })
  PUBLIC_URL?: string;
}

/** Variables that must be set explicitly in production: no development default may leak there. */
const PRODUCTION_SECRETS: (keyof Environment)[] = ['MEILI_MASTER_KEY', 'JWT_SECRET'];

/** Used only outside production, so a newcomer's `npm start` works with no setup. */
export const DEVELOPMENT_SECRETS: Partial<Record<keyof Environment, string>> = {
  MEILI_MASTER_KEY: 'dualuse-development-master-key',
  JWT_SECRET: 'dualuse-development-jwt-secret-not-for-production',
};

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/**
 * Validates the raw environment once, at boot. Throws an error that names every bad
 * variable and the value it had, so an operator sees what to fix without a stack trace.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = Object.keys(new Environment());
  const input: Record<string, unknown> = {};
  for (const key of [...known, ...PRODUCTION_SECRETS]) {
    const value = raw[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const env = plainToInstance(Environment, input, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: true });
  const problems = errors.map((error) => {
    const raw = input[error.property];
    const got = raw === undefined ? 'unset' : JSON.stringify(String(raw));
    const rules = Object.values(error.constraints ?? {}).join('; ');
    return `${error.property} (got ${got}): ${rules}`;
  });
  if (env.NODE_ENV === RuntimeMode.Production) {
    for (const key of PRODUCTION_SECRETS) {
      if (!input[key]) problems.push(`${key} (got unset): must be set in production`);
    }
  } else {
    for (const [key, value] of Object.entries(DEVELOPMENT_SECRETS)) {
      const k = key as keyof Environment;
      if (!input[k]) (env as unknown as Record<string, unknown>)[k] = value;
    }
  }
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return env;
}
