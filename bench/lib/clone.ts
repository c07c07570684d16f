import { Client } from 'pg';

/**
 * Fixtures in bulk: copies of an auction made through the API, cloned in SQL. Making 10,000
 * auctions through the API (a listing drafted, submitted and approved for each, the auction, a
 * registration per bidder, each audited under one advisory lock) would take the run most of an
 * hour; the clone takes seconds and gives rows the service cannot tell from its own:
 *
 * - a listing per auction (a copy of the template's, its status kept), since one listing has one live auction;
 * - the auction row, with its own end if asked;
 * - every registration of the template (same alias; the same organisation, or one drawn in turn
 *   from a pool of bidders, so that clones do not all share their bidders), with its deposit held in
 *   the ledger as registering holds it: a `deposit_hold` posting (cause: the registration) moving
 *   the deposit from the organisation's wallet to a hold account of its own for that auction,
 *   the wallets debited in total (they must have been topped up enough: a balance never goes negative);
 * - optionally the template's bids, with the lot's leader pointing at the cloned bid and registration.
 *
 * What the clones lack is history: the audit entries of their creation and registrations. The
 * ledger's balance trigger (a per-row check that each posting sums to zero) is switched off for
 * the clone's own transaction, which checks the same thing for all its postings in one query
 * before committing; the trigger is on again for everything the system does afterwards.
 */
export interface CloneOptions {
  templateAuctionId: string;
  count: number;
  /** The clones' end (both `ends_at` and `scheduled_ends_at`); by default the template's. */
  endsAt?: Date;
  /** Copy the template's bids too (and its leader); by default the clones have none. */
  withBids?: boolean;
  /**
   * Organisations to register instead of the template's: clone n's registration j goes to
   * `bidders[(n·R + j) mod P]` (R registrations per auction, P bidders; P ≥ R keeps them distinct),
   * registered and bid by that organisation's first user. By default, the template's bidders.
   */
  bidders?: string[];
}

