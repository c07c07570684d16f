import { ServiceClient } from '@lib/messaging';
import request from 'supertest';
import { IdentityApi, PASSWORD, Session, uniqueEmail } from '../support/identity';
import { TestSystem } from '../support/system';

describe('qualifications and the expert pool', () => {
  let system: TestSystem;
  let api: IdentityApi;
  let operator: Session;

  beforeAll(async () => {
    system = await TestSystem.start(['identity']);
    api = new IdentityApi(system);
    operator = await api.operator();
  });
  afterAll(() => system?.stop());

  const held = (organisationId: string, type: string, at: string) =>
    system.gateway.get(ServiceClient).send<{ held: boolean; qualificationId: string | null; validUntil: string | null }>(
      'identity.qualifications.held',
      { actor: null, input: { organisationId, type, at } },
    );

  async function submit(member: Session, body: Record<string, unknown>) {
    const response = await request(api.http)
      .post('/api/v1/organisations/me/qualifications')
      .set(member.auth)
      .send({ type: 'secrecy', number: 'bm-2024-0417', grade: '二级', issuer: '国家保密局', validFrom: '2024-01-01', validUntil: '2028-12-31', ...body })
      .expect(201);
    return response.body;
  }

  it('lets a pending organisation submit a certificate, normalised, awaiting review', async () => {
    const member = await api.member('enterprise');
    const qualification = await submit(member, {});
    expect(qualification).toMatchObject({
      organisationId: member.organisationId,
      type: 'secrecy',
      number: 'BM-2024-0417',
      grade: '二级',
      status: 'submitted',
      effectiveStatus: 'submitted',
      validFrom: '2024-01-01',
      validUntil: '2028-12-31',
    });
    expect((await held(member.organisationId!, 'secrecy', new Date().toISOString())).held).toBe(false);
  });

  it('counts a verified certificate only between its dates, and an expired one not at all', async () => {
    const member = await api.member('enterprise');
    const current = await submit(member, {});
    const expired = await submit(member, { type: 'quality_system', number: 'GJB9001C-2019-11', validFrom: '2019-01-01', validUntil: '2022-12-31' });

    const queue = await request(api.http).get('/api/v1/admin/qualifications').query({ status: 'submitted', organisationId: member.organisationId }).set(operator.auth).expect(200);
    expect(queue.body.items.map((q: { id: string }) => q.id).sort()).toEqual([current.id, expired.id].sort());

    const verified = await request(api.http).post(`/api/v1/admin/qualifications/${current.id}/review`).set(operator.auth).send({ decision: 'verify' }).expect(200);
    expect(verified.body).toMatchObject({ status: 'verified', effectiveStatus: 'verified', reviewedAt: expect.any(String) });
    const verifiedExpired = await request(api.http).post(`/api/v1/admin/qualifications/${expired.id}/review`).set(operator.auth).send({ decision: 'verify' }).expect(200);
    expect(verifiedExpired.body).toMatchObject({ status: 'verified', effectiveStatus: 'expired' });

    expect(await held(member.organisationId!, 'secrecy', '2026-06-01T00:00:00Z')).toEqual({ held: true, qualificationId: current.id, validUntil: '2028-12-31' });
    expect((await held(member.organisationId!, 'secrecy', '2029-01-01T00:00:00+08:00')).held).toBe(false);
    expect((await held(member.organisationId!, 'secrecy', '2023-12-31T12:00:00Z')).held).toBe(false);
    expect((await held(member.organisationId!, 'quality_system', new Date().toISOString())).held).toBe(false);
    expect((await held(member.organisationId!, 'quality_system', '2021-06-01T00:00:00Z')).held).toBe(true);

    const mine = await request(api.http).get('/api/v1/organisations/me/qualifications').set(member.auth).expect(200);
    expect(Object.fromEntries(mine.body.items.map((q: { type: string; effectiveStatus: string }) => [q.type, q.effectiveStatus]))).toEqual({
      secrecy: 'verified',
      quality_system: 'expired',
    });
  });

  it('rejects with a reason, once; a rejected certificate never counts', async () => {
    const member = await api.member();
    const qualification = await submit(member, { type: 'weapons_rnd_licence', number: 'WQ-51-0099' });
    await request(api.http).post(`/api/v1/admin/qualifications/${qualification.id}/review`).set(operator.auth).send({ decision: 'reject' }).expect(400);
    const rejected = await request(api.http)
      .post(`/api/v1/admin/qualifications/${qualification.id}/review`)
      .set(operator.auth)
      .send({ decision: 'reject', reason: '证书编号无法核实' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewReason: '证书编号无法核实' });
    const twice = await request(api.http).post(`/api/v1/admin/qualifications/${qualification.id}/review`).set(operator.auth).send({ decision: 'verify' }).expect(409);
    expect(twice.body.error.code).toBe('QUALIFICATION.ALREADY_REVIEWED');
    expect((await held(member.organisationId!, 'weapons_rnd_licence', new Date().toISOString())).held).toBe(false);
  });

  it('lets only operators review', async () => {
    const member = await api.member();
    const qualification = await submit(member, {});
    await request(api.http).post(`/api/v1/admin/qualifications/${qualification.id}/review`).set(member.auth).send({ decision: 'verify' }).expect(403);
    await request(api.http).post(`/api/v1/admin/qualifications/00000000-0000-4000-8000-000000000000/review`).set(operator.auth).send({ decision: 'verify' }).expect(404);
  });

  describe('experts', () => {
    it('operators add experts, who set their password and can then log in with their fields of expertise', async () => {
      const institute = await api.verifiedMember(operator);
      const email = uniqueEmail('expert');
      const invitation = await request(api.http)
        .post('/api/v1/admin/experts')
        .set(operator.auth)
        .send({ email, displayName: '陈教授', expertiseFields: ['aerodynamics', 'unmanned_systems'], organisationId: institute.organisationId })
        .expect(201);
      expect(invitation.body).toMatchObject({ role: 'expert', organisationId: institute.organisationId, token: expect.any(String) });

      const joined = await request(api.http).post('/api/v1/auth/accept-invitation').send({ token: invitation.body.token, password: PASSWORD }).expect(201);
      expect(joined.body.user).toMatchObject({ role: 'expert', displayName: '陈教授', expertiseFields: ['aerodynamics', 'unmanned_systems'] });

      const expert = await api.login(email);
      await request(api.http).get('/api/v1/admin/experts').set(expert.auth).expect(403);
      await request(api.http).get('/api/v1/organisations/me').set(expert.auth).expect(403);

      const pool = await request(api.http).get('/api/v1/admin/experts').query({ field: 'aerodynamics', pageSize: 100 }).set(operator.auth).expect(200);
      expect(pool.body.items.map((u: { email: string }) => u.email)).toContain(email);
      const otherField = await request(api.http).get('/api/v1/admin/experts').query({ field: 'biomedicine', pageSize: 100 }).set(operator.auth).expect(200);
      expect(otherField.body.items.map((u: { email: string }) => u.email)).not.toContain(email);
    });

    it('refuses an expert whose organisation does not exist', async () => {
      const refused = await request(api.http)
        .post('/api/v1/admin/experts')
        .set(operator.auth)
        .send({ email: uniqueEmail('expert'), displayName: '周工', expertiseFields: ['nuclear'], organisationId: '00000000-0000-4000-8000-000000000000' })
        .expect(400);
      expect(refused.body.error.fields).toEqual([{ field: 'organisationId', messages: ['organisationId names no organisation'] }]);
    });

    it('lets only operators add experts', async () => {
      const member = await api.verifiedMember(operator);
      await request(api.http)
        .post('/api/v1/admin/experts')
        .set(member.auth)
        .send({ email: uniqueEmail('expert'), displayName: '周工', expertiseFields: ['nuclear'] })
        .expect(403);
    });
  });
});
