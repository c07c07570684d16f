import { ServiceClient } from '@lib/messaging';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { IdentityApi, PASSWORD, randomCreditCode, Session, uniqueEmail } from '../support/identity';
import { TestSystem } from '../support/system';

describe('organisations: registration, moderation, invitations, standing', () => {
  let system: TestSystem;
  let api: IdentityApi;
  let operator: Session;

  beforeAll(async () => {
    system = await TestSystem.start(['identity']);
    api = new IdentityApi(system);
    operator = await api.operator();
  });
  afterAll(() => system?.stop());

  describe('registration', () => {
    it('creates a pending organisation whose registrant is its admin, unable to publish, bid or sign', async () => {
      const { user, organisation } = await api.register('institute');
      expect(organisation).toMatchObject({
        status: 'pending',
        kind: 'institute',
        regionCode: '510700',
        capabilities: { draft: true, inviteMembers: true, submitQualifications: true, publish: false, bid: false, sign: false },
      });
      expect(user).toMatchObject({ role: 'institute', organisationId: organisation.id, isOrganisationAdmin: true });
    });

    it('refuses a second account with the same e-mail, in any case, and a second organisation with the same credit code', async () => {
      const { email, organisation } = await api.register();
      const sameEmail = await request(api.http)
        .post('/api/v1/auth/register')
        .send({ email: email.toUpperCase(), password: PASSWORD, displayName: '李四', organisation: { name: '另一家', kind: 'enterprise', creditCode: randomCreditCode(), regionCode: '110000' } })
        .expect(409);
      expect(sameEmail.body.error).toMatchObject({ code: 'EMAIL.TAKEN', fields: [{ field: 'email', messages: [expect.any(String)] }] });
      const refusedEmail = uniqueEmail('dup');
      const sameCode = await request(api.http)
        .post('/api/v1/auth/register')
        .send({ email: refusedEmail, password: PASSWORD, displayName: '李四', organisation: { name: '另一家', kind: 'enterprise', creditCode: organisation.creditCode, regionCode: '110000' } })
        .expect(409);
      expect(sameCode.body.error.fields).toEqual([{ field: 'organisation.creditCode', messages: [expect.any(String)] }]);
      // The refused registrations created no account.
      await request(api.http).post('/api/v1/auth/login').send({ email: refusedEmail, password: PASSWORD }).expect(401);
    });
  });

  describe('operator moderation', () => {
    it('lists pending organisations for review, oldest first', async () => {
      const a = await api.register();
      const b = await api.register();
      const page = await request(api.http).get('/api/v1/admin/organisations').query({ status: 'pending', pageSize: 100 }).set(operator.auth).expect(200);
      const ids = page.body.items.map((o: { id: string }) => o.id);
      expect(ids.indexOf(a.organisation.id)).toBeLessThan(ids.indexOf(b.organisation.id));
      expect(page.body.items.every((o: { status: string }) => o.status === 'pending')).toBe(true);
    });

    it('verifies: members may then publish, bid and sign', async () => {
      const member = await api.member();
      const verified = await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(operator.auth).send({}).expect(200);
      expect(verified.body).toMatchObject({ status: 'verified', verifiedAt: expect.any(String), capabilities: { publish: true, bid: true, sign: true } });
      await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(operator.auth).send({}).expect(409);
    });

    it('rejects only with a reason; the admin corrects and resubmits', async () => {
      const member = await api.member();
      const noReason = await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/reject`).set(operator.auth).send({}).expect(400);
      expect(noReason.body.error.fields).toEqual([{ field: 'reason', messages: ['reason is required to reject'] }]);
      const rejected = await request(api.http)
        .post(`/api/v1/admin/organisations/${member.organisationId}/reject`)
        .set(operator.auth)
        .send({ reason: '营业执照名称与信用代码不符' })
        .expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: '营业执照名称与信用代码不符' });
      const mine = await request(api.http).get('/api/v1/organisations/me').set(member.auth).expect(200);
      expect(mine.body.statusReason).toBe('营业执照名称与信用代码不符');
      const resubmitted = await request(api.http).post('/api/v1/organisations/me/resubmit').set(member.auth).send({ name: '绵阳更正后研究所' }).expect(200);
      expect(resubmitted.body).toMatchObject({ status: 'pending', name: '绵阳更正后研究所', statusReason: null });
      await request(api.http).post('/api/v1/organisations/me/resubmit').set(member.auth).send({}).expect(409);
    });

    it('suspends: members can log in and read but cannot act; reinstating restores them', async () => {
      const member = await api.verifiedMember(operator);
      await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/suspend`).set(operator.auth).send({}).expect(400);
      const suspended = await request(api.http)
        .post(`/api/v1/admin/organisations/${member.organisationId}/suspend`)
        .set(operator.auth)
        .send({ reason: '涉嫌虚假宣传' })
        .expect(200);
      expect(suspended.body.capabilities).toEqual({ draft: false, inviteMembers: false, submitQualifications: false, publish: false, bid: false, sign: false });

      const again = await api.login(member.email);
      const mine = await request(api.http).get('/api/v1/organisations/me').set(again.auth).expect(200);
      expect(mine.body.status).toBe('suspended');
      await request(api.http).get('/api/v1/organisations/me/members').set(again.auth).expect(200);
      const invite = await request(api.http).post('/api/v1/organisations/me/invitations').set(again.auth).send({ email: uniqueEmail('colleague') }).expect(403);
      expect(invite.body.error.code).toBe('ORGANISATION.SUSPENDED');
      const qualification = await request(api.http)
        .post('/api/v1/organisations/me/qualifications')
        .set(again.auth)
        .send({ type: 'secrecy', number: 'BM-1', issuer: '国家保密局', validFrom: '2025-01-01', validUntil: '2027-12-31' })
        .expect(403);
      expect(qualification.body.error.code).toBe('ORGANISATION.SUSPENDED');

      const reinstated = await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/reinstate`).set(operator.auth).send({}).expect(200);
      expect(reinstated.body.status).toBe('verified');
      await request(api.http).post('/api/v1/organisations/me/invitations').set(again.auth).send({ email: uniqueEmail('colleague') }).expect(201);
    });

    it('gives other services the current standing of an organisation', async () => {
      const member = await api.member();
      const standing = await system.gateway.get(ServiceClient).send('identity.organisations.standing', { actor: null, input: { organisationId: member.organisationId } });
      expect(standing).toMatchObject({ status: 'pending', capabilities: { publish: false } });
    });
  });

  describe('who may call what', () => {
    it('refuses operator endpoints to members (403) and everything non-public to anonymous callers (401)', async () => {
      const member = await api.verifiedMember(operator);
      const refused = await request(api.http).get('/api/v1/admin/organisations').set(member.auth).expect(403);
      expect(refused.body.error).toEqual({ code: 'AUTH.FORBIDDEN', message: 'This action is for: operator' });
      await request(api.http).post(`/api/v1/admin/organisations/${member.organisationId}/verify`).set(member.auth).send({}).expect(403);
      await request(api.http).get('/api/v1/organisations/me').expect(401);
    });

    it('refuses member endpoints to operators, who have no organisation of their own', async () => {
      await request(api.http).get('/api/v1/organisations/me').set(operator.auth).expect(403);
    });

    it('answers 404 for another organisation’s objects, never revealing them', async () => {
      const mine = await api.member();
      const theirs = await api.member();
      const submitted = await request(api.http)
        .post('/api/v1/organisations/me/qualifications')
        .set(theirs.auth)
        .send({ type: 'quality_system', number: 'GJB-9001C-2024', issuer: '新时代认证中心', validFrom: '2024-01-01', validUntil: '2027-01-01' })
        .expect(201);
      const hidden = await request(api.http).get(`/api/v1/qualifications/${submitted.body.id}`).set(mine.auth).expect(404);
      expect(hidden.body.error.code).toBe('QUALIFICATION.NOT_FOUND');
      await request(api.http).get(`/api/v1/qualifications/${submitted.body.id}`).set(theirs.auth).expect(200);
      await request(api.http).get(`/api/v1/qualifications/${submitted.body.id}`).set(operator.auth).expect(200);
      // The list of "my" qualifications never includes theirs.
      const list = await request(api.http).get('/api/v1/organisations/me/qualifications').set(mine.auth).expect(200);
      expect(list.body.total).toBe(0);
    });
  });

  describe('names of organisations (GET /organisations/names)', () => {
    it('names organisations by id in one request, in the order asked, leaving unknown ids out', async () => {
      const asker = await api.verifiedMember(operator, 'enterprise');
      const institute = await api.verifiedMember(operator, 'institute');
      const pending = await api.member('enterprise');
      const unknown = randomUUID();
      const ids = [institute.organisationId, unknown, pending.organisationId!.toUpperCase(), institute.organisationId];
      const answer = await request(api.http).get('/api/v1/organisations/names').query({ ids: ids.join(',') }).set(asker.auth).expect(200);
      expect(answer.body.organisations).toEqual([
        { id: institute.organisationId, name: expect.any(String), kind: 'institute', verified: true },
        { id: pending.organisationId, name: expect.any(String), kind: 'enterprise', verified: false },
      ]);
      // Only what a counterpart may know: no credit code, region, status reason or members.
      expect(Object.keys(answer.body.organisations[0]).sort()).toEqual(['id', 'kind', 'name', 'verified']);
      const mine = await request(api.http).get('/api/v1/organisations/me').set(institute.auth).expect(200);
      expect(answer.body.organisations[0].name).toBe(mine.body.name);
      // Operators too, and the repeated form of the parameter.
      const repeated = await request(api.http).get(`/api/v1/organisations/names?ids=${institute.organisationId}&ids=${asker.organisationId}`).set(operator.auth).expect(200);
      expect(repeated.body.organisations.map((o: { id: string }) => o.id)).toEqual([institute.organisationId, asker.organisationId]);
    });

    it('refuses more than 100 ids, anything but UUID v4 ids and an empty list with a 400 naming ids; anonymous callers with a 401', async () => {
      const member = await api.member();
      const tooMany = Array.from({ length: 101 }, () => randomUUID()).join(',');
      const cases: [Record<string, string>, string][] = [
        [{ ids: tooMany }, 'ids must name at most 100 organisations'],
        [{ ids: `${randomUUID()},not-a-uuid` }, 'each of ids must be a UUID v4'],
        [{ ids: '00000000-0000-1000-8000-000000000000' }, 'each of ids must be a UUID v4'],
        [{ ids: '' }, 'each of ids must be a UUID v4'],
        [{}, 'ids must name at least one organisation'],
      ];
      for (const [query, message] of cases) {
        const refused = await request(api.http).get('/api/v1/organisations/names').query(query).set(member.auth).expect(400);
        expect(refused.body.error.fields).toEqual([{ field: 'ids', messages: expect.arrayContaining([message]) }]);
      }
      // A hundred is fine, even if none exists.
      const hundred = Array.from({ length: 100 }, () => randomUUID()).join(',');
      const none = await request(api.http).get('/api/v1/organisations/names').query({ ids: hundred }).set(member.auth).expect(200);
      expect(none.body.organisations).toEqual([]);
      await request(api.http).get('/api/v1/organisations/names').query({ ids: member.organisationId }).expect(401);
    });
  });

  describe('invitations', () => {
    it('lets the admin invite a colleague, who joins with a password and the organisation’s role', async () => {
      const admin = await api.member('enterprise');
      const email = uniqueEmail('colleague');
      const invitation = await request(api.http).post('/api/v1/organisations/me/invitations').set(admin.auth).send({ email, displayName: '王五' }).expect(201);
      expect(invitation.body).toMatchObject({ email, role: 'enterprise', organisationId: admin.organisationId, token: expect.any(String) });

      const joined = await request(api.http).post('/api/v1/auth/accept-invitation').send({ token: invitation.body.token, password: PASSWORD }).expect(201);
      expect(joined.body.user).toMatchObject({ email, displayName: '王五', role: 'enterprise', organisationId: admin.organisationId, isOrganisationAdmin: false });

      const colleague = await api.login(email);
      const members = await request(api.http).get('/api/v1/organisations/me/members').set(colleague.auth).expect(200);
      expect(members.body.map((m: { email: string }) => m.email).sort()).toEqual([admin.email, email].sort());
      const sent = await request(api.http).get('/api/v1/organisations/me/invitations').set(admin.auth).expect(200);
      expect(sent.body.items[0]).toMatchObject({ email, acceptedAt: expect.any(String) });
      expect(sent.body.items[0]).not.toHaveProperty('token');

      // An invitation works once; a non-admin member cannot invite.
      await request(api.http).post('/api/v1/auth/accept-invitation').send({ token: invitation.body.token, password: PASSWORD }).expect(404);
      const notAdmin = await request(api.http).post('/api/v1/organisations/me/invitations').set(colleague.auth).send({ email: uniqueEmail('x') }).expect(403);
      expect(notAdmin.body.error.code).toBe('AUTH.NOT_ORGANISATION_ADMIN');
    });

    it('refuses a made-up invitation token, and inviting an e-mail that already has an account', async () => {
      await request(api.http).post('/api/v1/auth/accept-invitation').send({ token: 'x'.repeat(43), password: PASSWORD, displayName: '赵六' }).expect(404);
      const admin = await api.member();
      const taken = await request(api.http).post('/api/v1/organisations/me/invitations').set(admin.auth).send({ email: operator.email }).expect(409);
      expect(taken.body.error.code).toBe('EMAIL.TAKEN');
    });
  });
});
