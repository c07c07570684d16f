import { readAppConfig } from '@lib/config';
import { createDatabaseIfMissing, revertLastMigration, runMigrations } from './lib/database-admin';

/** `npm run migration:run` / `npm run migration:revert`. */
async function main(): Promise<void> {
  const config = readAppConfig('cli');
  const command = process.argv[2] ?? 'run';
  if (command === 'revert') {
    await revertLastMigration(config);
    console.log(`Reverted the last migration of ${config.database.name}.`);
    return;
  }
  if (await createDatabaseIfMissing(config)) console.log(`Created database ${config.database.name}.`);
  const applied = await runMigrations(config);
  console.log(
    applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : `Database ${config.database.name} is up to date.`,
  );
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
