import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order in which a lot accepted its bids. Two bids can carry the same timestamp (the same
 * millisecond, or a lagging clock), and proxy bidding depends on order: ties go to the earlier bid.
 */
export class BidSequence1764600000000 implements MigrationInterface {
  name = 'BidSequence1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction.bids ADD COLUMN sequence integer`);
    await q.query(`
      UPDATE auction.bids b SET sequence = ordered.n
      FROM (SELECT id, row_number() OVER (PARTITION BY auction_id ORDER BY placed_at, id) AS n FROM auction.bids) ordered
      WHERE ordered.id = b.id`);
    await q.query(`ALTER TABLE auction.bids ALTER COLUMN sequence SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX bids_auction_sequence ON auction.bids (auction_id, sequence)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX auction.bids_auction_sequence`);
    await q.query(`ALTER TABLE auction.bids DROP COLUMN sequence`);
  }
}
