import { creditCodeCheckCharacter } from '@lib/contracts';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { BAD_IDS, BadBody, badPaging, BadQuery, Body, correlatedCalls, expectInvalid, long, Method, UUID_V1, without } from '../support/bad-input';
import { PASSWORD, randomCreditCode, Session, uniqueEmail } from '../support/identity';
import { Scenario, startScenario } from '../support/scenario';

/**
 * Bad input to every identity endpoint is refused at the gateway with
 * `400 { error: { code: 'REQUEST.INVALID', message, fields: [{ field, messages }] }, correlationId }`,
 * names the offending field, never yields a 5xx, and creates or changes nothing.
 *
 * Defects this suite once found are kept as regression tests at the end.
 */

/** An e-mail address longer than 254 characters whose parts are each valid (local part 64, labels 63). */
const OVERLONG_EMAIL = `${long(64, 'a')}@${[long(63, 'b'), long(63, 'c'), long(63, 'd'), long(63, 'e')].join('.')}.cn`;
const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A checksum-valid credit code with its check character replaced by another character of the alphabet. */
function withWrongCheckCharacter(code: string): string {
  const right = code[17];
  const wrong = CODE_ALPHABET[(CODE_ALPHABET.indexOf(right) + 1 + randomInt(CODE_ALPHABET.length - 1)) % CODE_ALPHABET.length];
  return code.slice(0, 17) + wrong;
}

