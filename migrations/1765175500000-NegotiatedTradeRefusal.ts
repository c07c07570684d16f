import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agreement whose trade the trade side refuses for good (the listing was sold to someone else
 * meanwhile, say) records the refusal instead of being retried forever: the thread stays agreed (it
 * was), carries the reason and time, and leaves the sweep's queue.
 */
export class NegotiatedTradeRefusal1765175500000 implements MigrationInterface {
  name = 'NegotiatedTradeRefusal1765175500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.negotiations ADD COLUMN trade_refused_at timestamptz, ADD COLUMN trade_refused_reason text`);
    await q.query(`
      ALTER TABLE matching.negotiations ADD CONSTRAINT negotiations_trade_refusal_check
        CHECK (trade_refused_at IS NULL OR (status = 'agreed' AND trade_id IS NULL AND trade_refused_reason IS NOT NULL))`);
    await q.query(`DROP INDEX matching.negotiations_trade_pending_idx`);
    await q.query(`CREATE INDEX negotiations_trade_pending_idx ON matching.negotiations (agreed_at) WHERE status = 'agreed' AND trade_id IS NULL AND trade_refused_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX matching.negotiations_trade_pending_idx`);
    await q.query(`CREATE INDEX negotiations_trade_pending_idx ON matching.negotiations (agreed_at) WHERE status = 'agreed' AND trade_id IS NULL`);
    await q.query(`ALTER TABLE matching.negotiations DROP CONSTRAINT negotiations_trade_refusal_check`);
    await q.query(`ALTER TABLE matching.negotiations DROP COLUMN trade_refused_reason, DROP COLUMN trade_refused_at`);
  }
}
