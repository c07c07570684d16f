import request from 'supertest';
import { DataSource } from 'typeorm';
import { AUDIT_CHAIN_LOCK_KEY, AuditSealer } from '@lib/audit';
import { until } from '../support/app-process';
import { IdentityApi, Session } from '../support/identity';
import { withTestDatabase } from '../support/database';
import { TestSystem } from '../support/system';

describe('the audit log: every change recorded, hash-chained after commit, append-only', () => {
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
  /** The sealer links entries shortly after their commit: wait until none awaits its seal. */
  const allSealed = () => until(verify, (v) => v.awaitingSeal === 0, 15_000);

  it('records who did what to which entity, before and after, why, and under which request', async () => {
    const member = await api.member();
    await request(api.http)
      .post(`/api/v1/admin/organisations/${member.organisationId}/reject`)
      .set(operator.auth)
      .set('x-request-id', 'audit-trace-000123')
      .send({ reason: '材料不全' })
      .expect(200);
    const [entry] = (
      await until(
        () => audit({ entityType: 'organisation', entityId: member.organisationId!, action: 'organisation.rejected' }),
        (entries) => entries[0]?.hash !== null,
        15_000,
      )
    ) as Record<string, unknown>[];
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
      chainSeq: expect.stringMatching(/^\d+$/),
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('links appends made at the same time into one chain, each after the one before it, without making them wait for each other', async () => {
    const members = await Promise.all(Array.from({ length: 6 }, () => api.member()));
    await Promise.all(
      members.map(async (member) => {
        await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(operator.auth).send({}).expect(200);
        await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/suspend`).set(operator.auth).send({ reason: '并发核查' }).expect(200);
      }),
    );
    await allSealed();
    const rows = await withTestDatabase(async (db) => (await db.query('SELECT chain_seq::text AS position, prev_hash, hash FROM audit.entries ORDER BY chain_seq')).rows);
    rows.forEach((row: { position: string; prev_hash: string }, i: number) => {
      expect(row.position).toBe(String(i + 1));
      expect(row.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1].hash);
    });
    expect(await verify()).toMatchObject({ valid: true, checked: rows.length, awaitingSeal: 0 });
  });

  it('reports entries awaiting their seal while the chain is held, and seals them once it is free, each once, whichever sealers run', async () => {
    const identity = system.services.get('identity')!;
    await allSealed();
    const { members, awaiting } = await withTestDatabase(async (db) => {
      // Someone else (another replica's sealer, say) holds the chain for as long as this lasts.
      await db.query('SELECT pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
      try {
        const created = await Promise.all(Array.from({ length: 3 }, () => api.member()));
        const waiting = await verify();
        expect(waiting).toMatchObject({ valid: true });
        expect(waiting.awaitingSeal).toBeGreaterThanOrEqual(3);
        expect(await identity.get(AuditSealer).seal()).toEqual({ sealed: 0, busy: true });
        return { members: created, awaiting: waiting.awaitingSeal as number };
      } finally {
        await db.query('SELECT pg_advisory_unlock($1)', [AUDIT_CHAIN_LOCK_KEY]);
      }
    });
    // Three sealers at once (as on three replicas): one links each batch, the others find the chain held.
    const dataSource = identity.get(DataSource);
    const outcomes = await Promise.all([new AuditSealer(dataSource), new AuditSealer(dataSource), identity.get(AuditSealer)].map((sealer) => sealer.seal()));
    expect(outcomes.reduce((sum, o) => sum + o.sealed, 0)).toBeLessThanOrEqual(awaiting);
    const verdict = await allSealed();
    expect(verdict).toMatchObject({ valid: true, awaitingSeal: 0 });
    for (const member of members) {
      const entries = await audit({ actorId: member.userId });
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e: { hash: string | null }) => e.hash !== null)).toBe(true);
    }
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
      // Sealing is the one change allowed, once: a sealed entry cannot be moved or re-hashed.
      await expect(db.query(`UPDATE audit.entries SET chain_seq = chain_seq + 1000000 WHERE chain_seq = (SELECT max(chain_seq) FROM audit.entries)`)).rejects.toThrow(
        /append-only: UPDATE refused/,
      );
    });
  });

  it('verifies the chain, and detects a row altered behind the triggers’ back', async () => {
    const member = await api.member();
    await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(operator.auth).send({}).expect(200);
    const intact = await allSealed();
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
    await allSealed();
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
          `INSERT INTO audit.entries (seq, id, occurred_at, actor_id, actor_role, organisation_id, action, entity_type, entity_id, before, after, reason, correlation_id, chain_seq, prev_hash, hash)
           OVERRIDING SYSTEM VALUE VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
          [row.seq, row.id, row.occurred_at, row.actor_id, row.actor_role, row.organisation_id, row.action, row.entity_type, row.entity_id,
            row.before === null ? null : JSON.stringify(row.before), row.after === null ? null : JSON.stringify(row.after),
            row.reason, row.correlation_id, row.chain_seq, row.prev_hash, row.hash],
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
