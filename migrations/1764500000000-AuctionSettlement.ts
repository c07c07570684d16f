import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trades created by auction settlement (pending signature). One per auction at most, enforced by
 * the database: two settlements racing cannot create two trades.
 */
export class AuctionSettlement1764500000000 implements MigrationInterface {
  name = 'AuctionSettlement1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auction.trades (
        id uuid PRIMARY KEY,
        auction_id uuid NOT NULL UNIQUE REFERENCES auction.auctions (id),
        listing_id uuid NOT NULL,
        seller_organisation_id uuid NOT NULL,
        buyer_organisation_id uuid NOT NULL,
        price_fen bigint NOT NULL CHECK (price_fen > 0),
        deposit_applied_fen bigint NOT NULL CHECK (deposit_applied_fen >= 0),
        status text NOT NULL CHECK (status IN ('pending_signature')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auction.trades`);
  }
}
