import { MigrationInterface, QueryRunner } from 'typeorm';

/** The review queue is ordered by submission time, which editing the dossier must not change. */
export class ListingSubmittedAt1764300000000 implements MigrationInterface {
  name = 'ListingSubmittedAt1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE listings.listings ADD COLUMN submitted_at timestamptz`);
    await q.query(`UPDATE listings.listings SET submitted_at = updated_at WHERE status <> 'draft'`);
    await q.query(`CREATE INDEX listings_review_queue_idx ON listings.listings (status, submitted_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX listings.listings_review_queue_idx`);
    await q.query(`ALTER TABLE listings.listings DROP COLUMN submitted_at`);
  }
}
