import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trades from both sources (auction settlement, agreed negotiation) with their whole lifecycle:
 * contract terms both parties sign, operator-confirmed payment into escrow, completion, disputes
 * resolved by an operator. A trade also keeps a snapshot of the listing as it was sold (field,
 * TRL, direction, publication date), which comparables and the annual report read.
 *
 * Escrow accounts gain a trade key: an auction trade keeps the escrow its settlement opened
 * (keyed by auction), a negotiated trade has its own (keyed by trade).
 */
export class Trades1764900000000 implements MigrationInterface {
  name = 'Trades1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction.auctions ADD COLUMN transaction_mode text, ADD COLUMN listing_snapshot jsonb`);
    await q.query(`ALTER TABLE auction.trades DROP CONSTRAINT trades_status_check`);
    await q.query(`ALTER TABLE auction.trades ALTER COLUMN auction_id DROP NOT NULL`);
    await q.query(`
      ALTER TABLE auction.trades
        ADD COLUMN source text NOT NULL DEFAULT 'auction' CHECK (source IN ('auction', 'negotiation')),
        ADD COLUMN negotiation_id uuid UNIQUE,
        ADD COLUMN transaction_mode text,
        ADD COLUMN listing_title text,
        ADD COLUMN field text,
        ADD COLUMN trl integer,
        ADD COLUMN direction text,
        ADD COLUMN listing_published_at timestamptz,
        ADD COLUMN scope text,
        ADD COLUMN effective_date date,
        ADD COLUMN expiry_date date,
        ADD COLUMN terms_version integer NOT NULL DEFAULT 0,
        ADD COLUMN seller_signed_at timestamptz,
        ADD COLUMN seller_signed_by uuid,
        ADD COLUMN buyer_signed_at timestamptz,
        ADD COLUMN buyer_signed_by uuid,
        ADD COLUMN signed_at timestamptz,
        ADD COLUMN paid_at timestamptz,
        ADD COLUMN payment_reference text,
        ADD COLUMN completed_at timestamptz,
        ADD COLUMN disputed_at timestamptz,
        ADD COLUMN disputed_from text CHECK (disputed_from IN ('signed', 'paid')),
        ADD COLUMN dispute_reason text,
        ADD COLUMN disputed_by_organisation_id uuid,
        ADD COLUMN resolution_reason text,
        ADD COLUMN resolved_at timestamptz,
        ADD COLUMN resolved_by uuid,
        ADD COLUMN unsigned_flagged_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT trades_status_check CHECK (status IN ('pending_signature', 'signed', 'paid', 'completed', 'disputed', 'refunded', 'cancelled')),
        ADD CONSTRAINT trades_one_source CHECK (
          (source = 'auction' AND auction_id IS NOT NULL AND negotiation_id IS NULL) OR
          (source = 'negotiation' AND negotiation_id IS NOT NULL AND auction_id IS NULL)),
        ADD CONSTRAINT trades_parties_differ CHECK (seller_organisation_id <> buyer_organisation_id),
        ADD CONSTRAINT trades_expiry_after_effective CHECK (expiry_date IS NULL OR effective_date IS NULL OR expiry_date >= effective_date)`);
    await q.query(`CREATE INDEX trades_seller_idx ON auction.trades (seller_organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX trades_buyer_idx ON auction.trades (buyer_organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX trades_listing_idx ON auction.trades (listing_id)`);
    await q.query(`CREATE INDEX trades_comparables_idx ON auction.trades (field, trl) WHERE signed_at IS NOT NULL`);
    await q.query(`CREATE INDEX trades_unsigned_idx ON auction.trades (created_at) WHERE status = 'pending_signature' AND unsigned_flagged_at IS NULL`);

    await q.query(`ALTER TABLE auction.ledger_accounts ADD COLUMN trade_id uuid`);
    await q.query(`DROP INDEX auction.ledger_accounts_identity`);
    await q.query(`
      CREATE UNIQUE INDEX ledger_accounts_identity ON auction.ledger_accounts (
        kind,
        coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'),
        coalesce(auction_id, '00000000-0000-0000-0000-000000000000'),
        coalesce(trade_id, '00000000-0000-0000-0000-000000000000'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX auction.ledger_accounts_identity`);
    await q.query(`DELETE FROM auction.ledger_accounts WHERE trade_id IS NOT NULL AND balance_fen = 0 AND NOT EXISTS (SELECT 1 FROM auction.ledger_entries e WHERE e.account_id = ledger_accounts.id)`);
    await q.query(`ALTER TABLE auction.ledger_accounts DROP COLUMN trade_id`);
    await q.query(`CREATE UNIQUE INDEX ledger_accounts_identity ON auction.ledger_accounts (kind, coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'), coalesce(auction_id, '00000000-0000-0000-0000-000000000000'))`);
    await q.query(`DELETE FROM auction.trades WHERE source = 'negotiation'`);
    await q.query(`UPDATE auction.trades SET status = 'pending_signature'`);
    await q.query(`
      ALTER TABLE auction.trades
        DROP CONSTRAINT trades_status_check, DROP CONSTRAINT trades_one_source, DROP CONSTRAINT trades_parties_differ, DROP CONSTRAINT trades_expiry_after_effective,
        DROP COLUMN source, DROP COLUMN negotiation_id, DROP COLUMN transaction_mode, DROP COLUMN listing_title, DROP COLUMN field, DROP COLUMN trl,
        DROP COLUMN direction, DROP COLUMN listing_published_at, DROP COLUMN scope, DROP COLUMN effective_date, DROP COLUMN expiry_date,
        DROP COLUMN terms_version, DROP COLUMN seller_signed_at, DROP COLUMN seller_signed_by, DROP COLUMN buyer_signed_at, DROP COLUMN buyer_signed_by,
        DROP COLUMN signed_at, DROP COLUMN paid_at, DROP COLUMN payment_reference, DROP COLUMN completed_at, DROP COLUMN disputed_at,
        DROP COLUMN disputed_from, DROP COLUMN dispute_reason, DROP COLUMN disputed_by_organisation_id, DROP COLUMN resolution_reason,
        DROP COLUMN resolved_at, DROP COLUMN resolved_by, DROP COLUMN unsigned_flagged_at, DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE auction.trades ALTER COLUMN auction_id SET NOT NULL`);
    await q.query(`ALTER TABLE auction.trades ADD CONSTRAINT trades_status_check CHECK (status IN ('pending_signature'))`);
    await q.query(`ALTER TABLE auction.auctions DROP COLUMN transaction_mode, DROP COLUMN listing_snapshot`);
  }
}
