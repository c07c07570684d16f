import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bid's first step as one round trip: wait for the lot's row lock, then read everything the bid
 * is judged on (the lot, the bidder's registration, the leader's alias, the bid already stored
 * under this Idempotency-Key, and for sealed auctions whether the bidder has bid).
 *
 * Why a function: in READ COMMITTED, one plain `SELECT … FOR UPDATE` joining those tables returns
 * the lot as the previous lock holder committed it, but the joined rows as they were before it
 * waited; so it would miss a bid with the same key committed meanwhile. In a VOLATILE function each
 * query takes a new snapshot, so the read below, made once the lock is held, sees every committed
 * bid. No row comes back when there is no such auction.
 */
export class BidLockAndRead1764750000000 implements MigrationInterface {
  name = 'BidLockAndRead1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION auction.lock_lot_for_bid(
        p_auction uuid, p_organisation uuid, p_idempotency_key text,
        OUT lot auction.auctions, OUT r_id uuid, OUT r_alias text, OUT l_alias text,
        OUT b_id uuid, OUT b_fingerprint text, OUT b_amount_fen bigint, OUT r_has_bid boolean)
      RETURNS SETOF record
      LANGUAGE plpgsql VOLATILE
      AS $$
      BEGIN
        PERFORM 1 FROM auction.auctions WHERE id = p_auction FOR UPDATE;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        RETURN QUERY
          SELECT a, r.id, r.alias, l.alias, b.id, b.request_fingerprint, b.amount_fen,
            CASE WHEN a.type IN ('sealed_first_price', 'sealed_second_price') AND r.id IS NOT NULL
              THEN EXISTS (SELECT 1 FROM auction.bids s WHERE s.auction_id = a.id AND s.registration_id = r.id) END
          FROM auction.auctions a
          LEFT JOIN auction.registrations r ON r.auction_id = a.id AND r.organisation_id = p_organisation
          LEFT JOIN auction.registrations l ON l.id = a.leader_registration_id
          LEFT JOIN auction.bids b ON b.auction_id = a.id AND b.registration_id = r.id AND b.idempotency_key = p_idempotency_key
          WHERE a.id = p_auction;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION auction.lock_lot_for_bid(uuid, uuid, text)`);
  }
}
