import { AppConfig } from '@lib/config';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '@lib/auth';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { IdentityApi, PASSWORD, uniqueEmail } from '../support/identity';
import { TestSystem } from '../support/system';

describe('login sessions: access tokens, rotating refresh tokens, logout, throttling', () => {
  let system: TestSystem;
  let api: IdentityApi;

  beforeAll(async () => {
    system = await TestSystem.start(['identity']);
    api = new IdentityApi(system);
  });
  afterAll(() => system?.stop());

  it('logs in with e-mail (any case) and password and gets a bearer pair', async () => {
    const { email } = await api.register('enterprise');
    const response = await request(api.http).post('/api/v1/auth/login').send({ email: email.toUpperCase(), password: PASSWORD }).expect(200);
    expect(response.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    const me = await request(api.http).get('/api/v1/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body.user).toMatchObject({ email, role: 'enterprise', isOrganisationAdmin: true });
    expect(me.body.user).not.toHaveProperty('passwordHash');
    expect(me.body.organisation).toMatchObject({ status: 'pending', kind: 'enterprise' });
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const { email } = await api.register();
    const wrong = await request(api.http).post('/api/v1/auth/login').send({ email, password: 'not the password' }).expect(401);
    const unknown = await request(api.http).post('/api/v1/auth/login').send({ email: uniqueEmail('nobody'), password: PASSWORD }).expect(401);
    expect(wrong.body.error).toEqual({ code: 'AUTH.INVALID_CREDENTIALS', message: 'E-mail or password is wrong' });
    expect(unknown.body.error).toEqual(wrong.body.error);
  });

  it('rotates the refresh token: each works once and the new pair works', async () => {
    const session = await api.member();
    const rotated = await request(api.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
    expect(rotated.body.refreshToken).not.toBe(session.refreshToken);
    await request(api.http).get('/api/v1/me').set('Authorization', `Bearer ${rotated.body.accessToken}`).expect(200);
    const again = await request(api.http).post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(200);
    expect(again.body.refreshToken).not.toBe(rotated.body.refreshToken);
  });

  it('treats a replayed refresh token as theft: refused, and its whole session is revoked', async () => {
    const session = await api.member();
    const rotated = await request(api.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);

    const replay = await request(api.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    expect(replay.body.error.code).toBe('AUTH.REFRESH_TOKEN_REUSED');

    // The legitimate-looking newest token of the family no longer works either...
    const newest = await request(api.http).post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(401);
    expect(newest.body.error.code).toBe('AUTH.INVALID_REFRESH_TOKEN');
    // ...nor do the session's access tokens.
    const me = await request(api.http).get('/api/v1/me').set('Authorization', `Bearer ${rotated.body.accessToken}`).expect(401);
    expect(me.body.error.message).toMatch(/session has ended/);
    // Another session of the same user is unaffected.
    await request(api.http).get('/api/v1/me').set((await api.login(session.email)).auth).expect(200);
  });

  it('logs out: the refresh token and the access token of that session stop working', async () => {
    const session = await api.member();
    const other = await api.login(session.email);
    await request(api.http).post('/api/v1/auth/logout').set(session.auth).send({ refreshToken: session.refreshToken }).expect(204);
    await request(api.http).get('/api/v1/me').set(session.auth).expect(401);
    await request(api.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await request(api.http).get('/api/v1/me').set(other.auth).expect(200);
  });

  it('refuses to log out someone else’s session', async () => {
    const victim = await api.member();
    const attacker = await api.member();
    await request(api.http).post('/api/v1/auth/logout').set(attacker.auth).send({ refreshToken: victim.refreshToken }).expect(401);
    await request(api.http).post('/api/v1/auth/refresh').send({ refreshToken: victim.refreshToken }).expect(200);
  });

  it('refuses an expired access token with 401, and a forged or malformed one', async () => {
    const session = await api.member();
    const config = system.gateway.get(AppConfig);
    const jwt = new JwtService({});
    const claims = { sub: session.userId, role: 'institute', org: session.organisationId, adm: true, sid: '00000000-0000-4000-8000-000000000000' };
    const expired = jwt.sign(
      { ...claims, iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 60 },
      { secret: config.auth.jwtSecret, issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE },
    );
    const expiredResponse = await request(api.http).get('/api/v1/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(expiredResponse.body.error).toEqual({ code: 'AUTH.UNAUTHENTICATED', message: 'The access token has expired' });

    const forged = jwt.sign({ ...claims, role: 'operator' }, { secret: 'another-secret-of-at-least-32-characters', issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE, expiresIn: 600 });
    await request(api.http).get('/api/v1/admin/organisations').set('Authorization', `Bearer ${forged}`).expect(401);
    await request(api.http).get('/api/v1/me').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
    await request(api.http).get('/api/v1/me').expect(401);
  });

  it('throttles repeated failures per account, even with the right password afterwards, and says when to retry', async () => {
    const { email } = await api.register();
    for (let i = 0; i < 5; i++) {
      await request(api.http).post('/api/v1/auth/login').send({ email, password: `wrong password ${i}` }).expect(401);
    }
    const refused = await request(api.http).post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(429);
    expect(refused.body.error.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Other accounts from the same client are not locked out by one account's failures.
    const { email: other } = await api.register();
    await request(api.http).post('/api/v1/auth/login').send({ email: other, password: PASSWORD }).expect(200);
  });

  it('throttles a client that fails across many accounts', async () => {
    const client = '203.0.113.77';
    for (let i = 0; i < 20; i++) {
      await request(api.http)
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', client)
        .send({ email: uniqueEmail('spray'), password: 'guessing-password' })
        .expect(401);
    }
    const { email } = await api.register();
    const refused = await request(api.http).post('/api/v1/auth/login').set('X-Forwarded-For', client).send({ email, password: PASSWORD }).expect(429);
    expect(refused.body.error.details).toEqual({ scope: 'client', retryAfterSeconds: expect.any(Number) });
    expect(refused.body.error.details.retryAfterSeconds).toBeGreaterThan(890);
    expect(refused.body.error.details.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(refused.body.error.message).toMatch(/client/);
    await request(api.http).post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.78').send({ email, password: PASSWORD }).expect(200);
  });
});
