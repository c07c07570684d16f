import request from 'supertest';
import { IdentityApi, Session } from '../support/identity';
import { withTestDatabase } from '../support/database';
import { TestSystem } from '../support/system';

describe('the audit log: every change recorded, hash-chained, append-only', () => {
  let system: TestSystem;
  let api: IdentityApi;
  let operator: Session;

  beforeAll(async () => {
    system = await TestSystem.start(['identity']);
    api = new IdentityApi(system);
    operator = await api.operator();
  });
  afterAll(() => system?.stop());

  const audit = (query: Record<string, string>) =>
    request(api.http).get('/api/v1/admin/audit').query(query).set(operator.auth).expect(200).then((r) => r.body);
  const verify = () => request(api.http).get('/api/v1/admin/audit/verify').set(operator.auth).expect(200).then((r) => r.body);

  it('records who did what to which entity, before and after, why, and under which request', async () => {
    const member = await api.member();
    await request(api.http)
      .post(`/api/v1/admin/organisations/${member.organisationId}/reject`)
      .set(operator.auth)
      .set('x-request-id', 'audit-trace-000123')
      .send({ reason: '材料不全' })
      .expect(200);
    const [entry] = await audit({ entityType: 'organisation', entityId: member.organisationId!, action: 'organisation.rejected' });
    expect(entry).toMatchObject({
      actorId: operator.userId,
      actorRole: 'operator',
      organisationId: member.organisationId,
      entityType: 'organisation',
      entityId: member.organisationId,
      before: expect.objectContaining({ status: 'pending', statusReason: null }),
      after: expect.objectContaining({ status: 'rejected', statusReason: '材料不全' }),
      reason: '材料不全',
      correlationId: 'audit-trace-000123',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('links appends made at the same time into one chain, each after the one before it', async () => {
    const members = await Promise.all(Array.from({ length: 6 }, () => api.member()));
    await Promise.all(
      members.map(async (member) => {
        await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(operator.auth).send({}).expect(200);
        await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/suspend`).set(operator.auth).send({ reason: '并发核查' }).expect(200);
      }),
    );
    const rows = await withTestDatabase(async (db) => (await db.query('SELECT prev_hash, hash FROM audit.entries ORDER BY seq')).rows);
    rows.forEach((row: { prev_hash: string }, i: number) => expect(row.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1].hash));
    expect(await verify()).toMatchObject({ valid: true, checked: rows.length });
  });

  it('filters by actor and pages back in time with beforeSeq', async () => {
    const member = await api.member();
    await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(operator.auth).send({}).expect(200);
    await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/suspend`).set(operator.auth).send({ reason: '核查' }).expect(200);
    const mine = await audit({ actorId: member.userId });
    expect(mine.map((e: { action: string }) => e.action)).toEqual(['session.started', 'user.registered', 'organisation.registered']);
    const first = await audit({ entityId: member.organisationId!, limit: '1' });
    expect(first.map((e: { action: string }) => e.action)).toEqual(['organisation.suspended']);
    const next = await audit({ entityId: member.organisationId!, limit: '5', beforeSeq: first[0].seq });
    expect(next.map((e: { action: string }) => e.action)).toEqual(['organisation.verified', 'organisation.registered']);
  });

  it('writes an entry only when the change commits: a refused change leaves no trace', async () => {
    const member = await api.member();
    const before = await audit({ entityId: member.organisationId! });
    await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/reinstate`).set(operator.auth).send({}).expect(409);
    expect(await audit({ entityId: member.organisationId! })).toEqual(before);
  });

  it('is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await withTestDatabase(async (db) => {
      await expect(db.query(`UPDATE audit.entries SET reason = 'edited' WHERE seq = (SELECT max(seq) FROM audit.entries)`)).rejects.toThrow(
        /append-only: UPDATE refused/,
      );
      await expect(db.query(`DELETE FROM audit.entries WHERE seq = (SELECT max(seq) FROM audit.entries)`)).rejects.toThrow(/append-only: DELETE refused/);
      await expect(db.query(`TRUNCATE audit.entries`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    });
  });

  it('verifies the chain, and detects a row altered behind the triggers’ back', async () => {
    const member = await api.member();
    await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(operator.auth).send({}).expect(200);
    const intact = await verify();
    expect(intact).toMatchObject({ valid: true });
    expect(intact.checked).toBeGreaterThan(3);

    const [target] = await audit({ entityId: member.organisationId!, action: 'organisation.verified' });
    // Someone with the power to disable triggers (a superuser) edits history.
    await withTestDatabase(async (db) => {
      await db.query('BEGIN');
      await db.query('ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only');
      await db.query(`UPDATE audit.entries SET after = jsonb_set(after, '{status}', '"rejected"') WHERE seq = $1`, [target.seq]);
      await db.query('ALTER TABLE audit.entries ENABLE TRIGGER entries_append_only');
      await db.query('COMMIT');
    });
    try {
      const broken = await verify();
      expect(broken).toMatchObject({ valid: false, brokenAt: target.seq, problem: expect.stringContaining('altered') });
    } finally {
      // Put history back so the rest of the run sees an intact chain.
      await withTestDatabase(async (db) => {
        await db.query('BEGIN');
        await db.query('ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only');
        await db.query(`UPDATE audit.entries SET after = $2 WHERE seq = $1`, [target.seq, JSON.stringify(target.after)]);
        await db.query('ALTER TABLE audit.entries ENABLE TRIGGER entries_append_only');
        await db.query('COMMIT');
      });
    }
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('detects a deleted row', async () => {
    const member = await api.member();
    const [target] = await audit({ entityId: member.organisationId!, action: 'organisation.registered' });
    const row = await withTestDatabase(async (db) => {
      const { rows } = await db.query('SELECT * FROM audit.entries WHERE seq = $1', [target.seq]);
      await db.query('BEGIN');
      await db.query('ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only');
      await db.query('DELETE FROM audit.entries WHERE seq = $1', [target.seq]);
      await db.query('ALTER TABLE audit.entries ENABLE TRIGGER entries_append_only');
      await db.query('COMMIT');
      return rows[0];
    });
    try {
      const broken = await verify();
      expect(broken).toMatchObject({ valid: false, problem: expect.stringContaining('removed') });
      expect(BigInt(broken.brokenAt)).toBeGreaterThan(BigInt(target.seq));
    } finally {
      await withTestDatabase((db) =>
        db.query(
          `INSERT INTO audit.entries (seq, id, occurred_at, actor_id, actor_role, organisation_id, action, entity_type, entity_id, before, after, reason, correlation_id, prev_hash, hash)
           OVERRIDING SYSTEM VALUE VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
          [row.seq, row.id, row.occurred_at, row.actor_id, row.actor_role, row.organisation_id, row.action, row.entity_type, row.entity_id,
            row.before === null ? null : JSON.stringify(row.before), row.after === null ? null : JSON.stringify(row.after),
            row.reason, row.correlation_id, row.prev_hash, row.hash],
        ),
      );
    }
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('refuses the audit endpoints to anyone but operators', async () => {
    const member = await api.member();
    await request(api.http).get('/api/v1/admin/audit').set(member.auth).expect(403);
    await request(api.http).get('/api/v1/admin/audit/verify').set(member.auth).expect(403);
    await request(api.http).get('/api/v1/admin/audit/verify').expect(401);
  });
});
