import { DOMAIN_SERVICES, readAppConfig } from '@lib/config';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { until } from '../support/app-process';
import { englishAuctionBody } from '../support/auctions';
import { createOperatorWithCli, ProcessDeployment, terminateDatabaseConnections, withTableLocked } from '../support/faults';
import { randomCreditCode, uniqueEmail } from '../support/identity';
import { listingBody } from '../support/listings';

/**
 * Passwords, tokens and dossiers never reach a log line. Every app runs as its own process with
 * logs at `debug`, a representative flow goes through the API (registration, login, refresh, a
 * spent refresh token, a wrong password, an invitation, a listing with its dossier, NDA, grant and
 * view, an auction with a bid, its trade signed, a negotiation agreed, logout), plus an error path
 * where PostgreSQL drops the connection in the middle of writing a dossier; then everything the
 * processes wrote is searched for every secret the flow used and for anything shaped like one.
 */

const secret = (label: string) => `${label}-${randomBytes(9).toString('base64url')}`;

interface Session {
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
  organisationId: string | null;
}

describe('logs never leak secrets', () => {
  const jwtSecret = secret('jwt-secret-for-this-test-only-0123456789');
  const passwords = { operator: secret('Op-Pass'), seller: secret('Seller-Pass'), buyer: secret('Buyer-Pass'), colleague: secret('Colleague-Pass'), changed: secret('Wrong-Pass') };
  const dossierContents = [secret('DOSSIER-机密工艺参数'), secret('DOSSIER-在断线时写入')];
  const restrictedDescription = secret('DESCRIPTION-受限技术说明');
  const tokens: string[] = [];
  let deployment: ProcessDeployment;
  let cliOutput = '';
  let http: string;

  beforeAll(async () => {
    const env = { LOG_LEVEL: 'debug', LOG_PRETTY: 'false', JWT_SECRET: jwtSecret };
    deployment = await ProcessDeployment.start([...DOMAIN_SERVICES, 'worker'], env);
    http = deployment.baseUrl;
  }, 180_000);
  afterAll(async () => {
    await deployment?.stop();
    if (process.env.KEEP_TEST_DATA === '1' && deployment) {
      const file = join(tmpdir(), `log-privacy-${process.env.TEST_FILE_SUFFIX}.log`);
      writeFileSync(file, deployment.logs.map((l) => `${l.app} ${l.line}`).join('\n'));
      process.stdout.write(`Logs kept in ${file}\n`);
    }
  }, 60_000);

  const remember = (body: { accessToken?: string; refreshToken?: string; token?: string }) => {
    for (const value of [body.accessToken, body.refreshToken, body.token]) if (value) tokens.push(value);
  };
  const login = async (email: string, password: string): Promise<Session> => {
    const response = await request(http).post('/api/v1/auth/login').send({ email, password }).expect(200);
    remember(response.body);
    const auth = { Authorization: `Bearer ${response.body.accessToken}` };
    const me = await request(http).get('/api/v1/me').set(auth).expect(200);
    return { ...response.body, auth, organisationId: me.body.user.organisationId };
  };
  const register = async (kind: 'institute' | 'enterprise', password: string) => {
    const email = uniqueEmail(kind);
    await request(http)
      .post('/api/v1/auth/register')
      .send({ email, password, displayName: '张伟', organisation: { name: `日志测试${kind}`, kind, creditCode: randomCreditCode(), regionCode: '510700' } })
      .expect(201);
    return email;
  };

  it('runs the flow: sign-up to trade, with failures on the way', async () => {
    const operatorEmail = uniqueEmail('operator');
    cliOutput = (await createOperatorWithCli(operatorEmail, passwords.operator, { LOG_LEVEL: 'debug', JWT_SECRET: jwtSecret })).text;
    const operator = await login(operatorEmail, passwords.operator);

    const sellerEmail = await register('institute', passwords.seller);
    const buyerEmail = await register('enterprise', passwords.buyer);
    let seller = await login(sellerEmail, passwords.seller);
    const buyer = await login(buyerEmail, passwords.buyer);
    for (const s of [seller, buyer]) await request(http).post(`/api/v1/admin/organisations/${s.organisationId}/verify`).set(operator.auth).send({}).expect(200);

    // Refresh rotates; presenting the spent token again revokes the family; a wrong password fails.
    const refreshed = await request(http).post('/api/v1/auth/refresh').send({ refreshToken: seller.refreshToken }).expect(200);
    remember(refreshed.body);
    await request(http).post('/api/v1/auth/refresh').send({ refreshToken: seller.refreshToken }).expect(401);
    await request(http).post('/api/v1/auth/login').send({ email: sellerEmail, password: passwords.changed }).expect(401);
    await request(http).get('/api/v1/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(401);
    seller = await login(sellerEmail, passwords.seller);

    // An invitation and its one-time token.
    const colleagueEmail = uniqueEmail('colleague');
    const invitation = await request(http).post('/api/v1/organisations/me/invitations').set(seller.auth).send({ email: colleagueEmail, displayName: '王五' }).expect(201);
    remember(invitation.body);
    await request(http).post('/api/v1/auth/accept-invitation').send({ token: invitation.body.token, password: passwords.colleague }).expect(201);
    await login(colleagueEmail, passwords.colleague);

    // A listing with a restricted description and a dossier; NDA, grant, an audited view.
    const created = await request(http).post('/api/v1/listings').set(seller.auth).send(listingBody({ description: restrictedDescription })).expect(201);
    const listingId = created.body.id;
    await request(http).put(`/api/v1/listings/${listingId}/dossier`).set(seller.auth).send({ content: dossierContents[0] }).expect(200);
    await request(http).post(`/api/v1/listings/${listingId}/submit`).set(seller.auth).expect(200);
    await request(http).post(`/api/v1/admin/listings/${listingId}/approve`).set(operator.auth).expect(200);
    await request(http).post(`/api/v1/listings/${listingId}/nda`).set(buyer.auth).expect(200);
    await request(http).post(`/api/v1/listings/${listingId}/dossier-grants`).set(seller.auth).send({ organisationId: buyer.organisationId }).expect(200);
    const viewed = await request(http).get(`/api/v1/listings/${listingId}/dossier`).set(buyer.auth).expect(200);
    expect(JSON.stringify(viewed.body)).toContain(dossierContents[0]);

    // An auction with a bid, settled by the worker into a trade that both sign.
    const auction = await request(http)
      .post('/api/v1/auctions')
      .set(seller.auth)
      .send(englishAuctionBody(listingId, { endsAt: new Date(Date.now() + 4000).toISOString(), softClose: null }))
      .expect(201);
    await request(http).post('/api/v1/admin/payments/top-ups').set(operator.auth).send({ organisationId: buyer.organisationId, amount: '2000000.00', reference: `LOG-${randomUUID()}` }).expect(201);
    await request(http).post(`/api/v1/auctions/${auction.body.id}/registrations`).set(buyer.auth).expect(200);
    await request(http).post(`/api/v1/auctions/${auction.body.id}/bids`).set(buyer.auth).set('Idempotency-Key', randomUUID()).send({ amount: '1000000.00' }).expect(200);
    const settled = await until(() => request(http).get(`/api/v1/auctions/${auction.body.id}`).then((r) => r.body), (a) => a.status === 'settled', 30_000);
    const tradeId = settled.outcome.tradeId;
    const terms = await request(http).put(`/api/v1/trades/${tradeId}/contract`).set(seller.auth).send({ scope: '技术转让，含全部专利权及技术资料', effectiveDate: '2027-01-01', expiryDate: null }).expect(200);
    for (const party of [seller, buyer]) await request(http).post(`/api/v1/trades/${tradeId}/signatures`).set(party.auth).send({ termsVersion: terms.body.contract.termsVersion }).expect(200);

    // A negotiation agreed on a second listing (notifications go through NATS and the worker).
    const second = await request(http).post('/api/v1/listings').set(seller.auth).send(listingBody({ description: restrictedDescription, transactionModes: ['non_exclusive_licence'] })).expect(201);
    await request(http).post(`/api/v1/listings/${second.body.id}/submit`).set(seller.auth).expect(200);
    await request(http).post(`/api/v1/admin/listings/${second.body.id}/approve`).set(operator.auth).expect(200);
    const interest = await request(http).post('/api/v1/interests').set(buyer.auth).send({ listingId: second.body.id, message: '希望洽谈许可条件。' }).expect(201);
    const thread = await request(http).post(`/api/v1/interests/${interest.body.id}/accept`).set(seller.auth).send({}).expect(200);
    const offer = await request(http).post(`/api/v1/negotiations/${thread.body.negotiationId}/offers`).set(buyer.auth).send({ amount: '300000.00', transactionMode: 'non_exclusive_licence' }).expect(201);
    await request(http).post(`/api/v1/negotiations/${thread.body.negotiationId}/offers/${offer.body.currentOffer.id}/accept`).set(seller.auth).send({}).expect(200);
    await until(() => request(http).get('/api/v1/notifications').set(buyer.auth).then((r) => r.body.items?.length ?? 0), (n) => n > 0, 20_000);

    // PostgreSQL drops the connection in the middle of writing a dossier: the error is logged, the content must not be.
    const cut = await withTableLocked(
      'listings.listings',
      async (waiting) => {
        const put = request(http).put(`/api/v1/listings/${listingId}/dossier`).set(seller.auth).send({ content: dossierContents[1] }).then((r) => r);
        await waiting('UPDATE%listings%');
        await terminateDatabaseConnections({ waitingOn: 'UPDATE%listings%' });
        return put;
      },
      'SHARE',
    );
    expect({ status: cut.status, code: cut.body.error?.code }).toEqual({ status: 503, code: 'SERVICE.UNAVAILABLE' });

    await request(http).post('/api/v1/auth/logout').set(buyer.auth).send({ refreshToken: buyer.refreshToken }).expect(204);
  }, 180_000);

  it('wrote the flow to the logs, and no secret in any line of any app', async () => {
    await deployment.stop();
    const lines = [...deployment.logs, ...cliOutput.split('\n').filter(Boolean).map((line) => ({ app: 'cli', line }))];
    // The logs are really there: request lines from the gateway, with the Authorization header redacted.
    expect(lines.filter((l) => l.app === 'gateway' && l.line.includes('"req"')).length).toBeGreaterThan(40);
    expect(lines.some((l) => l.app === 'gateway' && l.line.includes('"authorization":"[redacted]"'))).toBe(true);
    expect(lines.some((l) => l.app === 'listings' && l.line.includes('Dependency unavailable'))).toBe(true);

    const secrets: [string, string][] = [
      ...Object.entries(passwords).map(([who, value]) => [`password of ${who}`, value] as [string, string]),
      ...tokens.map((value, i) => [`token #${i}`, value] as [string, string]),
      ...tokens.filter((t) => t.includes('.')).map((value, i) => [`JWT signature #${i}`, value.split('.')[2]] as [string, string]),
      ...dossierContents.map((value, i) => [`dossier #${i}`, value] as [string, string]),
      ['restricted description', restrictedDescription],
      ['JWT secret', jwtSecret],
      ['Meilisearch master key', readAppConfig('cli').meili.masterKey],
    ];
    const shapes: [string, RegExp][] = [
      ['a JWT', /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
      ['a bearer credential', /Bearer\s+(?!\[redacted\])[A-Za-z0-9._~+/-]{8,}/i],
      ['an argon2 hash', /\$argon2(id|i|d)\$/],
      ['a password field with a value', /"(password|newPassword)"\s*:\s*"(?!\[redacted\])/i],
      ['a token field with a value', /"(accessToken|refreshToken|token)"\s*:\s*"(?!\[redacted\])/],
    ];
    const leaks: string[] = [];
    for (const { app, line } of lines) {
      for (const [name, value] of secrets) if (value && line.includes(value)) leaks.push(`${app}: ${name} in ${line.slice(0, 300)}`);
      for (const [name, shape] of shapes) if (shape.test(line)) leaks.push(`${app}: ${name} in ${line.slice(0, 300)}`);
    }
    process.stdout.write(`\nLog privacy: ${lines.length} log lines of ${new Set(lines.map((l) => l.app)).size} apps searched for ${secrets.length} secrets and ${shapes.length} shapes\n`);
    expect(leaks).toEqual([]);
  }, 60_000);
});
