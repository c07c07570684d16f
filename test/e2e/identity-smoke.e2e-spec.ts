import request from 'supertest';
import { IdentityApi } from '../support/identity';
import { TestSystem } from '../support/system';

describe('identity smoke', () => {
  let system: TestSystem;
  let api: IdentityApi;
  beforeAll(async () => {
    system = await TestSystem.start(['identity']);
    api = new IdentityApi(system);
  });
  afterAll(() => system?.stop());

  it('registers, logs in, is verified by an operator', async () => {
    const operator = await api.operator();
    const member = await api.member();
    const mine = await request(system.http).get('/api/v1/organisations/me').set(member.auth).expect(200);
    expect(mine.body.status).toBe('pending');
    await request(system.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(operator.auth).send({}).expect(200);
    const after = await request(system.http).get('/api/v1/organisations/me').set(member.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'verified', capabilities: { publish: true } });
    const audit = await request(system.http).get('/api/v1/admin/audit').query({ entityId: member.organisationId }).set(operator.auth).expect(200);
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['organisation.verified', 'organisation.registered']);
    const verdict = await request(system.http).get('/api/v1/admin/audit/verify').set(operator.auth).expect(200);
    expect(verdict.body.valid).toBe(true);
  });
});
