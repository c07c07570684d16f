import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The matching loop after a match: interest in a listing, the owner's answer, the negotiation thread
 * (messages and offers in one ordered timeline), the agreement and the trade it opens; and the
 * in-app notification inbox. Money in integer fen. The database holds the rules a race could break:
 * one open interest per (listing, organisation), one thread per interest, one open offer per thread,
 * one inbox entry per (request key, user).
 */
export class Negotiations1765100000000 implements MigrationInterface {
  name = 'Negotiations1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE matching.interests (
        id uuid PRIMARY KEY,
        listing_id uuid NOT NULL,
        listing_title text NOT NULL,
        seller_organisation_id uuid NOT NULL,
        buyer_organisation_id uuid NOT NULL,
        created_by uuid NOT NULL,
        message text NOT NULL,
        demand_ref text,
        match_ref text,
        status text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
        -- pending, or accepted while its negotiation is open: at most one such per (listing, buyer)
        is_open boolean NOT NULL,
        response_message text,
        responded_by uuid,
        responded_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (seller_organisation_id <> buyer_organisation_id),
        CHECK (is_open = false OR status IN ('pending', 'accepted'))
      )`);
    await q.query(`CREATE UNIQUE INDEX interests_one_open_per_buyer ON matching.interests (listing_id, buyer_organisation_id) WHERE is_open`);
    await q.query(`CREATE INDEX interests_listing_idx ON matching.interests (listing_id)`);
    await q.query(`CREATE INDEX interests_buyer_idx ON matching.interests (buyer_organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX interests_seller_idx ON matching.interests (seller_organisation_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE matching.negotiations (
        id uuid PRIMARY KEY,
        interest_id uuid NOT NULL UNIQUE REFERENCES matching.interests (id),
        listing_id uuid NOT NULL,
        listing_title text NOT NULL,
        seller_organisation_id uuid NOT NULL,
        buyer_organisation_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'agreed', 'closed')),
        next_sequence integer NOT NULL DEFAULT 1,
        current_offer_id uuid,
        agreed_offer_id uuid,
        agreed_amount_fen bigint CHECK (agreed_amount_fen > 0),
        agreed_transaction_mode text,
        agreed_at timestamptz,
        trade_id uuid,
        trade_opened_at timestamptz,
        trade_attempts integer NOT NULL DEFAULT 0,
        trade_last_error text,
        closed_by_organisation_id uuid,
        closed_reason text,
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (seller_organisation_id <> buyer_organisation_id),
        CHECK ((status = 'agreed') = (agreed_offer_id IS NOT NULL AND agreed_amount_fen IS NOT NULL AND agreed_at IS NOT NULL)),
        CHECK (trade_id IS NULL OR status = 'agreed'),
        CHECK (status = 'open' OR current_offer_id IS NULL)
      )`);
    await q.query(`CREATE INDEX negotiations_listing_idx ON matching.negotiations (listing_id)`);
    await q.query(`CREATE INDEX negotiations_buyer_idx ON matching.negotiations (buyer_organisation_id, updated_at DESC)`);
    await q.query(`CREATE INDEX negotiations_seller_idx ON matching.negotiations (seller_organisation_id, updated_at DESC)`);
    // The reconciliation sweep: agreed threads whose trade is not opened yet.
    await q.query(`CREATE INDEX negotiations_trade_pending_idx ON matching.negotiations (agreed_at) WHERE status = 'agreed' AND trade_id IS NULL`);

    await q.query(`
      CREATE TABLE matching.negotiation_messages (
        id uuid PRIMARY KEY,
        negotiation_id uuid NOT NULL REFERENCES matching.negotiations (id),
        sequence integer NOT NULL,
        author_organisation_id uuid NOT NULL,
        author_user_id uuid NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (negotiation_id, sequence)
      )`);

    await q.query(`
      CREATE TABLE matching.negotiation_offers (
        id uuid PRIMARY KEY,
        negotiation_id uuid NOT NULL REFERENCES matching.negotiations (id),
        sequence integer NOT NULL,
        made_by_organisation_id uuid NOT NULL,
        made_by_user_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        transaction_mode text NOT NULL CHECK (transaction_mode IN ('transfer', 'exclusive_licence', 'non_exclusive_licence', 'joint_development', 'equity_investment')),
        note text,
        status text NOT NULL CHECK (status IN ('open', 'countered', 'accepted', 'rejected', 'withdrawn')),
        responded_by_user_id uuid,
        responded_at timestamptz,
        response_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (negotiation_id, sequence)
      )`);
    await q.query(`CREATE UNIQUE INDEX negotiation_offers_one_open ON matching.negotiation_offers (negotiation_id) WHERE status = 'open'`);
    await q.query(`CREATE UNIQUE INDEX negotiation_offers_one_accepted ON matching.negotiation_offers (negotiation_id) WHERE status = 'accepted'`);

    await q.query(`
      CREATE TABLE matching.notifications (
        id uuid PRIMARY KEY,
        request_key text NOT NULL,
        recipient_user_id uuid NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        UNIQUE (request_key, recipient_user_id)
      )`);
    await q.query(`CREATE INDEX notifications_inbox_idx ON matching.notifications (recipient_user_id, created_at DESC, id)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON matching.notifications (recipient_user_id, created_at DESC, id) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notifications', 'negotiation_offers', 'negotiation_messages', 'negotiations', 'interests']) {
      await q.query(`DROP TABLE matching.${table}`);
    }
  }
}