export async function cloneAuctions(db: Client, options: CloneOptions): Promise<string[]> {
  if (options.count <= 0) return [];
  const columns = async (table: string) =>
    (
      await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' AND identity_generation IS NULL ORDER BY ordinal_position`,
        table.split('.'),
      )
    ).rows.map((r) => r.column_name);
  /** `INSERT INTO table (cols) SELECT <override or source.col>…`: every column copied from `source` unless overridden. */
  const copy = async (table: string, overrides: Record<string, string>, from: string) => {
    const cols = await columns(table);
    const select = cols.map((c) => overrides[c] ?? `src.${c}`).join(', ');
    await db.query(`INSERT INTO ${table} (${cols.join(', ')}) SELECT ${select} FROM ${from}`, [options.templateAuctionId]);
  };

  await db.query('BEGIN');
  try {
    await db.query(
      `CREATE TEMP TABLE bench_clone ON COMMIT DROP AS SELECT gen_random_uuid() AS auction_id, gen_random_uuid() AS listing_id, n - 1 AS n FROM generate_series(1, $1) AS n`,
      [options.count],
    );
    const pool = options.bidders?.length ? options.bidders : null;
    await db.query(
      `
      CREATE TEMP TABLE bench_registration ON COMMIT DROP AS
      WITH template AS (
        SELECT r.*, row_number() OVER (ORDER BY r.id) - 1 AS j, count(*) OVER () AS per_auction FROM auction.registrations r WHERE r.auction_id = $1
      ), placed AS (
        SELECT t.id AS template_id, c.auction_id,
               CASE WHEN $2::uuid[] IS NULL THEN t.organisation_id ELSE ($2::uuid[])[((c.n * t.per_auction + t.j) % cardinality($2::uuid[])) + 1] END AS organisation_id,
               t.registered_by AS template_user
        FROM template t CROSS JOIN bench_clone c
      )
      SELECT p.template_id, p.auction_id, gen_random_uuid() AS id, gen_random_uuid() AS hold_account_id, gen_random_uuid() AS transaction_id, p.organisation_id,
             CASE WHEN $2::uuid[] IS NULL THEN p.template_user
                  ELSE (SELECT u.id FROM identity.users u WHERE u.organisation_id = p.organisation_id ORDER BY u.is_organisation_admin DESC, u.id LIMIT 1) END AS user_id
      FROM placed p`,
      [options.templateAuctionId, pool],
    );
    if (pool) {
      const clash = await db.query('SELECT 1 FROM bench_registration GROUP BY auction_id, organisation_id HAVING count(*) > 1 LIMIT 1');
      if (clash.rowCount) throw new Error(`a pool of ${pool.length} bidders is too small for the template's registrations`);
    }
    await db.query(`
      CREATE TEMP TABLE bench_bid ON COMMIT DROP AS
      SELECT b.id AS template_id, m.auction_id, gen_random_uuid() AS id, m.id AS registration_id, m.user_id
      FROM auction.bids b JOIN bench_registration m ON m.template_id = b.registration_id
      WHERE b.auction_id = $1 AND $2::boolean`, [options.templateAuctionId, options.withBids ?? false]);

    await copy('listings.listings', { id: 'c.listing_id' }, `auction.auctions t JOIN listings.listings src ON src.id = t.listing_id CROSS JOIN bench_clone c WHERE t.id = $1`);
    const end = options.endsAt ? `'${options.endsAt.toISOString()}'::timestamptz` : null;
    await copy(
      'auction.auctions',
      {
        id: 'c.auction_id',
        listing_id: 'c.listing_id',
        ...(end ? { ends_at: end, scheduled_ends_at: end } : {}),
        ...(options.withBids ? {} : { leader_registration_id: 'NULL', leader_bid_id: 'NULL', leader_max_fen: 'NULL', leader_placed_at: 'NULL', runner_up_max_fen: 'NULL', last_bid_at: 'NULL', bid_count: '0', current_price_fen: 'NULL' }),
      },
      `auction.auctions src CROSS JOIN bench_clone c WHERE src.id = $1`,
    );
    await copy(
      'auction.registrations',
      { id: 'm.id', auction_id: 'm.auction_id', organisation_id: 'm.organisation_id', registered_by: 'm.user_id' },
      `bench_registration m JOIN auction.registrations src ON src.id = m.template_id WHERE $1::uuid IS NOT NULL`,
    );
    if (options.withBids) {
      await copy(
        'auction.bids',
        { id: 'm.id', auction_id: 'm.auction_id', registration_id: 'm.registration_id', placed_by: 'm.user_id', leader_after: 'leader.id' },
        `bench_bid m JOIN auction.bids src ON src.id = m.template_id
         LEFT JOIN bench_registration leader ON leader.template_id = src.leader_after AND leader.auction_id = m.auction_id
         WHERE $1::uuid IS NOT NULL`,
      );
      await db.query(
        `UPDATE auction.auctions a
            SET leader_registration_id = (SELECT m.id FROM bench_registration m WHERE m.auction_id = a.id AND m.template_id = t.leader_registration_id),
                leader_bid_id = (SELECT m.id FROM bench_bid m WHERE m.auction_id = a.id AND m.template_id = t.leader_bid_id)
           FROM bench_clone c, auction.auctions t
          WHERE a.id = c.auction_id AND t.id = $1`,
        [options.templateAuctionId],
      );
    }

    // The deposit holds, as registering posts them.
    await db.query('ALTER TABLE auction.ledger_entries DISABLE TRIGGER ledger_transactions_balance');
    await db.query(`
      INSERT INTO auction.ledger_accounts (id, kind, organisation_id, auction_id, balance_fen)
      SELECT m.hold_account_id, 'deposit_hold', r.organisation_id, m.auction_id, r.deposit_fen
      FROM bench_registration m JOIN auction.registrations r ON r.id = m.id WHERE r.deposit_fen > 0 AND r.deposit_status = 'held'`);
    await db.query(`
      INSERT INTO auction.ledger_transactions (id, cause_type, cause_id, created_by)
      SELECT m.transaction_id, 'deposit_hold', m.id::text, r.registered_by
      FROM bench_registration m JOIN auction.registrations r ON r.id = m.id WHERE r.deposit_fen > 0 AND r.deposit_status = 'held'`);
    await db.query(`
      INSERT INTO auction.ledger_entries (transaction_id, account_id, amount_fen)
      SELECT m.transaction_id, e.account_id, e.amount_fen
      FROM bench_registration m JOIN auction.registrations r ON r.id = m.id
      JOIN auction.ledger_accounts w ON w.kind = 'wallet' AND w.organisation_id = r.organisation_id AND w.auction_id IS NULL AND w.trade_id IS NULL
      CROSS JOIN LATERAL (VALUES (w.id, -r.deposit_fen), (m.hold_account_id, r.deposit_fen)) AS e(account_id, amount_fen)
      WHERE r.deposit_fen > 0 AND r.deposit_status = 'held'
      ORDER BY m.transaction_id`);
    await db.query(`
      UPDATE auction.ledger_accounts w SET balance_fen = w.balance_fen - s.total
      FROM (SELECT r.organisation_id, sum(r.deposit_fen) AS total FROM bench_registration m JOIN auction.registrations r ON r.id = m.id
            WHERE r.deposit_fen > 0 AND r.deposit_status = 'held' GROUP BY r.organisation_id) s
      WHERE w.kind = 'wallet' AND w.organisation_id = s.organisation_id AND w.auction_id IS NULL AND w.trade_id IS NULL`);
    const unbalanced = await db.query(`
      SELECT m.transaction_id FROM bench_registration m LEFT JOIN auction.ledger_entries e ON e.transaction_id = m.transaction_id
      JOIN auction.registrations r ON r.id = m.id WHERE r.deposit_fen > 0 AND r.deposit_status = 'held'
      GROUP BY m.transaction_id HAVING count(e.id) <> 2 OR sum(e.amount_fen) <> 0 LIMIT 1`);
    if (unbalanced.rowCount) throw new Error(`cloned deposit hold ${unbalanced.rows[0].transaction_id} is unbalanced (a bidder without a wallet?)`);
    await db.query('ALTER TABLE auction.ledger_entries ENABLE TRIGGER ledger_transactions_balance');
    const ids = (await db.query<{ auction_id: string }>('SELECT auction_id FROM bench_clone')).rows.map((r) => r.auction_id);
    await db.query('COMMIT');
    return ids;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
