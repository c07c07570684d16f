import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ledger posting in one round trip. `Ledger.post` used to send one statement per step: the
 * transaction row, a look-up (and maybe a creation) per account, then an UPDATE of the balance and
 * an INSERT of the entry per movement, about 13 round trips for a settlement, each waiting for the
 * service to be scheduled again on a busy machine while the auction's row lock was held.
 *
 * `auction.post_ledger` does the same steps, in the same order, in one statement: the transaction
 * row (nothing else if its cause was posted already: returns false), each movement's account
 * (found by the terms of the unique index `ledger_accounts_identity`, created if missing; a
 * concurrent creation is found again), then the balances in account-id order (two postings over
 * the same accounts cannot deadlock) with one entry per non-zero movement. The balance CHECK and
 * the deferred sum-to-zero trigger apply as before.
 */
export class LedgerPostInOneStatement1765176000000 implements MigrationInterface {
  name = 'LedgerPostInOneStatement1765176000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION auction.post_ledger(
        p_transaction_id uuid, p_cause_type text, p_cause_id text, p_reference text, p_created_by uuid,
        p_kinds text[], p_organisation_ids uuid[], p_auction_ids uuid[], p_trade_ids uuid[], p_amounts bigint[])
      RETURNS boolean
      LANGUAGE plpgsql VOLATILE
      AS $$
      DECLARE
        v_none CONSTANT uuid := '00000000-0000-0000-0000-000000000000';
        v_accounts uuid[] := '{}';
        v_id uuid;
        v_move record;
      BEGIN
        INSERT INTO auction.ledger_transactions (id, cause_type, cause_id, reference, created_by)
        VALUES (p_transaction_id, p_cause_type, p_cause_id, p_reference, p_created_by)
        ON CONFLICT (cause_type, cause_id) DO NOTHING;
        IF NOT FOUND THEN
          RETURN false;
        END IF;
        FOR i IN 1 .. coalesce(array_length(p_kinds, 1), 0) LOOP
          SELECT id INTO v_id FROM auction.ledger_accounts
          WHERE kind = p_kinds[i] AND coalesce(organisation_id, v_none) = coalesce(p_organisation_ids[i], v_none)
            AND coalesce(auction_id, v_none) = coalesce(p_auction_ids[i], v_none) AND coalesce(trade_id, v_none) = coalesce(p_trade_ids[i], v_none);
          IF v_id IS NULL THEN
            INSERT INTO auction.ledger_accounts (id, kind, organisation_id, auction_id, trade_id)
            VALUES (gen_random_uuid(), p_kinds[i], p_organisation_ids[i], p_auction_ids[i], p_trade_ids[i])
            ON CONFLICT DO NOTHING RETURNING id INTO v_id;
          END IF;
          IF v_id IS NULL THEN
            -- Created meanwhile by a concurrent posting, committed since (this statement sees it now).
            SELECT id INTO STRICT v_id FROM auction.ledger_accounts
            WHERE kind = p_kinds[i] AND coalesce(organisation_id, v_none) = coalesce(p_organisation_ids[i], v_none)
              AND coalesce(auction_id, v_none) = coalesce(p_auction_ids[i], v_none) AND coalesce(trade_id, v_none) = coalesce(p_trade_ids[i], v_none);
          END IF;
          v_accounts := v_accounts || v_id;
        END LOOP;
        FOR v_move IN
          SELECT m.account_id, m.amount FROM unnest(v_accounts, p_amounts) WITH ORDINALITY AS m(account_id, amount, n)
          WHERE m.amount <> 0 ORDER BY m.account_id, m.n
        LOOP
          UPDATE auction.ledger_accounts SET balance_fen = balance_fen + v_move.amount WHERE id = v_move.account_id;
          INSERT INTO auction.ledger_entries (transaction_id, account_id, amount_fen) VALUES (p_transaction_id, v_move.account_id, v_move.amount);
        END LOOP;
        RETURN true;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION auction.post_ledger(uuid, text, text, text, uuid, text[], uuid[], uuid[], uuid[], bigint[])`);
  }
}