/** A checksum-valid credit code that contains letters, so a lower-case spelling of it is a real test. */
function creditCodeWithLetters(): string {
  const first17 = `91510700MA${randomBytes(3).toString('hex').toUpperCase()}B`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** A client address of its own for each failed-login probe: the per-client throttle (20 / 15 min) must not interfere. */
const someClientAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

describe('identity endpoints refuse bad input with 400 REQUEST.INVALID and change nothing', () => {
  let { system, identity, operator } = {} as Scenario;

  /** A request to the gateway with its own correlation id (checked in every refusal). */
  const call = correlatedCalls(() => system);

  async function expectNoAccount(email: string): Promise<void> {
    const login = await call('post', '/auth/login').set('X-Forwarded-For', someClientAddress()).send({ email, password: PASSWORD });
    expect({ status: login.status, code: login.body.error?.code }).toEqual({ status: 401, code: 'AUTH.INVALID_CREDENTIALS' });
  }

  beforeAll(async () => {
    ({ system, identity, operator } = await startScenario(['identity']));
  });
  afterAll(() => system?.stop());

  describe('POST auth/register', () => {
    interface Registration extends Body {
      email: string;
      password: string;
      displayName: string;
      organisation: { name: string; kind: string; creditCode: string; regionCode: string };
    }
    const validRegistration = (): Registration => ({
      email: uniqueEmail('bad-register'),
      password: PASSWORD,
      displayName: '张伟',
      organisation: { name: '绵阳某某研究所', kind: 'institute', creditCode: randomCreditCode(), regionCode: '510700' },
    });
    const withOrganisation = (valid: Registration, change: Body) => ({ ...valid, organisation: { ...valid.organisation, ...change } });
    const withoutInOrganisation = (valid: Registration, key: keyof Registration['organisation']) => ({ ...valid, organisation: without(valid.organisation, key) });
    const withCreditCode = (creditCode: unknown) => (valid: Registration) => withOrganisation(valid, { creditCode });
    const withRegionCode = (regionCode: unknown) => (valid: Registration) => withOrganisation(valid, { regionCode });

    const cases: BadBody<Registration>[] = [
      // missing required fields
      { name: 'email missing', change: (v) => without(v, 'email'), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'password missing', change: (v) => without(v, 'password'), fields: ['password'], says: 'password must be a string' },
      { name: 'displayName missing', change: (v) => without(v, 'displayName'), fields: ['displayName'], says: 'displayName should not be empty' },
      { name: 'organisation.name missing', change: (v) => withoutInOrganisation(v, 'name'), fields: ['organisation.name'], says: 'name should not be empty' },
      { name: 'organisation.kind missing', change: (v) => withoutInOrganisation(v, 'kind'), fields: ['organisation.kind'], says: 'kind must be one of the following values: institute, enterprise' },
      { name: 'organisation.creditCode missing', change: (v) => withoutInOrganisation(v, 'creditCode'), fields: ['organisation.creditCode'], says: 'creditCode must be a string' },
      { name: 'organisation.regionCode missing', change: (v) => withoutInOrganisation(v, 'regionCode'), fields: ['organisation.regionCode'], says: 'regionCode must be a string' },
      { name: 'organisation null', change: (v) => ({ ...v, organisation: null }), fields: ['organisation'], says: 'nested property organisation must be either object or array' },
      // wrong types
      { name: 'email a number', change: (v) => ({ ...v, email: 12345 }), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email an array of one address', change: (v) => ({ ...v, email: [v.email] }), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'password a number', change: (v) => ({ ...v, password: 123456789012345 }), fields: ['password'], says: 'password must be a string' },
      { name: 'displayName an object', change: (v) => ({ ...v, displayName: { zh: '张伟' } }), fields: ['displayName'], says: 'displayName must be a string' },
      { name: 'displayName an array', change: (v) => ({ ...v, displayName: ['张伟'] }), fields: ['displayName'], says: 'displayName must be a string' },
      { name: 'organisation a string', change: (v) => ({ ...v, organisation: '绵阳某某研究所' }), fields: ['organisation'], says: 'nested property organisation must be either object or array' },
      { name: 'organisation.name a number', change: (v) => withOrganisation(v, { name: 42 }), fields: ['organisation.name'], says: 'name must be a string' },
      { name: 'organisation.kind unknown', change: (v) => withOrganisation(v, { kind: 'university' }), fields: ['organisation.kind'], says: 'kind must be one of the following values: institute, enterprise' },
      { name: 'organisation.kind upper case', change: (v) => withOrganisation(v, { kind: 'INSTITUTE' }), fields: ['organisation.kind'], says: 'kind must be one of the following values' },
      { name: 'organisation.creditCode a number', change: (v) => withOrganisation(v, { creditCode: 914403001922038216 }), fields: ['organisation.creditCode'], says: 'creditCode must be a string' },
      { name: 'organisation.regionCode a number', change: (v) => withOrganisation(v, { regionCode: 510700 }), fields: ['organisation.regionCode'], says: 'regionCode must be a string' },
      // malformed and overlong strings
      { name: 'email without a domain', change: (v) => ({ ...v, email: 'zhang.wei' }), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email longer than 254 characters', change: (v) => ({ ...v, email: OVERLONG_EMAIL }), fields: ['email'], says: 'email must be shorter than or equal to 254 characters' },
      { name: 'password shorter than 12 characters', change: (v) => ({ ...v, password: 'short-pass1' }), fields: ['password'], says: 'password must be longer than or equal to 12 characters' },
      { name: 'password longer than 128 characters', change: (v) => ({ ...v, password: long(129) }), fields: ['password'], says: 'password must be shorter than or equal to 128 characters' },
      { name: 'displayName longer than 100 characters', change: (v) => ({ ...v, displayName: long(101, '张') }), fields: ['displayName'], says: 'displayName must be shorter than or equal to 100 characters' },
      { name: 'displayName only spaces', change: (v) => ({ ...v, displayName: '   ' }), fields: ['displayName'], says: 'displayName should not be empty' },
      { name: 'organisation.name longer than 200 characters', change: (v) => withOrganisation(v, { name: long(201, '所') }), fields: ['organisation.name'], says: 'name must be shorter than or equal to 200 characters' },
      { name: 'organisation.name empty', change: (v) => withOrganisation(v, { name: '' }), fields: ['organisation.name'], says: 'name should not be empty' },
      // unknown extra fields (forbidNonWhitelisted)
      { name: 'extra field role=operator', change: (v) => ({ ...v, role: 'operator' }), fields: ['role'], says: 'property role should not exist' },
      { name: 'extra field isOrganisationAdmin', change: (v) => ({ ...v, isOrganisationAdmin: true }), fields: ['isOrganisationAdmin'], says: 'property isOrganisationAdmin should not exist' },
      { name: 'extra field organisation.status=verified', change: (v) => withOrganisation(v, { status: 'verified' }), fields: ['organisation.status'], says: 'property status should not exist' },
      // credit codes (GB 32100-2015)
      { name: 'credit code with a wrong check character', change: (v) => withOrganisation(v, { creditCode: withWrongCheckCharacter(v.organisation.creditCode) }), fields: ['organisation.creditCode'], says: 'creditCode has a wrong check character' },
      { name: 'credit code of 17 characters', change: (v) => withOrganisation(v, { creditCode: v.organisation.creditCode.slice(0, 17) }), fields: ['organisation.creditCode'], says: 'creditCode must be 18 characters' },
      { name: 'credit code of 19 characters', change: (v) => withOrganisation(v, { creditCode: `${v.organisation.creditCode}0` }), fields: ['organisation.creditCode'], says: 'creditCode must be 18 characters' },
      { name: 'credit code empty', change: withCreditCode(''), fields: ['organisation.creditCode'], says: 'creditCode must be 18 characters' },
      { name: 'credit code with a lower-case i (I is not in the alphabet)', change: withCreditCode('91510700mai000000i'), fields: ['organisation.creditCode'], says: 'no I, O, S, V, Z' },
      { name: 'credit code with a lower-case o (O is not in the alphabet)', change: withCreditCode('91510700ma0o000001'), fields: ['organisation.creditCode'], says: 'no I, O, S, V, Z' },
      { name: 'credit code with a letter in the region digits', change: withCreditCode('9151A700MA00000001'), fields: ['organisation.creditCode'], says: 'with digits in positions 3-8' },
      // region codes (GB/T 2260)
      { name: 'region code of 5 digits', change: withRegionCode('51070'), fields: ['organisation.regionCode'], says: 'regionCode must be a 6-digit administrative division code' },
      { name: 'region code of 7 digits', change: withRegionCode('5107000'), fields: ['organisation.regionCode'], says: 'regionCode must be a 6-digit administrative division code' },
      { name: 'region code of an unknown province (99)', change: withRegionCode('990000'), fields: ['organisation.regionCode'], says: 'regionCode must be a 6-digit administrative division code' },
      { name: 'region code with a letter', change: withRegionCode('51070A'), fields: ['organisation.regionCode'], says: 'regionCode must be a 6-digit administrative division code' },
      { name: 'region code empty', change: withRegionCode(''), fields: ['organisation.regionCode'], says: 'regionCode must be a 6-digit administrative division code' },
    ];

    it.each(cases)('refuses $name, creates no account and leaves the credit code free', async ({ change, fields, says }) => {
      const valid = validRegistration();
      expectInvalid(await call('post', '/auth/register').send(change(valid) as object), { fields, says });
      await expectNoAccount(valid.email);
      const registered = await call('post', '/auth/register').send(valid);
      expect({ status: registered.status, creditCode: registered.body.organisation?.creditCode }).toEqual({
        status: 201,
        creditCode: valid.organisation.creditCode,
      });
    });

    it('accepts a valid credit code typed in lower case and stores it upper case (so the i/o cases above fail for their letters)', async () => {
      const valid = validRegistration();
      const code = creditCodeWithLetters();
      const registered = await call('post', '/auth/register').send(withOrganisation(valid, { creditCode: code.toLowerCase() }));
      expect({ status: registered.status, creditCode: registered.body.organisation?.creditCode }).toEqual({ status: 201, creditCode: code });
    });

    // Regression: class-validator skips nested validation of `undefined` unless the field is required.
    it('refuses a registration without an organisation object', async () => {
      const valid = validRegistration();
      expectInvalid(await call('post', '/auth/register').send(without(valid, 'organisation')), { fields: ['organisation'] });
    });
  });

  describe('POST auth/accept-invitation', () => {
    let inviter: Session;
    let inviteeEmail: string;
    let token: string;
    /** Who belongs to the inviter's organisation (read by an operator: no login attempts, so no throttling). */
    const memberEmails = async () =>
      ((await call('get', `/admin/organisations/${inviter.organisationId}/members`, operator).expect(200)).body as { email: string }[]).map((u) => u.email);
    beforeAll(async () => {
      inviter = await identity.member();
      inviteeEmail = uniqueEmail('invitee');
      const invitation = await call('post', '/organisations/me/invitations', inviter).send({ email: inviteeEmail, displayName: '李娜' }).expect(201);
      token = invitation.body.token;
    });
    const valid = () => ({ token, password: PASSWORD, displayName: '李娜' });

    const cases: BadBody<ReturnType<typeof valid>>[] = [
      { name: 'token missing', change: (v) => without(v, 'token'), fields: ['token'], says: 'token must be a string' },
      { name: 'token a number', change: (v) => ({ ...v, token: 12345678901234567890 }), fields: ['token'], says: 'token must be a string' },
      { name: 'token an array', change: (v) => ({ ...v, token: [v.token] }), fields: ['token'], says: 'token must be a string' },
      { name: 'token shorter than 20 characters', change: (v) => ({ ...v, token: 'abc' }), fields: ['token'], says: 'token must be longer than or equal to 20 characters' },
      { name: 'token longer than 200 characters', change: (v) => ({ ...v, token: long(201) }), fields: ['token'], says: 'token must be shorter than or equal to 200 characters' },
      { name: 'password missing', change: (v) => without(v, 'password'), fields: ['password'], says: 'password must be a string' },
      { name: 'password a number', change: (v) => ({ ...v, password: 123456789012345 }), fields: ['password'], says: 'password must be a string' },
      { name: 'password shorter than 12 characters', change: (v) => ({ ...v, password: 'short-pass1' }), fields: ['password'], says: 'password must be longer than or equal to 12 characters' },
      { name: 'password longer than 128 characters', change: (v) => ({ ...v, password: long(129) }), fields: ['password'], says: 'password must be shorter than or equal to 128 characters' },
      { name: 'displayName empty', change: (v) => ({ ...v, displayName: '' }), fields: ['displayName'], says: 'displayName should not be empty' },
      { name: 'displayName only spaces', change: (v) => ({ ...v, displayName: '   ' }), fields: ['displayName'], says: 'displayName should not be empty' },
      { name: 'displayName longer than 100 characters', change: (v) => ({ ...v, displayName: long(101, '李') }), fields: ['displayName'], says: 'displayName must be shorter than or equal to 100 characters' },
      { name: 'displayName a number', change: (v) => ({ ...v, displayName: 42 }), fields: ['displayName'], says: 'displayName must be a string' },
      { name: 'extra field email (choosing another address)', change: (v) => ({ ...v, email: uniqueEmail('other') }), fields: ['email'], says: 'property email should not exist' },
      { name: 'extra field role=operator', change: (v) => ({ ...v, role: 'operator' }), fields: ['role'], says: 'property role should not exist' },
    ];

    it.each(cases)('refuses $name and the organisation gains no member', async ({ change, fields, says }) => {
      expectInvalid(await call('post', '/auth/accept-invitation').send(change(valid()) as object), { fields, says });
      expect(await memberEmails()).toEqual([inviter.email]);
    });

    it('the invitee has no account after all those attempts', async () => {
      await expectNoAccount(inviteeEmail);
    });

    it('still accepts the invitation afterwards: no refused attempt used it up', async () => {
      const accepted = await call('post', '/auth/accept-invitation').send(valid());
      expect({ status: accepted.status, email: accepted.body.user?.email }).toEqual({ status: 201, email: inviteeEmail });
      expect(await memberEmails()).toEqual([inviter.email, inviteeEmail]);
    });
  });

  describe('POST auth/login', () => {
    let email: string;
    beforeAll(async () => {
      ({ email } = await identity.register());
    });
    const valid = () => ({ email, password: PASSWORD });

    const cases: BadBody<ReturnType<typeof valid>>[] = [
      { name: 'email missing', change: (v) => without(v, 'email'), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email a number', change: (v) => ({ ...v, email: 42 }), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email an array', change: (v) => ({ ...v, email: [v.email] }), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email not an address', change: (v) => ({ ...v, email: 'zhang.wei' }), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email longer than 254 characters', change: (v) => ({ ...v, email: OVERLONG_EMAIL }), fields: ['email'], says: 'email must be shorter than or equal to 254 characters' },
      { name: 'password missing', change: (v) => without(v, 'password'), fields: ['password'], says: 'password should not be empty' },
      { name: 'password empty', change: (v) => ({ ...v, password: '' }), fields: ['password'], says: 'password should not be empty' },
      { name: 'password a number', change: (v) => ({ ...v, password: 1234567890123 }), fields: ['password'], says: 'password must be a string' },
      { name: 'password an object', change: (v) => ({ ...v, password: { $ne: '' } }), fields: ['password'], says: 'password must be a string' },
      { name: 'password longer than 128 characters', change: (v) => ({ ...v, password: long(129) }), fields: ['password'], says: 'password must be shorter than or equal to 128 characters' },
      { name: 'extra field clientAddress (spoofing the throttle)', change: (v) => ({ ...v, clientAddress: '203.0.113.7' }), fields: ['clientAddress'], says: 'property clientAddress should not exist' },
      { name: 'extra field rememberMe', change: (v) => ({ ...v, rememberMe: true }), fields: ['rememberMe'], says: 'property rememberMe should not exist' },
    ];

    it.each(cases)('refuses $name', async ({ change, fields, says }) => {
      expectInvalid(await call('post', '/auth/login').send(change(valid()) as object), { fields, says });
    });

    it('still logs the account in: refused requests did not count as failed logins (5 would lock it)', async () => {
      const login = await call('post', '/auth/login').send(valid());
      expect({ status: login.status, tokenType: login.body.tokenType }).toEqual({ status: 200, tokenType: 'Bearer' });
    });
  });

  describe('POST auth/refresh', () => {
    let session: Session;
    beforeAll(async () => {
      session = await identity.member();
    });
    const cases: BadBody<{ refreshToken: string }>[] = [
      { name: 'refreshToken missing', change: () => ({}), fields: ['refreshToken'], says: 'refreshToken must be a string' },
      { name: 'refreshToken a number', change: () => ({ refreshToken: 123456789012345678901234 }), fields: ['refreshToken'], says: 'refreshToken must be a string' },
      { name: 'refreshToken an array', change: (v) => ({ refreshToken: [v.refreshToken] }), fields: ['refreshToken'], says: 'refreshToken must be a string' },
      { name: 'refreshToken an object', change: (v) => ({ refreshToken: { token: v.refreshToken } }), fields: ['refreshToken'], says: 'refreshToken must be a string' },
      { name: 'refreshToken shorter than 20 characters', change: () => ({ refreshToken: 'short' }), fields: ['refreshToken'], says: 'refreshToken must be longer than or equal to 20 characters' },
      { name: 'refreshToken longer than 300 characters', change: () => ({ refreshToken: long(301) }), fields: ['refreshToken'], says: 'refreshToken must be shorter than or equal to 300 characters' },
      { name: 'the real token plus an extra field', change: (v) => ({ ...v, userId: randomUUID() }), fields: ['userId'], says: 'property userId should not exist' },
    ];

    it.each(cases)('refuses $name', async ({ change, fields, says }) => {
      expectInvalid(await call('post', '/auth/refresh').send(change({ refreshToken: session.refreshToken }) as object), { fields, says });
    });

    it('still refreshes with the real token: no refused request spent it', async () => {
      const refreshed = await call('post', '/auth/refresh').send({ refreshToken: session.refreshToken });
      expect({ status: refreshed.status, tokenType: refreshed.body.tokenType }).toEqual({ status: 200, tokenType: 'Bearer' });
    });
  });

  describe('POST auth/logout', () => {
    let session: Session;
    beforeAll(async () => {
      session = await identity.member();
    });
    const cases: BadBody<{ refreshToken: string }>[] = [
      { name: 'refreshToken missing', change: () => ({}), fields: ['refreshToken'], says: 'refreshToken must be a string' },
      { name: 'refreshToken a number', change: () => ({ refreshToken: 123456789012345678901234 }), fields: ['refreshToken'], says: 'refreshToken must be a string' },
      { name: 'refreshToken an array', change: (v) => ({ refreshToken: [v.refreshToken] }), fields: ['refreshToken'], says: 'refreshToken must be a string' },
      { name: 'refreshToken shorter than 20 characters', change: () => ({ refreshToken: 'short' }), fields: ['refreshToken'], says: 'refreshToken must be longer than or equal to 20 characters' },
      { name: 'refreshToken longer than 300 characters', change: () => ({ refreshToken: long(301) }), fields: ['refreshToken'], says: 'refreshToken must be shorter than or equal to 300 characters' },
      { name: 'the real token plus an extra field allSessions', change: (v) => ({ ...v, allSessions: true }), fields: ['allSessions'], says: 'property allSessions should not exist' },
    ];

    it.each(cases)('refuses $name and the session goes on', async ({ change, fields, says }) => {
      expectInvalid(await call('post', '/auth/logout', session).send(change({ refreshToken: session.refreshToken }) as object), { fields, says });
      await call('get', '/me', session).expect(200);
    });

    it('still logs out with the real token afterwards, which ends the session', async () => {
      await call('post', '/auth/logout', session).send({ refreshToken: session.refreshToken }).expect(204);
      const me = await call('get', '/me', session);
      expect({ status: me.status, code: me.body.error?.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    });
  });

  describe('endpoints that take no input (me, organisations/me, organisations/me/members, admin/audit/verify)', () => {
    const routes = ['/me', '/organisations/me', '/organisations/me/members', '/admin/audit/verify'];
    const badHeaders = [
      ['a Basic credential', 'Basic dXNlcjpwYXNz'],
      ['"Bearer" without a token', 'Bearer'],
      ['a token with spaces', 'Bearer not a token at all'],
      ['a well-formed but forged JWT', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW5vdC12YWxpZA'],
    ];
    it.each(routes.flatMap((route) => badHeaders.map(([name, header]) => ({ route, name, header }))))(
      '$route refuses an Authorization header with $name: 401, not a 5xx',
      async ({ route, header }) => {
        const response = await call('get', route).set('Authorization', header);
        expect(response.status).toBe(401);
        expect(response.body).toEqual({
          error: { code: 'AUTH.UNAUTHENTICATED', message: expect.any(String) },
          correlationId: response.headers['x-request-id'],
        });
      },
    );
  });

  describe('POST organisations/me/invitations', () => {
    let admin: Session;
    const invitationsTotal = async () => (await call('get', '/organisations/me/invitations', admin).expect(200)).body.total as number;
    beforeAll(async () => {
      admin = await identity.member();
    });
    const valid = () => ({ email: uniqueEmail('colleague'), displayName: '王芳' });

    const cases: BadBody<ReturnType<typeof valid>>[] = [
      { name: 'email missing', change: (v) => without(v, 'email'), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email a number', change: (v) => ({ ...v, email: 42 }), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email not an address', change: (v) => ({ ...v, email: 'wang.fang@' }), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email longer than 254 characters', change: (v) => ({ ...v, email: OVERLONG_EMAIL }), fields: ['email'], says: 'email must be shorter than or equal to 254 characters' },
      { name: 'displayName empty', change: (v) => ({ ...v, displayName: '' }), fields: ['displayName'], says: 'displayName should not be empty' },
      { name: 'displayName longer than 100 characters', change: (v) => ({ ...v, displayName: long(101, '王') }), fields: ['displayName'], says: 'displayName must be shorter than or equal to 100 characters' },
      { name: 'displayName an object', change: (v) => ({ ...v, displayName: { zh: '王芳' } }), fields: ['displayName'], says: 'displayName must be a string' },
      { name: 'extra field role=operator', change: (v) => ({ ...v, role: 'operator' }), fields: ['role'], says: 'property role should not exist' },
      { name: 'extra field organisationId (inviting into another organisation)', change: (v) => ({ ...v, organisationId: randomUUID() }), fields: ['organisationId'], says: 'property organisationId should not exist' },
      { name: 'extra field isOrganisationAdmin', change: (v) => ({ ...v, isOrganisationAdmin: true }), fields: ['isOrganisationAdmin'], says: 'property isOrganisationAdmin should not exist' },
    ];

    it.each(cases)('refuses $name and sends no invitation', async ({ change, fields, says }) => {
      const before = await invitationsTotal();
      expectInvalid(await call('post', '/organisations/me/invitations', admin).send(change(valid()) as object), { fields, says });
      expect(await invitationsTotal()).toBe(before);
    });

    it('still invites with a valid body (the base of every case above is valid)', async () => {
      const before = await invitationsTotal();
      await call('post', '/organisations/me/invitations', admin).send(valid()).expect(201);
      expect(await invitationsTotal()).toBe(before + 1);
    });
  });

  describe('POST organisations/me/resubmit', () => {
    let admin: Session;
    let rejected: Body;
    const mine = async () => (await call('get', '/organisations/me', admin).expect(200)).body as Body;
    beforeAll(async () => {
      admin = await identity.member();
      await call('post', `/admin/organisations/${admin.organisationId}/reject`, operator).send({ reason: '信用代码与营业执照不符' }).expect(200);
      rejected = await mine();
      expect(rejected.status).toBe('rejected');
    });

    const cases: BadBody[] = [
      { name: 'name empty', change: () => ({ name: '' }), fields: ['name'], says: 'name should not be empty' },
      { name: 'name only spaces', change: () => ({ name: '   ' }), fields: ['name'], says: 'name should not be empty' },
      { name: 'name longer than 200 characters', change: () => ({ name: long(201, '所') }), fields: ['name'], says: 'name must be shorter than or equal to 200 characters' },
      { name: 'name a number', change: () => ({ name: 42 }), fields: ['name'], says: 'name must be a string' },
      { name: 'name an array', change: () => ({ name: ['绵阳某某研究所'] }), fields: ['name'], says: 'name must be a string' },
      { name: 'region code of 5 digits', change: () => ({ regionCode: '51070' }), fields: ['regionCode'], says: 'regionCode must be a 6-digit administrative division code' },
      { name: 'region code of an unknown province (99)', change: () => ({ regionCode: '990000' }), fields: ['regionCode'], says: 'regionCode must be a 6-digit administrative division code' },
      { name: 'region code a number', change: () => ({ regionCode: 510700 }), fields: ['regionCode'], says: 'regionCode must be a string' },
      { name: 'region code of letters', change: () => ({ regionCode: 'ABCDEF' }), fields: ['regionCode'], says: 'regionCode must be a 6-digit administrative division code' },
      { name: 'extra field creditCode (it cannot be changed)', change: () => ({ name: '新名称研究所', creditCode: randomCreditCode() }), fields: ['creditCode'], says: 'property creditCode should not exist' },
      { name: 'extra field kind', change: () => ({ kind: 'enterprise' }), fields: ['kind'], says: 'property kind should not exist' },
      { name: 'extra field status=verified', change: () => ({ status: 'verified' }), fields: ['status'], says: 'property status should not exist' },
    ];

    it.each(cases)('refuses $name and the organisation stays rejected and unchanged', async ({ change, fields, says }) => {
      expectInvalid(await call('post', '/organisations/me/resubmit', admin).send(change({}) as object), { fields, says });
      expect(await mine()).toEqual(rejected);
    });

    it('still resubmits with a valid body, back to pending', async () => {
      const resubmitted = await call('post', '/organisations/me/resubmit', admin).send({ name: '绵阳更正研究所', regionCode: '510703' });
      expect({ status: resubmitted.status, body: resubmitted.body }).toMatchObject({
        status: 200,
        body: { status: 'pending', name: '绵阳更正研究所', regionCode: '510703', creditCode: rejected.creditCode },
      });
    });
  });

  describe('POST organisations/me/qualifications', () => {
    let member: Session;
    const qualificationsTotal = async () => (await call('get', '/organisations/me/qualifications', member).expect(200)).body.total as number;
    beforeAll(async () => {
      member = await identity.member();
    });
    const valid = () => ({ type: 'secrecy', number: 'GFBM-2023-0417', grade: '二级', issuer: '国家保密局', validFrom: '2024-01-01', validUntil: '2028-12-31' });

    const cases: BadBody<ReturnType<typeof valid>>[] = [
      { name: 'type missing', change: (v) => without(v, 'type'), fields: ['type'], says: 'type must be one of the following values' },
      { name: 'type unknown', change: (v) => ({ ...v, type: 'iso9001' }), fields: ['type'], says: 'type must be one of the following values' },
      { name: 'type a number', change: (v) => ({ ...v, type: 1 }), fields: ['type'], says: 'type must be one of the following values' },
      { name: 'number missing', change: (v) => without(v, 'number'), fields: ['number'], says: 'number must be a string' },
      { name: 'number only spaces', change: (v) => ({ ...v, number: '   ' }), fields: ['number'], says: 'number should not be empty' },
      { name: 'number longer than 60 characters', change: (v) => ({ ...v, number: long(61, 'G') }), fields: ['number'], says: 'number must be shorter than or equal to 60 characters' },
      { name: 'number a number', change: (v) => ({ ...v, number: 20230417 }), fields: ['number'], says: 'number must be a string' },
      { name: 'grade empty', change: (v) => ({ ...v, grade: '' }), fields: ['grade'], says: 'grade should not be empty' },
      { name: 'grade longer than 40 characters', change: (v) => ({ ...v, grade: long(41, '级') }), fields: ['grade'], says: 'grade must be shorter than or equal to 40 characters' },
      { name: 'grade a number', change: (v) => ({ ...v, grade: 2 }), fields: ['grade'], says: 'grade must be a string' },
      { name: 'issuer missing', change: (v) => without(v, 'issuer'), fields: ['issuer'], says: 'issuer must be a string' },
      { name: 'issuer longer than 200 characters', change: (v) => ({ ...v, issuer: long(201, '局') }), fields: ['issuer'], says: 'issuer must be shorter than or equal to 200 characters' },
      { name: 'issuer an object', change: (v) => ({ ...v, issuer: { zh: '国家保密局' } }), fields: ['issuer'], says: 'issuer must be a string' },
      { name: 'validFrom missing', change: (v) => without(v, 'validFrom'), fields: ['validFrom'], says: 'validFrom must be a calendar date YYYY-MM-DD' },
      { name: 'validFrom 2026-02-30 (no such day)', change: (v) => ({ ...v, validFrom: '2026-02-30' }), fields: ['validFrom'], says: 'validFrom must be a calendar date YYYY-MM-DD' },
      { name: 'validFrom 2026-13-01 (no such month)', change: (v) => ({ ...v, validFrom: '2026-13-01' }), fields: ['validFrom'], says: 'validFrom must be a calendar date YYYY-MM-DD' },
      { name: 'validFrom with slashes', change: (v) => ({ ...v, validFrom: '2024/01/01' }), fields: ['validFrom'], says: 'validFrom must be a calendar date YYYY-MM-DD' },
      { name: 'validFrom without leading zeros', change: (v) => ({ ...v, validFrom: '2024-1-1' }), fields: ['validFrom'], says: 'validFrom must be a calendar date YYYY-MM-DD' },
      { name: 'validFrom with a time', change: (v) => ({ ...v, validFrom: '2024-01-01T00:00:00Z' }), fields: ['validFrom'], says: 'validFrom must be a calendar date YYYY-MM-DD' },
      { name: 'validFrom a number', change: (v) => ({ ...v, validFrom: 20240101 }), fields: ['validFrom'], says: 'validFrom must be a calendar date YYYY-MM-DD' },
      { name: 'validUntil 2025-02-29 (2025 is not a leap year)', change: (v) => ({ ...v, validUntil: '2025-02-29' }), fields: ['validUntil'], says: 'validUntil must be a calendar date YYYY-MM-DD' },
      { name: 'validUntil before validFrom', change: (v) => ({ ...v, validFrom: '2026-01-01', validUntil: '2025-12-31' }), fields: ['validUntil'], says: 'validUntil must not be before validFrom' },
      { name: 'extra field status=verified', change: (v) => ({ ...v, status: 'verified' }), fields: ['status'], says: 'property status should not exist' },
      { name: 'extra field organisationId (submitting for another organisation)', change: (v) => ({ ...v, organisationId: randomUUID() }), fields: ['organisationId'], says: 'property organisationId should not exist' },
    ];

    it.each(cases)('refuses $name and the qualification list is unchanged', async ({ change, fields, says }) => {
      const before = await qualificationsTotal();
      expectInvalid(await call('post', '/organisations/me/qualifications', member).send(change(valid()) as object), { fields, says });
      expect(await qualificationsTotal()).toBe(before);
    });

    it('still accepts a valid submission, and one valid for a single day', async () => {
      const before = await qualificationsTotal();
      await call('post', '/organisations/me/qualifications', member).send(valid()).expect(201);
      await call('post', '/organisations/me/qualifications', member).send({ ...valid(), validFrom: '2028-02-29', validUntil: '2028-02-29' }).expect(201);
      expect(await qualificationsTotal()).toBe(before + 2);
    });
  });

  describe('POST admin/organisations/:id/{verify,reject,suspend,reinstate}', () => {
    let target: Session;
    let pending: Body;
    const auditCount = async () =>
      (await call('get', '/admin/audit', operator).query({ entityId: target.organisationId, limit: 500 }).expect(200)).body.length as number;
    beforeAll(async () => {
      target = await identity.member();
      pending = (await call('get', `/admin/organisations/${target.organisationId}`, operator).expect(200)).body;
    });

    const bodies: BadBody[] = [
      { name: 'reason empty', change: () => ({ reason: '' }), fields: ['reason'], says: 'reason should not be empty' },
      { name: 'reason only spaces', change: () => ({ reason: '   ' }), fields: ['reason'], says: 'reason should not be empty' },
      { name: 'reason longer than 1000 characters', change: () => ({ reason: long(1001, '因') }), fields: ['reason'], says: 'reason must be shorter than or equal to 1000 characters' },
      { name: 'reason a number', change: () => ({ reason: 42 }), fields: ['reason'], says: 'reason must be a string' },
      { name: 'reason an array', change: () => ({ reason: ['资料不全'] }), fields: ['reason'], says: 'reason must be a string' },
      { name: 'extra field status', change: () => ({ reason: '资料不全', status: 'verified' }), fields: ['status'], says: 'property status should not exist' },
      { name: 'extra field decision', change: () => ({ decision: 'verify' }), fields: ['decision'], says: 'property decision should not exist' },
    ];
    const cases = ['verify', 'reject', 'suspend', 'reinstate'].flatMap((decision) => bodies.map((bad) => ({ decision, ...bad })));

    it.each(cases)('$decision refuses $name and the organisation stays pending', async ({ decision, change, fields, says }) => {
      const before = await auditCount();
      expectInvalid(await call('post', `/admin/organisations/${target.organisationId}/${decision}`, operator).send(change({}) as object), { fields, says });
      expect((await call('get', `/admin/organisations/${target.organisationId}`, operator).expect(200)).body).toEqual(pending);
      expect(await auditCount()).toBe(before);
    });

    it.each(['reject', 'suspend'])('%s without a reason is refused by the service: 400 ORGANISATION.REASON_REQUIRED naming reason', async (decision) => {
      const response = await call('post', `/admin/organisations/${target.organisationId}/${decision}`, operator).send({});
      expect(response.status).toBe(400);
      expect(response.body.error).toEqual({
        code: 'ORGANISATION.REASON_REQUIRED',
        message: `A reason is required to ${decision}`,
        fields: [{ field: 'reason', messages: [`reason is required to ${decision}`] }],
      });
      expect((await call('get', `/admin/organisations/${target.organisationId}`, operator).expect(200)).body).toEqual(pending);
    });

    it('still rejects with a valid reason', async () => {
      const rejected = await call('post', `/admin/organisations/${target.organisationId}/reject`, operator).send({ reason: '资料不全' });
      expect({ status: rejected.status, state: rejected.body.status }).toEqual({ status: 200, state: 'rejected' });
    });
  });

  describe('POST admin/qualifications/:id/review', () => {
    let qualificationId: string;
    let submitted: Body;
    beforeAll(async () => {
      const member = await identity.member();
      const qualification = await call('post', '/organisations/me/qualifications', member)
        .send({ type: 'quality_system', number: 'GJB-9001C-2024', issuer: '新时代认证中心', validFrom: '2024-01-01', validUntil: '2027-12-31' })
        .expect(201);
      qualificationId = qualification.body.id;
      submitted = qualification.body;
    });

    const cases: BadBody[] = [
      { name: 'decision missing', change: () => ({}), fields: ['decision'], says: 'decision must be one of the following values: verify, reject' },
      { name: 'decision approve', change: () => ({ decision: 'approve' }), fields: ['decision'], says: 'decision must be one of the following values: verify, reject' },
      { name: 'decision upper case', change: () => ({ decision: 'VERIFY' }), fields: ['decision'], says: 'decision must be one of the following values' },
      { name: 'decision a boolean', change: () => ({ decision: true }), fields: ['decision'], says: 'decision must be one of the following values' },
      { name: 'reason empty', change: () => ({ decision: 'reject', reason: '' }), fields: ['reason'], says: 'reason should not be empty' },
      { name: 'reason longer than 1000 characters', change: () => ({ decision: 'reject', reason: long(1001, '因') }), fields: ['reason'], says: 'reason must be shorter than or equal to 1000 characters' },
      { name: 'reason a number', change: () => ({ decision: 'reject', reason: 42 }), fields: ['reason'], says: 'reason must be a string' },
      { name: 'extra field status', change: () => ({ decision: 'verify', status: 'verified' }), fields: ['status'], says: 'property status should not exist' },
      { name: 'extra field qualificationId (reviewing another one)', change: () => ({ decision: 'verify', qualificationId: randomUUID() }), fields: ['qualificationId'], says: 'property qualificationId should not exist' },
    ];

    it.each(cases)('refuses $name and the qualification stays submitted', async ({ change, fields, says }) => {
      expectInvalid(await call('post', `/admin/qualifications/${qualificationId}/review`, operator).send(change({}) as object), { fields, says });
      expect((await call('get', `/qualifications/${qualificationId}`, operator).expect(200)).body).toEqual(submitted);
    });

    it('reject without a reason is refused by the service: 400 QUALIFICATION.REASON_REQUIRED naming reason', async () => {
      const response = await call('post', `/admin/qualifications/${qualificationId}/review`, operator).send({ decision: 'reject' });
      expect(response.status).toBe(400);
      expect(response.body.error).toEqual({
        code: 'QUALIFICATION.REASON_REQUIRED',
        message: 'A reason is required to reject',
        fields: [{ field: 'reason', messages: ['reason is required to reject'] }],
      });
      expect((await call('get', `/qualifications/${qualificationId}`, operator).expect(200)).body).toEqual(submitted);
    });

    it('still verifies with a valid body', async () => {
      const reviewed = await call('post', `/admin/qualifications/${qualificationId}/review`, operator).send({ decision: 'verify' });
      expect({ status: reviewed.status, state: reviewed.body.status }).toEqual({ status: 200, state: 'verified' });
    });
  });

  describe('POST admin/experts', () => {
    let expertsOperator: Session;
    /**
     * Every expert's e-mail, read page by page. (The pool's `total` is not compared before and after:
     * other test files add experts to the same database in parallel.)
     */
    const expertEmails = async () => {
      const emails: string[] = [];
      for (let page = 1; ; page++) {
        const { items, total } = (await call('get', '/admin/experts', expertsOperator).query({ page, pageSize: 100 }).expect(200)).body;
        emails.push(...items.map((expert: { email: string }) => expert.email));
        if (page * 100 >= total) return emails;
      }
    };
    const invitationsByThisOperator = async () =>
      (
        await call('get', '/admin/audit', expertsOperator)
          .query({ actorId: expertsOperator.userId, action: 'invitation.created', limit: 500 })
          .expect(200)
      ).body.length as number;
    beforeAll(async () => {
      expertsOperator = await identity.operator();
    });
    const valid = () => ({ email: uniqueEmail('expert'), displayName: '王教授', expertiseFields: ['nuclear', 'lasers_optics'] });

    const cases: BadBody<ReturnType<typeof valid>>[] = [
      { name: 'email missing', change: (v) => without(v, 'email'), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email a number', change: (v) => ({ ...v, email: 42 }), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email not an address', change: (v) => ({ ...v, email: 'professor wang' }), fields: ['email'], says: 'email must be an e-mail address' },
      { name: 'email longer than 254 characters', change: (v) => ({ ...v, email: OVERLONG_EMAIL }), fields: ['email'], says: 'email must be shorter than or equal to 254 characters' },
      { name: 'displayName missing', change: (v) => without(v, 'displayName'), fields: ['displayName'], says: 'displayName should not be empty' },
      { name: 'displayName longer than 100 characters', change: (v) => ({ ...v, displayName: long(101, '王') }), fields: ['displayName'], says: 'displayName must be shorter than or equal to 100 characters' },
      { name: 'displayName a number', change: (v) => ({ ...v, displayName: 42 }), fields: ['displayName'], says: 'displayName must be a string' },
      { name: 'expertiseFields missing', change: (v) => without(v, 'expertiseFields'), fields: ['expertiseFields'], says: 'expertiseFields must contain at least 1 elements' },
      { name: 'expertiseFields empty', change: (v) => ({ ...v, expertiseFields: [] }), fields: ['expertiseFields'], says: 'expertiseFields must contain at least 1 elements' },
      { name: 'expertiseFields with an unknown field', change: (v) => ({ ...v, expertiseFields: ['nuclear', 'alchemy'] }), fields: ['expertiseFields'], says: 'each value in expertiseFields must be one of the following values' },
      { name: 'expertiseFields with an upper-case field', change: (v) => ({ ...v, expertiseFields: ['NUCLEAR'] }), fields: ['expertiseFields'], says: 'each value in expertiseFields must be one of the following values' },
      { name: 'expertiseFields with a duplicate', change: (v) => ({ ...v, expertiseFields: ['nuclear', 'nuclear'] }), fields: ['expertiseFields'], says: "All expertiseFields's elements must be unique" },
      { name: 'expertiseFields with 6 fields (max 5)', change: (v) => ({ ...v, expertiseFields: ['nuclear', 'lasers_optics', 'aerodynamics', 'biomedicine', 'energy_power', 'other'] }), fields: ['expertiseFields'], says: 'expertiseFields must contain no more than 5 elements' },
      { name: 'expertiseFields a string instead of an array', change: (v) => ({ ...v, expertiseFields: 'nuclear' }), fields: ['expertiseFields'], says: 'expertiseFields must contain at least 1 elements' },
      { name: 'expertiseFields with a number', change: (v) => ({ ...v, expertiseFields: [7] }), fields: ['expertiseFields'], says: 'each value in expertiseFields must be one of the following values' },
      { name: 'organisationId not a UUID', change: (v) => ({ ...v, organisationId: 'not-a-uuid' }), fields: ['organisationId'], says: 'organisationId must be a UUID' },
      { name: 'organisationId a UUID v1', change: (v) => ({ ...v, organisationId: UUID_V1 }), fields: ['organisationId'], says: 'organisationId must be a UUID' },
      { name: 'extra field role=operator', change: (v) => ({ ...v, role: 'operator' }), fields: ['role'], says: 'property role should not exist' },
      { name: 'extra field password', change: (v) => ({ ...v, password: PASSWORD }), fields: ['password'], says: 'property password should not exist' },
    ];

    it.each(cases)('refuses $name: no invitation is created and no expert has its e-mail', async ({ change, fields, says }) => {
      const invitations = await invitationsByThisOperator();
      const bad = change(valid()) as { email?: unknown };
      expectInvalid(await call('post', '/admin/experts', expertsOperator).send(bad), { fields, says });
      expect(await invitationsByThisOperator()).toBe(invitations);
      if (typeof bad.email === 'string') expect(await expertEmails()).not.toContain(bad.email);
    });

    it('an organisationId naming no organisation is refused by the service: 400 naming organisationId', async () => {
      const invitations = await invitationsByThisOperator();
      const response = await call('post', '/admin/experts', expertsOperator).send({ ...valid(), organisationId: randomUUID() });
      expect(response.status).toBe(400);
      expect(response.body.error).toEqual({
        code: 'ORGANISATION.NOT_FOUND',
        message: 'No organisation with this id',
        fields: [{ field: 'organisationId', messages: ['organisationId names no organisation'] }],
      });
      expect(await invitationsByThisOperator()).toBe(invitations);
    });

    it('still creates an expert with a valid body (and the checks above would have seen it)', async () => {
      const invitations = await invitationsByThisOperator();
      const body = valid();
      const created = await call('post', '/admin/experts', expertsOperator).send(body);
      expect({ status: created.status, role: created.body.role }).toEqual({ status: 201, role: 'expert' });
      expect(await invitationsByThisOperator()).toBe(invitations + 1);
      await call('post', '/auth/accept-invitation').send({ token: created.body.token, password: PASSWORD }).expect(201);
      expect(await expertEmails()).toContain(body.email);
    });
  });

  describe('malformed UUID path parameters', () => {
    const routes: { route: string; method: Method; path: (id: string) => string; body?: Body; as: 'operator' | 'member' }[] = [
      { route: 'GET qualifications/:id', method: 'get', path: (id) => `/qualifications/${id}`, as: 'member' },
      { route: 'GET admin/organisations/:id', method: 'get', path: (id) => `/admin/organisations/${id}`, as: 'operator' },
      { route: 'GET admin/organisations/:id/members', method: 'get', path: (id) => `/admin/organisations/${id}/members`, as: 'operator' },
      { route: 'POST admin/organisations/:id/verify', method: 'post', path: (id) => `/admin/organisations/${id}/verify`, body: {}, as: 'operator' },
      { route: 'POST admin/organisations/:id/reject', method: 'post', path: (id) => `/admin/organisations/${id}/reject`, body: { reason: '资料不全' }, as: 'operator' },
      { route: 'POST admin/organisations/:id/suspend', method: 'post', path: (id) => `/admin/organisations/${id}/suspend`, body: { reason: '违规' }, as: 'operator' },
      { route: 'POST admin/organisations/:id/reinstate', method: 'post', path: (id) => `/admin/organisations/${id}/reinstate`, body: {}, as: 'operator' },
      { route: 'POST admin/qualifications/:id/review', method: 'post', path: (id) => `/admin/qualifications/${id}/review`, body: { decision: 'verify' }, as: 'operator' },
    ];
    let member: Session;
    beforeAll(async () => {
      member = await identity.member();
    });

    it.each(routes.flatMap((route) => BAD_IDS.map(([name, id]) => ({ ...route, name, id }))))(
      '$route refuses an id that is $name',
      async ({ method, path, body, as, id }) => {
        const test = call(method, path(id), as === 'operator' ? operator : member);
        expectInvalid(await (body ? test.send(body) : test), { fields: ['id'], says: 'id must be a UUID' });
      },
    );
  });

  describe('bad query parameters', () => {
    const paging: BadQuery[] = [
      ...badPaging(1000),
      { name: 'an unknown parameter', query: 'sort=name', fields: ['sort'], says: 'property sort should not exist' },
    ];
    const routes: { route: string; as: 'operator' | 'member'; cases: BadQuery[] }[] = [
      {
        route: '/organisations/me/invitations',
        as: 'member',
        cases: [
          ...paging,
          { name: 'organisationId (another organisation’s invitations)', query: `organisationId=${randomUUID()}`, fields: ['organisationId'], says: 'property organisationId should not exist' },
        ],
      },
      {
        route: '/organisations/me/qualifications',
        as: 'member',
        cases: [
          ...paging,
          { name: 'status (not a filter here)', query: 'status=submitted', fields: ['status'], says: 'property status should not exist' },
          { name: 'organisationId (another organisation’s qualifications)', query: `organisationId=${randomUUID()}`, fields: ['organisationId'], says: 'property organisationId should not exist' },
        ],
      },
      {
        route: '/admin/organisations',
        as: 'operator',
        cases: [
          ...paging,
          { name: 'status=bogus', query: 'status=bogus', fields: ['status'], says: 'status must be one of the following values: pending, verified, rejected, suspended' },
          { name: 'status upper case', query: 'status=PENDING', fields: ['status'], says: 'status must be one of the following values' },
          { name: 'status given twice', query: 'status=pending&status=verified', fields: ['status'], says: 'status must be one of the following values' },
          { name: 'kind=university', query: 'kind=university', fields: ['kind'], says: 'kind must be one of the following values: institute, enterprise' },
        ],
      },
      {
        route: '/admin/qualifications',
        as: 'operator',
        cases: [
          ...paging,
          { name: 'status=bogus', query: 'status=bogus', fields: ['status'], says: 'status must be one of the following values: submitted, verified, rejected' },
          { name: 'status=expired (an effective status, not a stored one)', query: 'status=expired', fields: ['status'], says: 'status must be one of the following values' },
          { name: 'organisationId not a UUID', query: 'organisationId=not-a-uuid', fields: ['organisationId'], says: 'organisationId must be a UUID' },
        ],
      },
      {
        route: '/admin/experts',
        as: 'operator',
        cases: [
          ...paging,
          { name: 'field=alchemy', query: 'field=alchemy', fields: ['field'], says: 'field must be one of the following values' },
          { name: 'field upper case', query: 'field=NUCLEAR', fields: ['field'], says: 'field must be one of the following values' },
        ],
      },
      {
        route: '/admin/audit',
        as: 'operator',
        cases: [
          { name: 'from=not-a-date', query: 'from=not-a-date', fields: ['from'], says: 'from must be a date or date-time' },
          { name: 'from=2026-02-30', query: 'from=2026-02-30', fields: ['from'], says: 'from must be a date or date-time' },
          { name: 'to=2026-13-01T00:00:00Z', query: 'to=2026-13-01T00:00:00Z', fields: ['to'], says: 'to must be a date or date-time' },
          { name: 'to=yesterday', query: 'to=yesterday', fields: ['to'], says: 'to must be a date or date-time' },
          { name: 'actorId not a UUID', query: 'actorId=42', fields: ['actorId'], says: 'actorId must be a UUID' },
          { name: 'organisationId a UUID v1', query: `organisationId=${UUID_V1}`, fields: ['organisationId'], says: 'organisationId must be a UUID' },
          { name: 'entityType longer than 60 characters', query: `entityType=${long(61)}`, fields: ['entityType'], says: 'entityType must be shorter than or equal to 60 characters' },
          { name: 'entityId longer than 100 characters', query: `entityId=${long(101)}`, fields: ['entityId'], says: 'entityId must be shorter than or equal to 100 characters' },
          { name: 'action longer than 100 characters', query: `action=${long(101)}`, fields: ['action'], says: 'action must be shorter than or equal to 100 characters' },
          { name: 'beforeSeq=abc', query: 'beforeSeq=abc', fields: ['beforeSeq'], says: 'beforeSeq must be a sequence number' },
          { name: 'beforeSeq=-1', query: 'beforeSeq=-1', fields: ['beforeSeq'], says: 'beforeSeq must be a sequence number' },
          { name: 'beforeSeq of 19 digits', query: `beforeSeq=${long(19, '9')}`, fields: ['beforeSeq'], says: 'beforeSeq must be a sequence number' },
          { name: 'limit=0', query: 'limit=0', fields: ['limit'], says: 'limit must not be less than 1' },
          { name: 'limit=501', query: 'limit=501', fields: ['limit'], says: 'limit must not be greater than 500' },
          { name: 'limit=abc', query: 'limit=abc', fields: ['limit'], says: 'limit must be an integer number' },
          { name: 'page (the audit log pages by beforeSeq)', query: 'page=2', fields: ['page'], says: 'property page should not exist' },
        ],
      },
    ];
    let member: Session;
    beforeAll(async () => {
      member = await identity.member();
    });

    it.each(routes.flatMap(({ route, as, cases }) => cases.map((bad) => ({ route, as, ...bad }))))(
      'GET $route refuses $name',
      async ({ route, as, query, fields, says }) => {
        expectInvalid(await call('get', `${route}?${query}`, as === 'operator' ? operator : member), { fields, says });
      },
    );
  });

  describe('malformed and oversized bodies', () => {
    const jsonRoutes: [string, 'anonymous' | 'operator'][] = [
      ['/auth/register', 'anonymous'],
      ['/auth/login', 'anonymous'],
      ['/admin/experts', 'operator'],
    ];
    const malformed = [
      ['truncated JSON', '{"email": "a@example.cn", "password": '],
      ['single-quoted JSON', "{'email': 'a@example.cn'}"],
      ['an empty body', ''],
      ['a __proto__ key (prototype poisoning)', '{"__proto__": {"isAdmin": true}, "email": "a@example.cn", "password": "x"}'],
    ];
    it.each(jsonRoutes.flatMap(([route, as]) => malformed.map(([name, text]) => ({ route, as, name, text }))))(
      'POST $route with $name is 400 HTTP.BAD_REQUEST, not a 5xx',
      async ({ route, as, text }) => {
        const test = call('post', route, as === 'operator' ? operator : undefined).set('Content-Type', 'application/json');
        const response = await test.send(text);
        expect(response.status).toBe(400);
        expect(response.body).toEqual({
          error: { code: 'HTTP.BAD_REQUEST', message: expect.stringMatching(/JSON|empty/) },
          correlationId: response.headers['x-request-id'],
        });
      },
    );

    it.each([
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
      ['a JSON string', '"zhang.wei@example.cn"'],
      ['a JSON number', '42'],
    ])('POST auth/login with %s is 400 REQUEST.INVALID naming email and password', async (_, text) => {
      const response = await call('post', '/auth/login').set('Content-Type', 'application/json').send(text);
      expectInvalid(response, { fields: ['email', 'password'] });
    });

    const oversizedRegistration = () => {
      const email = uniqueEmail('oversized');
      const creditCode = randomCreditCode();
      const body = {
        email,
        password: PASSWORD,
        displayName: long(1024 * 1024 + 1, 'x'),
        organisation: { name: '绵阳某某研究所', kind: 'institute', creditCode, regionCode: '510700' },
      };
      return { email, creditCode, body };
    };

    it('refuses a body over 1 MiB as HTTP.PAYLOAD_TOO_LARGE and creates nothing', async () => {
      const { email, body } = oversizedRegistration();
      const response = await call('post', '/auth/register').send(body);
      expect(response.body).toEqual({
        error: { code: 'HTTP.PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
        correlationId: response.headers['x-request-id'],
      });
      await expectNoAccount(email);
    });

    it('answers a body over 1 MiB with status 413', async () => {
      const response = await call('post', '/auth/register').send(oversizedRegistration().body);
      expect(response.status).toBe(413);
    });
  });

  /** Input that a lax validator would let through but PostgreSQL cannot take: each must be a 400 naming the field. */
  describe('input PostgreSQL could not store is refused at validation', () => {
    let member: Session;
    beforeAll(async () => {
      member = await identity.member();
    });
    const NUL = 'a\u0000b';
    const qualification = { type: 'secrecy', number: 'GFBM-2023-0417', issuer: '国家保密局', validFrom: '2024-01-01', validUntil: '2028-12-31' };

    // A NUL character is valid JSON and passes @IsString, but PostgreSQL text cannot hold 0x00.
    const nulCases: [string, string, () => request.Test][] = [
      ['POST auth/register', 'displayName', () => call('post', '/auth/register').send({ email: uniqueEmail('nul'), password: PASSWORD, displayName: NUL, organisation: { name: '绵阳某某研究所', kind: 'institute', creditCode: randomCreditCode(), regionCode: '510700' } })],
      ['POST auth/register', 'organisation.name', () => call('post', '/auth/register').send({ email: uniqueEmail('nul'), password: PASSWORD, displayName: '张伟', organisation: { name: NUL, kind: 'institute', creditCode: randomCreditCode(), regionCode: '510700' } })],
      ['POST organisations/me/invitations', 'displayName', () => call('post', '/organisations/me/invitations', member).send({ email: uniqueEmail('nul'), displayName: NUL })],
      ['POST organisations/me/qualifications', 'issuer', () => call('post', '/organisations/me/qualifications', member).send({ ...qualification, issuer: NUL })],
      ['POST admin/experts', 'displayName', () => call('post', '/admin/experts', operator).send({ email: uniqueEmail('nul'), displayName: NUL, expertiseFields: ['nuclear'] })],
      ['POST admin/organisations/:id/reject', 'reason', () => call('post', `/admin/organisations/${member.organisationId}/reject`, operator).send({ reason: NUL })],
      ['GET admin/audit', 'action', () => call('get', '/admin/audit', operator).query({ action: NUL })],
    ];
    it.each(nulCases)('%s refuses a NUL character in %s with 400', async (_, field, send) => {
      expectInvalid(await send(), { fields: [field] });
    });

    // JavaScript has a year 0, PostgreSQL's date type has none.
    it('POST organisations/me/qualifications refuses validFrom 0000-01-01 with 400', async () => {
      expectInvalid(await call('post', '/organisations/me/qualifications', member).send({ ...qualification, validFrom: '0000-01-01' }), { fields: ['validFrom'] });
    });

    // ISO 8601 allows week dates and reduced precision, which PostgreSQL cannot parse as timestamptz.
    it.each(['2026-W05', '2026-W05-3', '2026', '2026-01', '2026-01-01T10'])('GET admin/audit refuses from=%s with 400', async (from) => {
      expectInvalid(await call('get', '/admin/audit', operator).query({ from }), { fields: ['from'] });
    });
  });
});
