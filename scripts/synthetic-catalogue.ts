import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@lib/config';
import { parseYuanToFen } from '@lib/contracts';
import { Presets, SingleBar } from 'cli-progress';
import { Meilisearch } from 'meilisearch';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { CatalogueOutboxService } from '../apps/listings/src/catalogue/catalogue-outbox.service';
import { ListingsCliModule } from '../apps/listings/src/cli/listings-cli.module';
import { syntheticListings } from './demo/catalogue-generator';
import { rebuildCatalogue } from './lib/catalogue-rebuild';

const USAGE = 'Usage: npm run catalogue:synthetic -- [--count 100000] [--seed 1] [--organisations 200]';
const BATCH = 1000;

/**
 * Loads a large synthetic catalogue of published listings for benchmarks, straight into
 * PostgreSQL (bypassing the use cases and the audit log: this is load, not history), then
 * rebuilds the Meilisearch catalogue from it. Refused in production.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, organisations: { type: 'string', default: '200' } },
  });
  const count = Number(values.count);
  const organisations = Array.from({ length: Number(values.organisations) }, () => randomUUID());
  if (!Number.isInteger(count) || count < 1 || organisations.length < 1) throw new Error(USAGE);

  const app = await NestFactory.createApplicationContext(ListingsCliModule, { logger: ['error'], abortOnError: false });
  try {
    const config = app.get(AppConfig);
    if (config.isProduction) throw new Error('Refusing to load a synthetic catalogue in production');
    const db = app.get(DataSource);
    const bar = new SingleBar({ format: 'Inserting listings   [{bar}] {percentage}% | {value}/{total} | {duration}s' }, Presets.shades_classic);
    bar.start(count, 0);
    let rows: unknown[][] = [];
    let inserted = 0;
    const now = Date.now();
    const flush = async () => {
      if (rows.length === 0) return;
      const columns = 16;
      const placeholders = rows.map((_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`).join(', ');
      await db.query(
        `INSERT INTO listings.listings (id, organisation_id, created_by, status, title, summary, description, direction, field,
           ipc_codes, trl, patents, transaction_modes, asking_price_fen, secrecy_level, declassification, published_at)
         SELECT v.id::uuid, v.org::uuid, v.org::uuid, 'published', v.title, v.summary, v.description, v.direction, v.field,
           v.ipc::text[], v.trl::smallint, v.patents::jsonb, v.modes::text[], v.price::bigint, v.secrecy, v.declass::jsonb, v.published::timestamptz
         FROM (VALUES ${placeholders}) AS v(id, org, title, summary, description, direction, field, ipc, trl, patents, modes, price, secrecy, declass, published, spare)`,
        rows.flat(),
      );
      inserted += rows.length;
      bar.update(inserted);
      rows = [];
    };
    let index = 0;
    for (const body of syntheticListings(count, Number(values.seed))) {
      rows.push([
        randomUUID(),
        organisations[index % organisations.length],
        body.title,
        body.summary,
        body.description,
        body.direction,
        body.field,
        body.ipcCodes,
        body.trl,
        JSON.stringify(body.patents),
        body.transactionModes,
        body.askingPrice === null ? null : parseYuanToFen(body.askingPrice).toString(),
        body.secrecyLevel,
        body.declassification ? JSON.stringify(body.declassification) : null,
        new Date(now - (index % 365) * 86_400_000 - index * 1000).toISOString(),
        null,
      ]);
      index += 1;
      if (rows.length === BATCH) await flush();
    }
    await flush();
    bar.stop();

    const indexBar = new SingleBar({ format: 'Indexing catalogue   [{bar}] {percentage}% | {value}/{total} | {duration}s' }, Presets.shades_classic);
    const result = await rebuildCatalogue(app.get(CatalogueOutboxService), app.get(Meilisearch), config, {
      start: (total) => indexBar.start(total, 0),
      advance: (done) => indexBar.update(done),
      stop: () => indexBar.stop(),
    });
    console.log(`Inserted ${inserted} synthetic listings; the catalogue now holds ${result.documents} published listings.`);
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
