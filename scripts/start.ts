import { AppConfig, readAppConfig } from '@lib/config';
import { catalogueIndexName, createMeilisearchClient, demandIndexName } from '@lib/search';
import { concurrently } from 'concurrently';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ALL_APPS, buildAll, compiledAppCommand, ROOT } from './lib/apps';
import { createDatabaseIfMissing, runMigrations } from './lib/database-admin';
import { ensureServices } from './lib/services';
import { seedCatalogueDemo } from './demo/catalogue-demo';
import { CREDENTIALS_FILE, seedDemo } from './demo/seed-demo';

/**
 * `npm start`: services up, database migrated, demo data seeded once, every app started as one
 * supervised group.
 * Ctrl-C stops them all; if one app dies, the others are stopped too.
 */
async function main(): Promise<void> {
  const config = readAppConfig('cli');
  console.log('1/5 Services');
  await ensureServices(config);
  console.log(`2/5 Database ${config.database.name}`);
  if (await createDatabaseIfMissing(config)) {
    console.log(`  created ${config.database.name}`);
    // Search indexes left by an earlier database of the same name describe rows that no longer exist.
    const dropped = await dropSearchIndexes(config);
    if (dropped.length) console.log(`  dropped stale search indexes ${dropped.join(', ')}`);
  }
  const applied = await runMigrations(config);
  console.log(applied.length ? `  applied ${applied.join(', ')}` : '  schema up to date');
  console.log('3/5 Demo data');
  await seedDemo(config);
  console.log('4/5 Build');
  buildAll();
  buildWebConsole();
  console.log('5/5 Apps');
  const { result } = concurrently(
    ALL_APPS.map((app) => {
      const { command, env } = compiledAppCommand(app);
      return { name: app, command, env, cwd: ROOT };
    }),
    { prefix: 'name', killOthersOn: ['failure'], handleInput: false, restartTries: 0 },
  );
  void waitForGateway(config.gateway.publicUrl).then(async (ready) => {
    if (!ready || config.isProduction) return;
    console.log('  Demo catalogue');
    await seedCatalogueDemo(config.gateway.publicUrl, CREDENTIALS_FILE, (line) => console.log(line)).catch((error) =>
      console.error(`  demo catalogue failed: ${error.message}`),
    );
  });
  await result.catch(() => process.exit(1));
}

async function dropSearchIndexes(config: AppConfig): Promise<string[]> {
  const meili = createMeilisearchClient(config);
  const stale = [catalogueIndexName(config), demandIndexName(config)];
  const existing = new Set((await meili.getIndexes({ limit: 1000 })).results.map((index) => index.uid));
  const dropped = stale.filter((uid) => existing.has(uid));
  for (const uid of dropped) await meili.deleteIndex(uid).waitTask({ timeout: 60_000 });
  return dropped;
}

/** The web console (apps/web) into dist/web, which the gateway serves at `/`. */
function buildWebConsole(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

async function waitForGateway(baseUrl: string): Promise<boolean> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) {
        console.log(`\n  Trading centre ready.\n  Console:  ${baseUrl}/\n  Gateway:  ${baseUrl}/api/v1\n  API docs: ${baseUrl}/docs\n  Ctrl-C stops everything.\n`);
        return true;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log(`\n  The gateway did not become ready in 2 minutes: see ${baseUrl}/health/ready\n`);
  return false;
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
