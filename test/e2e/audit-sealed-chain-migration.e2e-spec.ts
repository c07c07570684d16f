import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditReader, AuditSealer, canonicalJson } from '@lib/audit';
import { readAppConfig } from '@lib/config';
import { assertTestDatabaseName, dataSourceOptions } from '@lib/database';
import { AuditSealedChain1765175000000 } from '../../migrations/1765175000000-AuditSealedChain';

/**
 * Entries chained the old way (each linked under the global lock inside its own transaction, in
 * seq order) stay valid once the chain is sealed after commit: the migration seals them in their
 * current order, and the new verification accepts them and then the entries sealed after them.
 */
describe('migration 1765175000000: the audit chain sealed after commit keeps the entries chained before it', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const config = readAppConfig('cli');
    assertTestDatabaseName(config.database.name);
    dataSource = await new DataSource(dataSourceOptions(config)).initialize();
  });
  afterAll(() => dataSource?.destroy());

  /** What the old `AuditLog.append` sent: the canonical JSON up to `seq`, which `audit.append_entry` completed and hashed. */
  async function appendTheOldWay(entityId: string): Promise<void> {
    const fields = {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      actorId: null,
      actorRole: 'system',
      organisationId: null,
      action: 'auction.settled',
      entityType: 'auction',
      entityId,
      before: { status: 'open' },
      after: { status: 'settled', price: '1,010.00', nested: { z: [1, { y: 'é' }] } },
      reason: '旧链 "quoted"',
      correlationId: null,
    };
    const whole = canonicalJson({ ...fields, seq: '0' });
    const beforeSeq = whole.slice(0, -',"seq":"0"}'.length);
    await dataSource.query('SELECT audit.append_entry($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)', [
      7_364_912_001, fields.id, fields.occurredAt, fields.actorId, fields.actorRole, fields.organisationId, fields.action,
      fields.entityType, fields.entityId, JSON.stringify(fields.before), JSON.stringify(fields.after), fields.reason, fields.correlationId, beforeSeq,
    ]);
  }

  it('seals the existing entries in their order, and they verify with the ones sealed after', async () => {
    const migration = new AuditSealedChain1765175000000();
    const runner = dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      for (let i = 0; i < 5; i++) await appendTheOldWay(`old-${i}`);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows = await dataSource.query(`SELECT seq::text, chain_seq::text FROM audit.entries WHERE entity_id LIKE 'old-%' ORDER BY seq`);
    expect(rows).toHaveLength(5);
    expect(rows.every((r: { seq: string; chain_seq: string }) => r.chain_seq === r.seq)).toBe(true);
    // An entry appended the new way (unchained), then sealed after the old ones.
    await dataSource.query(
      `INSERT INTO audit.entries (id, occurred_at, actor_role, action, entity_type, entity_id) VALUES ($1, now(), 'system', 'auction.settled', 'auction', 'new-0')`,
      [randomUUID()],
    );
    const reader = new AuditReader(dataSource);
    const before = await reader.verify();
    expect(before).toMatchObject({ valid: true, awaitingSeal: 1 });
    expect(await new AuditSealer(dataSource).seal()).toEqual({ sealed: 1, busy: false });
    const after = await reader.verify();
    expect(after).toEqual({ valid: true, checked: before.checked + 1, awaitingSeal: 0 });
    expect(before.checked).toBeGreaterThanOrEqual(5);
  });
});
