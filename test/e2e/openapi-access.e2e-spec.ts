import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { IdentityApi, Session } from '../support/identity';
import { TestSystem } from '../support/system';

/**
 * The OpenAPI document states who may call each operation, and the gateway enforces exactly that:
 * every documented non-public operation refuses a caller without a token (401), and every
 * admin operation refuses a member of an institute (403).
 */

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every identity route, as `METHOD path` in the document's spelling. */
const IDENTITY_ROUTES = [
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/accept-invitation',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'GET /api/v1/me',
  'GET /api/v1/organisations/me',
  'GET /api/v1/organisations/me/members',
  'GET /api/v1/organisations/names',
  'POST /api/v1/organisations/me/invitations',
  'GET /api/v1/organisations/me/invitations',
  'POST /api/v1/organisations/me/resubmit',
  'POST /api/v1/organisations/me/qualifications',
  'GET /api/v1/organisations/me/qualifications',
  'GET /api/v1/qualifications/{id}',
  'GET /api/v1/admin/organisations',
  'GET /api/v1/admin/organisations/{id}',
  'GET /api/v1/admin/organisations/{id}/members',
  'POST /api/v1/admin/organisations/{id}/verify',
  'POST /api/v1/admin/organisations/{id}/reject',
  'POST /api/v1/admin/organisations/{id}/suspend',
  'POST /api/v1/admin/organisations/{id}/reinstate',
  'GET /api/v1/admin/qualifications',
  'POST /api/v1/admin/qualifications/{id}/review',
  'POST /api/v1/admin/experts',
  'GET /api/v1/admin/experts',
  'GET /api/v1/admin/audit',
  'GET /api/v1/admin/audit/verify',
];
const PUBLIC_IDENTITY_ROUTES = ['POST /api/v1/auth/register', 'POST /api/v1/auth/accept-invitation', 'POST /api/v1/auth/login', 'POST /api/v1/auth/refresh'];

interface Operation {
  key: string;
  method: (typeof HTTP_METHODS)[number];
  path: string;
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}

const isPublic = (operation: Operation) => operation.description?.includes('**Access:** public') ?? false;
const declaresBearer = (operation: Operation) => operation.security?.some((requirement) => 'bearer' in requirement) ?? false;
/** The path with every `{param}` replaced by a fresh random UUID v4. */
const concretePath = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

describe('OpenAPI document: access is documented and enforced', () => {
  let system: TestSystem;
  let document: { paths: Record<string, Record<string, Omit<Operation, 'key' | 'method' | 'path'>>>; components: { securitySchemes?: Record<string, unknown> } };
  let operations: Operation[];
  let apiOperations: Operation[];

  beforeAll(async () => {
    system = await TestSystem.start(['identity']);
    const response = await request(system.http).get('/docs/openapi.json').expect(200).expect('content-type', /json/);
    document = response.body;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((method) => ({ ...item[method], key: `${method.toUpperCase()} ${path}`, method, path })),
    );
    apiOperations = operations.filter((operation) => operation.path.startsWith('/api/v1/'));
  });
  afterAll(() => system?.stop());

  it('documents every identity route under /api/v1', () => {
    expect(apiOperations.map((operation) => operation.key)).toEqual(expect.arrayContaining(IDENTITY_ROUTES));
  });

  it('gives every /api/v1 operation a summary and a description stating its **Access:**', () => {
    const undocumented = apiOperations
      .filter((operation) => !operation.summary?.trim() || !operation.description?.includes('**Access:**'))
      .map((operation) => operation.key);
    expect(undocumented).toEqual([]);
  });

  it('marks exactly the four auth entry points public among the identity routes', () => {
    const publicIdentityRoutes = apiOperations.filter((operation) => IDENTITY_ROUTES.includes(operation.key) && isPublic(operation)).map((o) => o.key);
    expect(publicIdentityRoutes.sort()).toEqual([...PUBLIC_IDENTITY_ROUTES].sort());
  });

  it('declares bearer security on every non-public operation, and none on public ones', () => {
    expect(document.components.securitySchemes?.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const nonPublicWithoutBearer = apiOperations.filter((o) => !isPublic(o) && !declaresBearer(o)).map((o) => o.key);
    const publicWithBearer = apiOperations.filter((o) => isPublic(o) && declaresBearer(o)).map((o) => o.key);
    expect({ nonPublicWithoutBearer, publicWithBearer }).toEqual({ nonPublicWithoutBearer: [], publicWithBearer: [] });
  });

  it('documents a 401 response on every non-public operation', () => {
    const without401 = apiOperations.filter((o) => !isPublic(o) && !('401' in o.responses)).map((o) => o.key);
    expect(without401).toEqual([]);
  });

  it('refuses every documented non-public operation without a token: 401 AUTH.UNAUTHENTICATED', async () => {
    const nonPublic = apiOperations.filter((operation) => !isPublic(operation));
    expect(nonPublic.map((o) => o.key)).toEqual(expect.arrayContaining(IDENTITY_ROUTES.filter((route) => !PUBLIC_IDENTITY_ROUTES.includes(route))));
    const answers: Record<string, string> = {};
    for (const operation of nonPublic) {
      const call = request(system.http)[operation.method](concretePath(operation.path));
      const response = await (operation.method === 'get' || operation.method === 'delete' ? call : call.send({}));
      answers[operation.key] = `${response.status} ${response.body?.error?.code}`;
    }
    expect(answers).toEqual(Object.fromEntries(nonPublic.map((o) => [o.key, '401 AUTH.UNAUTHENTICATED'])));
  });

  describe('with the token of a verified institute member', () => {
    let member: Session;
    beforeAll(async () => {
      const identity = new IdentityApi(system);
      member = await identity.verifiedMember(await identity.operator(), 'institute');
    });

    it('refuses every documented /api/v1/admin operation: 403 AUTH.FORBIDDEN', async () => {
      const admin = apiOperations.filter((operation) => operation.path.startsWith('/api/v1/admin/'));
      expect(admin.map((o) => o.key)).toEqual(expect.arrayContaining(IDENTITY_ROUTES.filter((route) => route.includes('/api/v1/admin/'))));
      const answers: Record<string, string> = {};
      for (const operation of admin) {
        const call = request(system.http)[operation.method](concretePath(operation.path)).set(member.auth);
        const response = await (operation.method === 'get' || operation.method === 'delete' ? call : call.send({}));
        answers[operation.key] = `${response.status} ${response.body?.error?.code}`;
      }
      expect(answers).toEqual(Object.fromEntries(admin.map((o) => [o.key, '403 AUTH.FORBIDDEN'])));
    });

    it('is let through where members may go (the 403s above are about the role, not a broken token)', async () => {
      const mine = await request(system.http).get('/api/v1/organisations/me').set(member.auth);
      expect({ status: mine.status, organisation: mine.body.id }).toEqual({ status: 200, organisation: member.organisationId });
    });
  });
});
