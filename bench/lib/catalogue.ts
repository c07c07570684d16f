import { catalogueIndexName, createMeilisearchClient } from '@lib/search';
import { BenchSystem, Log } from './system';

export interface CatalogueLoad {
  /** Listings asked for. */
  requested: number;
  /** Documents in the live catalogue index once loaded (the synthetic listings, plus any published through the API before). */
  documents: number;
  /** Inserting the listings into PostgreSQL and rebuilding the Meilisearch index from them, as `npm run catalogue:synthetic` does. */
  seconds: number;
}

/**
 * The synthetic catalogue, loaded once per run by the project's own command
 * (`npm run catalogue:synthetic -- --count N`, compiled, against the bench database and index
 * prefix): Chinese listings with English technical terms, all published, straight into PostgreSQL,
 * then the Meilisearch catalogue rebuilt from them and swapped in. Search, matching and freshness
 * all run against it.
 */
export class SyntheticCatalogue {
  private loading: Promise<CatalogueLoad> | null = null;

  constructor(
    private readonly system: BenchSystem,
    private readonly count: number,
    private readonly log: Log,
  ) {}

  ensure(): Promise<CatalogueLoad> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<CatalogueLoad> {
    this.log(`Synthetic catalogue: ${this.count.toLocaleString('en')} listings (npm run catalogue:synthetic -- --count ${this.count})`);
    const started = performance.now();
    await this.system.runScript('synthetic-catalogue', ['--count', String(this.count), '--seed', '1']);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const meili = createMeilisearchClient(this.system.config);
    const stats = await meili.index(catalogueIndexName(this.system.config)).getStats();
    this.log(`  ${stats.numberOfDocuments.toLocaleString('en')} documents in the catalogue after ${seconds} s`);
    return { requested: this.count, documents: stats.numberOfDocuments, seconds };
  }
}
