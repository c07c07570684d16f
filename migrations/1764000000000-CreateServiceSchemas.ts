import { MigrationInterface, QueryRunner } from 'typeorm';

/** One schema per domain service: each service owns its tables and nobody else writes them. */
export class CreateServiceSchemas1764000000000 implements MigrationInterface {
  name = 'CreateServiceSchemas1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const schema of ['identity', 'listings', 'evaluation', 'auction', 'matching']) {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const schema of ['matching', 'auction', 'evaluation', 'listings', 'identity']) {
      await queryRunner.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  }
}
