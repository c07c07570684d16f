import { randomBytes } from 'node:crypto';

/**
 * Runs before each test file, before its imports: gives the file its own database (a copy of the
 * run's migrated one, created in `per-file-database.ts`), NATS subjects, Redis keys and
 * Meilisearch indexes, so test files running in parallel never see each other's data or
 * answer each other's messages.
 */
const suffix = randomBytes(3).toString('hex');
process.env.TEST_FILE_SUFFIX = suffix;
process.env.NATS_SUBJECT_PREFIX = `${process.env.NATS_SUBJECT_PREFIX}-${suffix}`;
process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX}-${suffix}`;
process.env.MEILI_INDEX_PREFIX = `${process.env.MEILI_INDEX_PREFIX}_${suffix}`;
if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  process.env.TEST_TEMPLATE_DATABASE = url.pathname.slice(1);
  url.pathname = `${url.pathname}_${suffix}`;
  process.env.DATABASE_URL = url.toString();
}
