import { readAppConfig } from '@lib/config';
import { ensureServices } from './lib/services';

/** `npm run services`: make PostgreSQL, Redis, NATS and Meilisearch available on loopback. */
ensureServices(readAppConfig('cli')).catch((error) => {
  console.error(error.message);
  process.exit(1);
});
