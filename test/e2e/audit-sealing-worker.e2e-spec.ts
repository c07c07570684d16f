import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AuditSealer } from '@lib/audit';
import { until } from '../support/app-process';
import { withTestDatabase } from '../support/database';
import { IdentityApi, Session } from '../support/identity';
import { TestSystem } from '../support/system';

/**
 * An app seals its own entries right after they commit; if it stops in between, the entries are
 * left unsealed. The worker's periodic job (queue `audit-sealing`) has identity seal them.
 */
describe('audit sealing by the worker', () => {
  let system: TestSystem;
  let operator: Session;

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'worker']);
    operator = await new IdentityApi(system).operator();
  });
  afterAll(() => system?.stop());

  const verify = () => request(system.http).get('/api/v1/admin/audit/verify').set(operator.auth).expect(200).then((r) => r.body);

  it('seals an entry whose app stopped between its commit and its seal', async () => {
    // Identity seals after its own commits no more: only the worker's job is left to do it.
    await system.services.get('identity')!.get(AuditSealer).onApplicationShutdown();
    const id = randomUUID();
    // Committed by an app that never got to seal it: no one is told it exists.
    await withTestDatabase((db) =>
      db.query(`INSERT INTO audit.entries (id, occurred_at, actor_role, action, entity_type, entity_id) VALUES ($1, now(), 'system', 'auction.settled', 'auction', $2)`, [
        id,
        `orphan-${id}`,
      ]),
    );
    const verdict = await until(verify, (v) => v.awaitingSeal === 0, 15_000);
    expect(verdict).toMatchObject({ valid: true });
    const [row] = await withTestDatabase(async (db) => (await db.query(`SELECT chain_seq, hash FROM audit.entries WHERE id = $1`, [id])).rows);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
