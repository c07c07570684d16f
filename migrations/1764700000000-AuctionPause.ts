import { MigrationInterface, QueryRunner } from 'typeorm';

/** When an operator paused an auction: resuming gives back the time it was paused. */
export class AuctionPause1764700000000 implements MigrationInterface {
  name = 'AuctionPause1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction.auctions ADD COLUMN paused_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction.auctions DROP COLUMN paused_at`);
  }
}
