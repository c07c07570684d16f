import { randomBytes } from 'node:crypto';

/**
 * Runs before each test file, before its imports: gives the file its own NATS subjects and
 * Redis keys inside the run's, so test files running in parallel never answer each other's
 * messages or take each other's jobs.
 */
const suffix = randomBytes(3).toString('hex');
process.env.NATS_SUBJECT_PREFIX = `${process.env.NATS_SUBJECT_PREFIX}-${suffix}`;
process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX}-${suffix}`;
