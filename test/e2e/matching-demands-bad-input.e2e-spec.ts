import { BAD_IDS, BadBody, badPaging, BadQuery, Body, correlatedCalls, expectInvalid, long, Method, without } from '../support/bad-input';
import { withTestDatabase } from '../support/database';
import { Session } from '../support/identity';
import { chinaDateIn, demandBody, MatchingApi } from '../support/matching';
import { Scenario, startScenario } from '../support/scenario';

/**
 * Bad input to every demand and match endpoint is refused with
 * `400 { error: { code: 'REQUEST.INVALID', message, fields: [{ field, messages }] }, correlationId }`,
 * names the offending field, never yields a 5xx, and changes nothing: no demand, match or audit entry.
 */

const IPC_MESSAGE = 'must be an IPC subclass or group in canonical form, e.g. "G01S" or "G01S 7/48"';
const BUDGET_MESSAGE = 'budget must be an amount in yuan with at most 2 decimals, e.g. "1250000.00", or null for negotiable';
const DATE_MESSAGE = 'deadline must be a calendar date YYYY-MM-DD between 1900 and 2999';

/** Bad demand fields shared by create (POST) and edit (PATCH): each is refused the same way by both. */
const FIELD_CASES: BadBody[] = [
  // wrong types
  { name: 'title a number', change: (v) => ({ ...v, title: 42 }), fields: ['title'], says: 'title must be a string' },
  { name: 'description an object', change: (v) => ({ ...v, description: { zh: '需求' } }), fields: ['description'], says: 'description must be a string' },
  { name: 'field unknown', change: (v) => ({ ...v, field: 'alchemy' }), fields: ['field'], says: 'field must be one of the following values' },
  { name: 'direction unknown', change: (v) => ({ ...v, direction: 'both' }), fields: ['direction'], says: 'direction must be one of the following values: mil_to_civ, civ_to_mil' },
  { name: 'visibility unknown', change: (v) => ({ ...v, visibility: 'secret' }), fields: ['visibility'], says: 'visibility must be one of the following values: public, registered' },
  // empty, overlong and NUL strings
  { name: 'title empty', change: (v) => ({ ...v, title: '' }), fields: ['title'], says: 'title should not be empty' },
  { name: 'title only spaces', change: (v) => ({ ...v, title: '   ' }), fields: ['title'], says: 'title should not be empty' },
  { name: 'title longer than 200 characters', change: (v) => ({ ...v, title: long(201, '需') }), fields: ['title'], says: 'title must be shorter than or equal to 200 characters' },
  { name: 'description longer than 5000 characters', change: (v) => ({ ...v, description: long(5001) }), fields: ['description'], says: 'description must be shorter than or equal to 5000 characters' },
  { name: 'a NUL character in the description', change: (v) => ({ ...v, description: '风洞\u0000试验' }), fields: ['description'], says: 'description must not contain NUL characters' },
  // IPC codes
  { name: 'IPC code in section I', change: (v) => ({ ...v, ipcCodes: ['I01S 7/48'] }), fields: ['ipcCodes'], says: `ipcCodes[0] ${IPC_MESSAGE}` },
  { name: 'IPC code class only (G01), second in the list', change: (v) => ({ ...v, ipcCodes: ['G01M 9/06', 'G01'] }), fields: ['ipcCodes'], says: `ipcCodes[1] ${IPC_MESSAGE}` },
  { name: 'IPC codes the same after normalising', change: (v) => ({ ...v, ipcCodes: ['G01M 9/06', 'g01m9/06'] }), fields: ['ipcCodes'], says: "All ipcCodes's elements must be unique" },
  { name: 'IPC codes more than 10', change: (v) => ({ ...v, ipcCodes: Array.from({ length: 11 }, (_, i) => `G01S ${i + 1}/00`) }), fields: ['ipcCodes'], says: 'ipcCodes must contain no more than 10 elements' },
  { name: 'IPC code a number', change: (v) => ({ ...v, ipcCodes: [42] }), fields: ['ipcCodes'], says: 'each value in ipcCodes must be a string' },
  // minimum TRL
  { name: 'minTrl 0', change: (v) => ({ ...v, minTrl: 0 }), fields: ['minTrl'], says: 'minTrl must not be less than 1' },
  { name: 'minTrl 10', change: (v) => ({ ...v, minTrl: 10 }), fields: ['minTrl'], says: 'minTrl must not be greater than 9' },
  { name: 'minTrl 5.5', change: (v) => ({ ...v, minTrl: 5.5 }), fields: ['minTrl'], says: 'minTrl must be an integer number' },
  { name: 'minTrl "6" (a string)', change: (v) => ({ ...v, minTrl: '6' }), fields: ['minTrl'], says: 'minTrl must be an integer number' },
  // budget
  { name: 'budget a number', change: (v) => ({ ...v, budget: 2000000 }), fields: ['budget'], says: BUDGET_MESSAGE },
  { name: 'budget over-precise', change: (v) => ({ ...v, budget: '12.345' }), fields: ['budget'], says: BUDGET_MESSAGE },
  { name: 'budget negative', change: (v) => ({ ...v, budget: '-1.00' }), fields: ['budget'], says: BUDGET_MESSAGE },
  { name: 'budget with separators', change: (v) => ({ ...v, budget: '2,000,000.00' }), fields: ['budget'], says: BUDGET_MESSAGE },
  { name: 'budget in full-width digits', change: (v) => ({ ...v, budget: '２０００' }), fields: ['budget'], says: BUDGET_MESSAGE },
  { name: 'budget of 14 integer digits', change: (v) => ({ ...v, budget: '10000000000000.00' }), fields: ['budget'], says: BUDGET_MESSAGE },
  { name: 'budget zero (negotiable is null)', change: (v) => ({ ...v, budget: '0.00' }), fields: ['budget'], says: 'budget must be more than 0 (null means negotiable)' },
  // deadline
  { name: 'deadline a date that does not exist', change: (v) => ({ ...v, deadline: '2027-02-30' }), fields: ['deadline'], says: DATE_MESSAGE },
  { name: 'deadline with a time', change: (v) => ({ ...v, deadline: '2027-06-30T00:00:00Z' }), fields: ['deadline'], says: DATE_MESSAGE },
  { name: 'deadline in year 0', change: (v) => ({ ...v, deadline: '0000-01-01' }), fields: ['deadline'], says: DATE_MESSAGE },
  { name: 'deadline a week date', change: (v) => ({ ...v, deadline: '2027-W10' }), fields: ['deadline'], says: DATE_MESSAGE },
  { name: 'deadline a number', change: (v) => ({ ...v, deadline: 20270630 }), fields: ['deadline'], says: DATE_MESSAGE },
  { name: 'deadline yesterday', change: (v) => ({ ...v, deadline: chinaDateIn(-1) }), fields: ['deadline'], says: 'deadline must be today' },
  { name: 'deadline more than five years ahead', change: (v) => ({ ...v, deadline: chinaDateIn(5 * 365 + 2) }), fields: ['deadline'], says: 'deadline must be at most 5 years ahead' },
  // unknown fields
  { name: 'an unknown property', change: (v) => ({ ...v, organisationId: '6ba7b810-9dad-41d1-80b4-00c04fd430c8' }), fields: ['organisationId'], says: 'property organisationId should not exist' },
  { name: 'a status set by the client', change: (v) => ({ ...v, status: 'hidden' }), fields: ['status'], says: 'property status should not exist' },
];

