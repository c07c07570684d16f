import 'tsconfig-paths/register';
import { ensureServices } from '../../scripts/lib/services';
import { createDatabaseIfMissing, runMigrations } from '../../scripts/lib/database-admin';
import { newTestRun, testRunConfig } from './test-run';

/** Services up, a fresh uniquely named database migrated, its settings handed to every test file. */
export default async function globalSetup(): Promise<void> {
  const run = newTestRun();
  const config = testRunConfig(run.env);
  await ensureServices(config, () => undefined);
  await createDatabaseIfMissing(config);
  await runMigrations(config);
  Object.assign(process.env, run.env, { TEST_RUN_ID: run.id });
  process.stdout.write(`\nTest run ${run.id}: database ${config.database.name}\n`);
}
