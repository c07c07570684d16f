import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's balance check (`assert_transaction_balanced`, a deferred trigger run for every entry
 * inserted) sums the entries of the entry's transaction. Without an index on `transaction_id` each
 * of those sums read the whole of `ledger_entries`, so every posting cost time in proportion to
 * the ledger's history: the settlement benchmark (10,000 auctions closing at once, 40,000 deposit
 * holds in the ledger) spent PostgreSQL's time reading 215 million rows for 3,000 settlements.
 * The index also serves the foreign key from entries to their transaction.
 */
export class LedgerEntriesByTransaction1765150000000 implements MigrationInterface {
  name = 'LedgerEntriesByTransaction1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ledger_entries_transaction_idx ON auction.ledger_entries (transaction_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX auction.ledger_entries_transaction_idx`);
  }
}