/** Everything the matching service stores and the audit entries about demands: a refused request must change none of it. */
const footprint = () =>
  withTestDatabase(async (db) => {
    const row = (
      await db.query(`
        SELECT (SELECT count(*) FROM matching.demands)::int AS demands,
               (SELECT coalesce(sum(version), 0) FROM matching.demands)::int AS versions,
               (SELECT count(*) FROM matching.matches)::int AS matches,
               (SELECT count(*) FROM audit.entries WHERE entity_type = 'demand')::int AS audit`)
    ).rows[0];
    return row as { demands: number; versions: number; matches: number; audit: number };
  });

describe('demand and match endpoints refuse bad input with 400 REQUEST.INVALID and change nothing', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let owner: Session;
  let institute: Session;
  let demand: Body;
  let listingId: string;
  let before: Awaited<ReturnType<typeof footprint>>;

  const call = correlatedCalls(() => system);

  beforeAll(async () => {
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'matching']));
    owner = await identity.verifiedMember(operator, 'enterprise');
    institute = await identity.verifiedMember(operator, 'institute');
    demand = await new MatchingApi(system).post(owner);
    listingId = (await listings.published(institute, operator)).id;
    before = await footprint();
  });
  afterAll(() => system?.stop());

  describe('POST demands', () => {
    const missing: BadBody[] = [
      { name: 'title missing', change: (v) => without(v, 'title'), fields: ['title'], says: 'title must be a string' },
      { name: 'description missing', change: (v) => without(v, 'description'), fields: ['description'], says: 'description must be a string' },
      { name: 'field missing', change: (v) => without(v, 'field'), fields: ['field'], says: 'field must be one of the following values' },
      { name: 'direction missing', change: (v) => without(v, 'direction'), fields: ['direction'], says: 'direction must be one of the following values' },
      { name: 'ipcCodes missing (none is an empty list)', change: (v) => without(v, 'ipcCodes'), fields: ['ipcCodes'] },
      { name: 'minTrl missing', change: (v) => without(v, 'minTrl'), fields: ['minTrl'], says: 'minTrl must be an integer number' },
      { name: 'budget missing (negotiable is an explicit null)', change: (v) => without(v, 'budget'), fields: ['budget'], says: BUDGET_MESSAGE },
      { name: 'deadline missing', change: (v) => without(v, 'deadline'), fields: ['deadline'], says: DATE_MESSAGE },
      { name: 'minTrl null', change: (v) => ({ ...v, minTrl: null }), fields: ['minTrl'], says: 'minTrl must be an integer number' },
      { name: 'deadline null', change: (v) => ({ ...v, deadline: null }), fields: ['deadline'], says: DATE_MESSAGE },
      { name: 'an empty body', change: () => ({}), fields: ['title', 'description', 'field', 'direction', 'ipcCodes', 'minTrl', 'budget', 'deadline'] },
    ];

    it.each([...missing, ...FIELD_CASES])('refuses $name and creates nothing', async ({ change, fields, says }) => {
      expectInvalid(await call('post', '/demands', owner).send(change(demandBody()) as object), { fields, says });
      expect(await footprint()).toEqual(before);
    });

    it.each([
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
      ['a JSON string', '"风洞"'],
    ])('refuses %s as the body and creates nothing', async (_, text) => {
      const response = await call('post', '/demands', owner).set('Content-Type', 'application/json').send(text);
      expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 400, code: 'REQUEST.INVALID' });
      expect(await footprint()).toEqual(before);
    });

    it('accepts the valid body every case is made from, with budget null meaning negotiable', async () => {
      const created = await call('post', '/demands', owner).send(demandBody({ budget: null, ipcCodes: [] }));
      expect({ status: created.status, budgetNegotiable: created.body.budgetNegotiable, ipcCodes: created.body.ipcCodes }).toEqual({ status: 201, budgetNegotiable: true, ipcCodes: [] });
      await call('post', `/demands/${created.body.id}/close`, owner).send({}).expect(200);
      before = await footprint();
    });
  });

  describe('PATCH demands/:id', () => {
    const snapshot = async () => (await call('get', `/demands/${demand.id}`, owner).expect(200)).body;

    it.each(FIELD_CASES)('refuses $name and the demand is unchanged', async ({ change, fields, says }) => {
      const was = await snapshot();
      expectInvalid(await call('patch', `/demands/${demand.id}`, owner).send(change({}) as object), { fields, says });
      expect(await snapshot()).toEqual(was);
      expect(await footprint()).toEqual(before);
    });

    it.each([
      ['title', 'title must be a string'],
      ['description', 'description must be a string'],
      ['field', 'field must be one of the following values'],
      ['direction', 'direction must be one of the following values'],
      ['ipcCodes', 'ipcCodes'],
      ['minTrl', 'minTrl must be an integer number'],
      ['deadline', DATE_MESSAGE],
      ['visibility', 'visibility must be one of the following values'],
    ])('refuses %s=null with 400 naming it (null clears no required field)', async (field, says) => {
      const response = await call('patch', `/demands/${demand.id}`, owner).send({ [field]: null });
      expect(response.status).toBeLessThan(500);
      expectInvalid(response, { fields: [field], says });
      expect(await footprint()).toEqual(before);
    });
  });

  describe('reasons', () => {
    const cases: BadBody[] = [
      { name: 'reason empty', change: () => ({ reason: '' }), fields: ['reason'], says: 'reason should not be empty' },
      { name: 'reason only spaces', change: () => ({ reason: '   ' }), fields: ['reason'], says: 'reason should not be empty' },
      { name: 'reason a number', change: () => ({ reason: 7 }), fields: ['reason'], says: 'reason must be a string' },
      { name: 'reason longer than 1000 characters', change: () => ({ reason: long(1001, '因') }), fields: ['reason'], says: 'reason must be shorter than or equal to 1000 characters' },
    ];
    const routes: { route: string; path: () => string; as: () => Session }[] = [
      { route: 'POST demands/:id/close', path: () => `/demands/${demand.id}/close`, as: () => owner },
      { route: 'POST admin/demands/:id/hide', path: () => `/admin/demands/${demand.id}/hide`, as: () => operator },
      { route: 'POST admin/demands/:id/restore', path: () => `/admin/demands/${demand.id}/restore`, as: () => operator },
    ];

    it.each(routes.flatMap((route) => cases.map((bad) => ({ ...route, ...bad }))))('$route refuses $name', async ({ path, as, change, fields, says }) => {
      expectInvalid(await call('post', path(), as()).send(change({}) as object), { fields, says });
      expect(await footprint()).toEqual(before);
    });

    it('POST admin/demands/:id/hide refuses no reason at all', async () => {
      expectInvalid(await call('post', `/admin/demands/${demand.id}/hide`, operator).send({}), { fields: ['reason'], says: 'reason must be a string' });
      expect(await footprint()).toEqual(before);
    });
  });

  describe('bad ids in the path', () => {
    const routes: { route: string; method: Method; path: (id: string) => string; body?: Body; as: 'owner' | 'operator' | 'institute' | 'anonymous' }[] = [
      { route: 'GET demands/:id', method: 'get', path: (id) => `/demands/${id}`, as: 'anonymous' },
      { route: 'PATCH demands/:id', method: 'patch', path: (id) => `/demands/${id}`, body: { title: '新标题' }, as: 'owner' },
      { route: 'POST demands/:id/close', method: 'post', path: (id) => `/demands/${id}/close`, body: {}, as: 'owner' },
      { route: 'GET demands/:id/matches', method: 'get', path: (id) => `/demands/${id}/matches`, as: 'owner' },
      { route: 'GET listings/:id/matches', method: 'get', path: (id) => `/listings/${id}/matches`, as: 'institute' },
      { route: 'POST admin/demands/:id/hide', method: 'post', path: (id) => `/admin/demands/${id}/hide`, body: { reason: '违规' }, as: 'operator' },
      { route: 'POST admin/demands/:id/restore', method: 'post', path: (id) => `/admin/demands/${id}/restore`, body: {}, as: 'operator' },
    ];

    it.each(routes.flatMap((route) => BAD_IDS.map(([name, id]) => ({ ...route, name, id }))))('$route refuses an id that is $name', async ({ method, path, body, as, id }) => {
      const session = { owner, operator, institute, anonymous: undefined }[as];
      const test = call(method, path(id), session);
      expectInvalid(await (body ? test.send(body) : test), { fields: ['id'], says: 'id must be a UUID' });
      expect(await footprint()).toEqual(before);
    });
  });

  describe('bad query parameters', () => {
    const listing: BadQuery[] = [
      ...badPaging(101),
      { name: 'status=bogus', query: 'status=bogus', fields: ['status'], says: 'status must be one of the following values: open, closed, hidden' },
      { name: 'status given twice', query: 'status=open&status=closed', fields: ['status'], says: 'status must be one of the following values' },
      { name: 'organisationId (another organisation’s demands)', query: 'organisationId=6ba7b810-9dad-41d1-80b4-00c04fd430c8', fields: ['organisationId'], says: 'property organisationId should not exist' },
    ];
    const search: BadQuery[] = [
      { name: 'page=0', query: 'page=0', fields: ['page'], says: 'page must not be less than 1' },
      { name: 'page=1001', query: 'page=1001', fields: ['page'], says: 'page must not be greater than 1000' },
      { name: 'pageSize=101', query: 'pageSize=101', fields: ['pageSize'], says: 'pageSize must not be greater than 100' },
      { name: 'q longer than 200 characters', query: `q=${'风'.repeat(201)}`, fields: ['q'], says: 'q must be shorter than or equal to 200 characters' },
      { name: 'field unknown', query: 'field=alchemy', fields: ['field'], says: 'each value in field must be one of the following values' },
      { name: 'field with an unknown among known ones', query: 'field=aerodynamics,alchemy', fields: ['field'], says: 'each value in field must be one of the following values' },
      { name: 'direction unknown', query: 'direction=both', fields: ['direction'], says: 'direction must be one of the following values' },
      { name: 'ipc not a prefix', query: 'ipc=G0', fields: ['ipc'], says: 'ipc must be an IPC prefix' },
      { name: 'ipc with SQL', query: `ipc=${encodeURIComponent("G01S' OR 1=1")}`, fields: ['ipc'], says: 'ipc must be an IPC prefix' },
      { name: 'trl 0', query: 'trl=0', fields: ['trl'], says: 'trl must not be less than 1' },
      { name: 'trl abc', query: 'trl=abc', fields: ['trl'], says: 'trl must be an integer number' },
      { name: 'sort unknown', query: 'sort=budget', fields: ['sort'], says: 'sort must be one of the following values: relevance, newest, deadline' },
      { name: 'an unknown parameter', query: 'visibility=registered', fields: ['visibility'], says: 'property visibility should not exist' },
    ];
    const limits: BadQuery[] = [
      { name: 'limit=0', query: 'limit=0', fields: ['limit'], says: 'limit must not be less than 1' },
      { name: 'limit=51', query: 'limit=51', fields: ['limit'], says: 'limit must not be greater than 50' },
      { name: 'limit=abc', query: 'limit=abc', fields: ['limit'], says: 'limit must be an integer number' },
      { name: 'limit=2.5', query: 'limit=2.5', fields: ['limit'], says: 'limit must be an integer number' },
      { name: 'an unknown parameter', query: 'threshold=0', fields: ['threshold'], says: 'property threshold should not exist' },
    ];

    it.each(listing)('GET demands/mine refuses $name', async ({ query, fields, says }) => {
      expectInvalid(await call('get', `/demands/mine?${query}`, owner), { fields, says });
    });

    it.each(listing)('GET admin/demands refuses $name', async ({ query, fields, says }) => {
      expectInvalid(await call('get', `/admin/demands?${query}`, operator), { fields, says });
    });

    it.each(search)('GET demands refuses $name', async ({ query, fields, says }) => {
      expectInvalid(await call('get', `/demands?${query}`), { fields, says });
    });

    it.each(limits)('GET demands/:id/matches refuses $name and stores no match', async ({ query, fields, says }) => {
      expectInvalid(await call('get', `/demands/${demand.id}/matches?${query}`, owner), { fields, says });
      expect(await footprint()).toEqual(before);
    });

    it.each(limits)('GET listings/:id/matches refuses $name and stores no match', async ({ query, fields, says }) => {
      expectInvalid(await call('get', `/listings/${listingId}/matches?${query}`, institute), { fields, says });
      expect(await footprint()).toEqual(before);
    });
  });
});
