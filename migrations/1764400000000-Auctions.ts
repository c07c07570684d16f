import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Auctions, registrations, bids, and the deposit ledger (double-entry, integer fen, balances
 * never negative, every transaction balanced: enforced by the database, not only by code).
 */
export class Auctions1764400000000 implements MigrationInterface {
  name = 'Auctions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auction.auctions (
        id uuid PRIMARY KEY,
        listing_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        created_by uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('english', 'sealed_first_price', 'sealed_second_price', 'dutch')),
        status text NOT NULL CHECK (status IN ('scheduled', 'open', 'paused', 'closed', 'settled', 'cancelled')),
        status_reason text,
        start_price_fen bigint NOT NULL CHECK (start_price_fen > 0),
        increment_fen bigint CHECK (increment_fen > 0),
        reserve_price_fen bigint CHECK (reserve_price_fen > 0),
        deposit_fen bigint NOT NULL CHECK (deposit_fen >= 0),
        required_qualifications text[] NOT NULL DEFAULT '{}',
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        scheduled_ends_at timestamptz NOT NULL,
        soft_close jsonb,
        dutch jsonb,
        current_price_fen bigint,
        leader_registration_id uuid,
        leader_bid_id uuid,
        leader_max_fen bigint,
        leader_placed_at timestamptz,
        runner_up_max_fen bigint,
        last_bid_at timestamptz,
        bid_count integer NOT NULL DEFAULT 0,
        outcome jsonb,
        settled_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    // One live auction per listing.
    await q.query(`CREATE UNIQUE INDEX auctions_one_live_per_listing ON auction.auctions (listing_id) WHERE status IN ('scheduled', 'open', 'paused', 'closed')`);
    await q.query(`CREATE INDEX auctions_due_idx ON auction.auctions (status, ends_at)`);
    await q.query(`CREATE INDEX auctions_seller_idx ON auction.auctions (organisation_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE auction.registrations (
        id uuid PRIMARY KEY,
        auction_id uuid NOT NULL REFERENCES auction.auctions (id),
        organisation_id uuid NOT NULL,
        registered_by uuid NOT NULL,
        alias text NOT NULL,
        deposit_fen bigint NOT NULL CHECK (deposit_fen >= 0),
        deposit_status text NOT NULL CHECK (deposit_status IN ('held', 'released', 'applied')),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (auction_id, organisation_id),
        UNIQUE (auction_id, alias)
      )`);

    await q.query(`
      CREATE TABLE auction.bids (
        id uuid PRIMARY KEY,
        auction_id uuid NOT NULL REFERENCES auction.auctions (id),
        registration_id uuid NOT NULL REFERENCES auction.registrations (id),
        placed_by uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('bid', 'acceptance')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        placed_at timestamptz NOT NULL,
        idempotency_key text NOT NULL,
        request_fingerprint text NOT NULL,
        price_after_fen bigint,
        leader_after uuid,
        UNIQUE (auction_id, registration_id, idempotency_key)
      )`);
    await q.query(`CREATE INDEX bids_auction_idx ON auction.bids (auction_id, placed_at, id)`);

    await q.query(`
      CREATE TABLE auction.ledger_accounts (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('external', 'wallet', 'deposit_hold', 'trade_escrow')),
        organisation_id uuid,
        auction_id uuid,
        balance_fen bigint NOT NULL DEFAULT 0,
        CONSTRAINT balances_never_negative CHECK (kind = 'external' OR balance_fen >= 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX ledger_accounts_identity ON auction.ledger_accounts (kind, coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'), coalesce(auction_id, '00000000-0000-0000-0000-000000000000'))`);
    await q.query(`
      CREATE TABLE auction.ledger_transactions (
        id uuid PRIMARY KEY,
        cause_type text NOT NULL,
        cause_id text NOT NULL,
        reference text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (cause_type, cause_id)
      )`);
    await q.query(`
      CREATE TABLE auction.ledger_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id uuid NOT NULL REFERENCES auction.ledger_transactions (id),
        account_id uuid NOT NULL REFERENCES auction.ledger_accounts (id),
        amount_fen bigint NOT NULL CHECK (amount_fen <> 0)
      )`);
    await q.query(`CREATE INDEX ledger_entries_account_idx ON auction.ledger_entries (account_id, id)`);
    // Double entry: at commit, every transaction's entries sum to zero.
    await q.query(`
      CREATE FUNCTION auction.assert_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total numeric;
      BEGIN
        SELECT coalesce(sum(amount_fen), 0) INTO total FROM auction.ledger_entries WHERE transaction_id = NEW.transaction_id;
        IF total <> 0 THEN
          RAISE EXCEPTION 'ledger transaction % is unbalanced by % fen', NEW.transaction_id, total USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER ledger_transactions_balance AFTER INSERT ON auction.ledger_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auction.assert_transaction_balanced()`);
    await q.query(`
      CREATE FUNCTION auction.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the ledger is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON auction.ledger_entries FOR EACH ROW EXECUTE FUNCTION auction.refuse_ledger_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['ledger_entries', 'ledger_transactions', 'ledger_accounts', 'bids', 'registrations', 'auctions']) {
      await q.query(`DROP TABLE auction.${table} CASCADE`);
    }
    await q.query(`DROP FUNCTION auction.assert_transaction_balanced`);
    await q.query(`DROP FUNCTION auction.refuse_ledger_change`);
  }
}
