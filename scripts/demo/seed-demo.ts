import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@lib/config';
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { IdentityCliModule } from '../../apps/identity/src/cli/identity-cli.module';
import { ROOT } from '../lib/apps';
import { seedIdentityDemo } from './identity-demo';

export const CREDENTIALS_FILE = join(ROOT, '.data', 'demo-accounts.txt');

/**
 * Demo data for `npm start`, seeded once per database. Demo accounts get a password generated
 * here and written to .data/demo-accounts.txt: there is no default password, and no demo in production.
 */
export async function seedDemo(config: AppConfig): Promise<void> {
  if (config.isProduction) {
    console.log('  production: no demo data');
    return;
  }
  const app = await NestFactory.createApplicationContext(IdentityCliModule, { logger: ['error'], abortOnError: false });
  try {
    const seeded = await app.get(DataSource).query(`SELECT 1 FROM identity.users WHERE email = 'operator@demo.dualuse.cn'`);
    if (seeded.length > 0) {
      console.log(`  already seeded; demo accounts and their password are in ${CREDENTIALS_FILE}`);
      return;
    }
    const password = `demo-${randomBytes(9).toString('base64url')}`;
    const accounts = await seedIdentityDemo(app, password, (line) => console.log(line));
    mkdirSync(join(ROOT, '.data'), { recursive: true });
    writeFileSync(
      CREDENTIALS_FILE,
      [`Demo accounts of database ${config.database.name} (password for all: ${password})`, '', ...accounts.map((a) => `${a.role.padEnd(11)} ${a.email.padEnd(40)} ${a.organisation ?? ''}`), ''].join('\n'),
      { mode: 0o600 },
    );
    console.log(`  ${accounts.length} demo accounts; password for all: ${password} (also in ${CREDENTIALS_FILE})`);
  } finally {
    await app.close();
  }
}
