import { MigrationInterface, QueryRunner } from 'typeorm';
import { AuditAppendInOneStatement1765160000000 } from './1765160000000-AuditAppendInOneStatement';

/**
 * The audit chain is sealed after commit instead of inside every audited transaction.
 *
 * Until now every audited transaction on the platform took one global advisory lock, read the last
 * hash and linked its entry to it, and held the lock until it committed (WAL flush included): all
 * audited changes of every service committed one at a time. The settlement benchmark (10,000
 * auctions closing at once) settled 59 a second with settlements queued on that lock.
 *
 * Now an entry is appended unchained inside the business transaction (no lock; `seq` from the
 * identity sequence, so it exists exactly when its change commits), and one sealer at a time links
 * committed entries into the chain in batches, in the order it sees them committed: it gives each
 * the next `chain_seq` (contiguous from 1), its `prev_hash` (the hash of the entry before it in the
 * chain) and its `hash` (unchanged formula: sha256 of the previous hash, a newline and the entry's
 * canonical JSON, which covers `seq`). `seq` order is not commit order, hence a position of its own.
 *
 * Sealing is the only change the table accepts: an UPDATE that only fills the three seal columns of
 * an unsealed entry; anything else (content, an entry sealed already, DELETE, TRUNCATE) is refused
 * as before. Entries chained before this migration are sealed in their current order
 * (`chain_seq = seq`), so their hashes stay valid.
 */
export class AuditSealedChain1765175000000 implements MigrationInterface {
  name = 'AuditSealedChain1765175000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit.append_entry(bigint, uuid, timestamptz, uuid, text, uuid, text, text, text, jsonb, jsonb, text, text, text)`);
    await q.query(`ALTER TABLE audit.entries ADD COLUMN chain_seq bigint, ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL`);
    await q.query(`ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only`);
    await q.query(`UPDATE audit.entries SET chain_seq = seq`);
    await q.query(`ALTER TABLE audit.entries ENABLE TRIGGER entries_append_only`);
    await q.query(`ALTER TABLE audit.entries ADD CONSTRAINT entries_chain_seq_key UNIQUE (chain_seq)`);
    await q.query(`
      ALTER TABLE audit.entries ADD CONSTRAINT entries_sealed_whole CHECK (
        (chain_seq IS NULL AND prev_hash IS NULL AND hash IS NULL) OR (chain_seq > 0 AND prev_hash IS NOT NULL AND hash IS NOT NULL))`);
    // What the sealer looks for, and what verification counts as awaiting the seal: small, because
    // entries leave it within about a second.
    await q.query(`CREATE INDEX entries_unsealed_idx ON audit.entries (seq) WHERE chain_seq IS NULL`);
    await q.query(`
      CREATE FUNCTION audit.refuse_change_but_sealing() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
           AND (NEW.seq, NEW.id, NEW.occurred_at, NEW.actor_id, NEW.actor_role, NEW.organisation_id, NEW.action, NEW.entity_type,
                NEW.entity_id, NEW.before, NEW.after, NEW.reason, NEW.correlation_id)
               IS NOT DISTINCT FROM
               (OLD.seq, OLD.id, OLD.occurred_at, OLD.actor_id, OLD.actor_role, OLD.organisation_id, OLD.action, OLD.entity_type,
                OLD.entity_id, OLD.before, OLD.after, OLD.reason, OLD.correlation_id) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit.entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP TRIGGER entries_append_only ON audit.entries`);
    await q.query(`CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON audit.entries
      FOR EACH ROW EXECUTE FUNCTION audit.refuse_change_but_sealing()`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The old verification walks the chain in seq order: only a chain sealed entirely, in seq order, survives the way back.
    const [{ unsealed, reordered }] = await q.query(`
      SELECT count(*) FILTER (WHERE chain_seq IS NULL)::int AS unsealed, count(*) FILTER (WHERE seq < before)::int AS reordered
      FROM (SELECT seq, chain_seq, lag(seq) OVER (ORDER BY chain_seq) AS before FROM audit.entries) e`);
    if (unsealed > 0 || reordered > 0) {
      throw new Error(`audit chain cannot be reverted: ${unsealed} entries await sealing, ${reordered} were sealed out of seq order`);
    }
    await q.query(`DROP TRIGGER entries_append_only ON audit.entries`);
    await q.query(`CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON audit.entries FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()`);
    await q.query(`DROP FUNCTION audit.refuse_change_but_sealing()`);
    await q.query(`DROP INDEX audit.entries_unsealed_idx`);
    await q.query(`ALTER TABLE audit.entries DROP CONSTRAINT entries_sealed_whole, DROP CONSTRAINT entries_chain_seq_key`);
    await q.query(`ALTER TABLE audit.entries ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL, DROP COLUMN chain_seq`);
    await new AuditAppendInOneStatement1765160000000().up(q);
  }
}
