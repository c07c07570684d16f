import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@lib/config';
import { SingleBar, Presets } from 'cli-progress';
import { Meilisearch } from 'meilisearch';
import { CatalogueOutboxService } from '../apps/listings/src/catalogue/catalogue-outbox.service';
import { ListingsCliModule } from '../apps/listings/src/cli/listings-cli.module';
import { rebuildCatalogue } from './lib/catalogue-rebuild';

/** `npm run reindex`: rebuild the public catalogue from PostgreSQL, with a progress bar. */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(ListingsCliModule, { logger: ['error'], abortOnError: false });
  try {
    const bar = new SingleBar({ format: 'Reindexing catalogue [{bar}] {percentage}% | {value}/{total} listings | {duration}s' }, Presets.shades_classic);
    const result = await rebuildCatalogue(app.get(CatalogueOutboxService), app.get(Meilisearch), app.get(AppConfig), {
      start: (total) => bar.start(total, 0),
      advance: (done) => bar.update(done),
      stop: () => bar.stop(),
    });
    console.log(`Swapped in ${result.documents} documents as ${result.index}; ${result.replayed} later change(s) replayed through the outbox.`);
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
