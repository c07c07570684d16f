import { config as loadDotenv } from 'dotenv';
import { AppConfig, AppName } from './app-config';
import { validateEnvironment } from './environment';

/**
 * The one place outside Nest that reads `process.env`: scripts (services, migrations, CLI)
 * call it to get the same validated configuration the apps get from `AppConfigModule`.
 */
export function readAppConfig(app: AppName, overrides: Record<string, string> = {}): AppConfig {
  loadDotenv({ quiet: true });
  return new AppConfig(app, validateEnvironment({ ...process.env, ...overrides }));
}
