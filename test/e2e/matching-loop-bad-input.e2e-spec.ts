import { randomUUID } from 'node:crypto';
import { BAD_IDS, BadBody, badPaging, BadQuery, correlatedCalls, expectInvalid, long, Method, UUID_V1, without } from '../support/bad-input';
import { withTestDatabase } from '../support/database';
import { Session } from '../support/identity';
import { NegotiationsApi } from '../support/negotiations';
import { Scenario, startScenario } from '../support/scenario';

/**
 * Bad input to every interest, negotiation and notification endpoint is refused with
 * `400 REQUEST.INVALID` naming the field, never a 5xx, and changes nothing: no interest, thread,
 * message, offer or inbox entry is created or altered.
 */

const yuan = (field: string) => `${field} must be an amount in yuan with at most 2 decimals`;

const BAD_AMOUNTS: [string, unknown][] = [
  ['over-precise "12.345"', '12.345'],
  ['negative "-1"', '-1'],
  ['a number (1000)', 1000],
  ['with thousands separators', '1,000,000.00'],
  ['in exponent notation', '1e6'],
  ['empty', ''],
  ['with a leading zero', '01000.00'],
  ['in full-width digits', '１０００'],
  ['of 14 integer digits', '10000000000000.00'],
  ['"NaN"', 'NaN'],
  ['null', null],
  ['an object', { yuan: '1000.00' }],
];

/** Everything the loop stores, with every status: a refused request must change none of it. */
const footprint = () =>
  withTestDatabase(async (db) => {
    const row = (
      await db.query(`
        SELECT (SELECT count(*) FROM matching.interests)::int AS interests,
               (SELECT string_agg(status || is_open::text, ',' ORDER BY id) FROM matching.interests) AS "interestStates",
               (SELECT count(*) FROM matching.negotiations)::int AS negotiations,
               (SELECT string_agg(status || coalesce(current_offer_id::text, '-') || next_sequence, ',' ORDER BY id) FROM matching.negotiations) AS "threadStates",
               (SELECT count(*) FROM matching.negotiation_messages)::int AS messages,
               (SELECT string_agg(status, ',' ORDER BY id) FROM matching.negotiation_offers) AS offers,
               (SELECT count(*) FROM matching.notifications)::int AS notifications,
               (SELECT count(*) FROM matching.notifications WHERE read_at IS NOT NULL)::int AS read`)
    ).rows[0];
    return row as Record<string, unknown>;
  });

describe('matching loop endpoints refuse bad input with 400 REQUEST.INVALID and change nothing', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let loop: NegotiationsApi;
  let seller: Session;
  let buyer: Session;
  let listingId: string;
  let interestId: string;
  let negotiationId: string;
  let offerId: string;

  const call = correlatedCalls(() => system);

  beforeAll(async () => {
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'matching']));
    loop = new NegotiationsApi(system);
    seller = await identity.verifiedMember(operator, 'institute');
    buyer = await identity.verifiedMember(operator, 'enterprise');
    listingId = (await listings.published(seller, operator)).id;
    negotiationId = await loop.thread(seller, buyer, listingId);
    interestId = (await call('get', `/negotiations/${negotiationId}`, buyer).expect(200)).body.interestId;
    offerId = (await loop.offer(seller, negotiationId, '1300000.00').expect(201)).body.currentOffer.id;
  });
  afterAll(() => system?.stop());

  describe('POST interests', () => {
    let other: Session;
    beforeAll(async () => {
      other = await identity.verifiedMember(operator, 'enterprise');
    });
    const valid = () => ({ listingId, message: '希望洽谈', demandRef: 'demand-1', matchRef: 'match-1' });
    const cases: BadBody[] = [
      { name: 'an empty body', change: () => ({}), fields: ['listingId', 'message'] },
      { name: 'listingId missing', change: (v) => without(v, 'listingId'), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId a UUID v1', change: (v) => ({ ...v, listingId: UUID_V1 }), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId a number', change: (v) => ({ ...v, listingId: 42 }), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'message missing', change: (v) => without(v, 'message'), fields: ['message'], says: 'message should not be empty' },
      { name: 'message blank', change: (v) => ({ ...v, message: '   ' }), fields: ['message'], says: 'message should not be empty' },
      { name: 'message of 2001 characters', change: (v) => ({ ...v, message: long(2001, '意') }), fields: ['message'], says: 'message must be shorter than or equal to 2000 characters' },
      { name: 'message a number', change: (v) => ({ ...v, message: 7 }), fields: ['message'], says: 'message must be a string' },
      { name: 'message with a NUL', change: (v) => ({ ...v, message: 'a\u0000b' }), fields: ['message'], says: 'message must not contain NUL characters' },
      { name: 'demandRef with spaces', change: (v) => ({ ...v, demandRef: 'demand 1' }), fields: ['demandRef'], says: 'demandRef must be an id of at most 100' },
      { name: 'demandRef of 101 characters', change: (v) => ({ ...v, demandRef: long(101, 'd') }), fields: ['demandRef'], says: 'demandRef must be an id of at most 100' },
      { name: 'demandRef a number', change: (v) => ({ ...v, demandRef: 12 }), fields: ['demandRef'], says: 'demandRef must be a string' },
      { name: 'matchRef an SQL fragment', change: (v) => ({ ...v, matchRef: "' OR '1'='1" }), fields: ['matchRef'], says: 'matchRef must be an id of at most 100' },
      { name: 'an unknown field status', change: (v) => ({ ...v, status: 'accepted' }), fields: ['status'], says: 'property status should not exist' },
      { name: 'buyerOrganisationId in the body', change: (v) => ({ ...v, buyerOrganisationId: randomUUID() }), fields: ['buyerOrganisationId'], says: 'property buyerOrganisationId should not exist' },
    ];
    it.each(cases)('refuses $name', async ({ change, fields, says }) => {
      const before = await footprint();
      expectInvalid(await call('post', '/interests', other).send(change(valid()) as object), { fields, says });
      expect(await footprint()).toEqual(before);
    });

    it('accepts the valid body after all that', async () => {
      await call('post', '/interests', other).send(valid()).expect(201);
    });
  });

  describe('answering an interest', () => {
    it.each<[string, Method, string, object, BadBody['fields'], string]>([
      ['decline without a message', 'post', 'decline', {}, ['message'], 'message should not be empty'],
      ['decline with a blank message', 'post', 'decline', { message: ' ' }, ['message'], 'message should not be empty'],
      ['decline with a message of 2001 characters', 'post', 'decline', { message: long(2001) }, ['message'], 'message must be shorter than or equal to 2000 characters'],
      ['accept with an empty message', 'post', 'accept', { message: '' }, ['message'], 'message should not be empty'],
      ['accept with a decision in the body', 'post', 'accept', { decision: 'decline' }, ['decision'], 'property decision should not exist'],
      ['withdraw with a number as message', 'post', 'withdraw', { message: 5 }, ['message'], 'message must be a string'],
    ])('refuses %s', async (_, method, action, body, fields, says) => {
      const before = await footprint();
      const session = action === 'withdraw' ? buyer : seller;
      expectInvalid(await call(method, `/interests/${interestId}/${action}`, session).send(body), { fields, says });
      expect(await footprint()).toEqual(before);
    });
  });

  describe('POST negotiations/:id/offers', () => {
    const valid = () => ({ amount: '1200000.00', transactionMode: 'transfer', note: '含培训' });
    const cases: BadBody[] = [
      ...BAD_AMOUNTS.map(([name, value]) => ({ name: `amount ${name}`, change: (v: Record<string, unknown>) => ({ ...v, amount: value }), fields: ['amount'], says: yuan('amount') })),
      { name: 'amount zero', change: (v) => ({ ...v, amount: '0' }), fields: ['amount'], says: 'amount must be more than zero' },
      { name: 'amount 0.00', change: (v) => ({ ...v, amount: '0.00' }), fields: ['amount'], says: 'amount must be more than zero' },
      { name: 'amount missing', change: (v) => without(v, 'amount'), fields: ['amount'], says: yuan('amount') },
      { name: 'transactionMode missing', change: (v) => without(v, 'transactionMode'), fields: ['transactionMode'], says: 'transactionMode must be one of the following values' },
      { name: 'transactionMode unknown', change: (v) => ({ ...v, transactionMode: 'barter' }), fields: ['transactionMode'], says: 'transactionMode must be one of the following values' },
      { name: 'transactionMode upper case', change: (v) => ({ ...v, transactionMode: 'TRANSFER' }), fields: ['transactionMode'], says: 'transactionMode must be one of the following values' },
      { name: 'transactionMode a list', change: (v) => ({ ...v, transactionMode: ['transfer'] }), fields: ['transactionMode'], says: 'transactionMode must be one of the following values' },
      { name: 'note blank', change: (v) => ({ ...v, note: ' ' }), fields: ['note'], says: 'note should not be empty' },
      { name: 'note of 2001 characters', change: (v) => ({ ...v, note: long(2001) }), fields: ['note'], says: 'note must be shorter than or equal to 2000 characters' },
      { name: 'an unknown field currency', change: (v) => ({ ...v, currency: 'USD' }), fields: ['currency'], says: 'property currency should not exist' },
      { name: 'negotiationId in the body', change: (v) => ({ ...v, negotiationId: randomUUID() }), fields: ['negotiationId'], says: 'property negotiationId should not exist' },
      { name: 'an empty body', change: () => ({}), fields: ['amount', 'transactionMode'] },
    ];
    it.each(cases)('refuses $name and stores no offer', async ({ change, fields, says }) => {
      const before = await footprint();
      expectInvalid(await call('post', `/negotiations/${negotiationId}/offers`, buyer).send(change(valid()) as object), { fields, says });
      expect(await footprint()).toEqual(before);
    });

    it('refuses a mode the listing does not offer: 400 naming transactionMode (the service knows the listing)', async () => {
      const before = await footprint();
      const response = await call('post', `/negotiations/${negotiationId}/offers`, buyer).send({ ...valid(), transactionMode: 'equity_investment' });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'OFFER.MODE_NOT_OFFERED', fields: [{ field: 'transactionMode' }] });
      expect(await footprint()).toEqual(before);
    });
  });

  describe('messages, answers and withdrawal', () => {
    it.each<[string, string, object, string[], string]>([
      ['a message without body', 'messages', {}, ['body'], 'body should not be empty'],
      ['a blank message', 'messages', { body: '\n\t ' }, ['body'], 'body should not be empty'],
      ['a message of 4001 characters', 'messages', { body: long(4001) }, ['body'], 'body must be shorter than or equal to 4000 characters'],
      ['a message with an author', 'messages', { body: 'hi', authorOrganisationId: randomUUID() }, ['authorOrganisationId'], 'property authorOrganisationId should not exist'],
      ['withdrawal without a reason', 'withdraw', {}, ['reason'], 'reason should not be empty'],
      ['withdrawal with a reason of 2001 characters', 'withdraw', { reason: long(2001) }, ['reason'], 'reason must be shorter than or equal to 2000 characters'],
    ])('refuses %s', async (_, path, body, fields, says) => {
      const before = await footprint();
      expectInvalid(await call('post', `/negotiations/${negotiationId}/${path}`, buyer).send(body), { fields, says });
      expect(await footprint()).toEqual(before);
    });

    it.each(['accept', 'reject', 'withdraw'])('refuses %s with a bad note or an amount in the body', async (action) => {
      const before = await footprint();
      const session = action === 'withdraw' ? seller : buyer;
      expectInvalid(await call('post', `/negotiations/${negotiationId}/offers/${offerId}/${action}`, session).send({ note: '' }), { fields: ['note'], says: 'note should not be empty' });
      expectInvalid(await call('post', `/negotiations/${negotiationId}/offers/${offerId}/${action}`, session).send({ amount: '1.00' }), { fields: ['amount'], says: 'property amount should not exist' });
      expect(await footprint()).toEqual(before);
    });
  });

  describe('malformed UUID path parameters', () => {
    const routes: { method: Method; path: (id: string) => string; field: string; as: () => Session; body?: object }[] = [
      { method: 'get', path: (id) => `/interests/${id}`, field: 'id', as: () => buyer },
      { method: 'post', path: (id) => `/interests/${id}/accept`, field: 'id', as: () => seller, body: {} },
      { method: 'post', path: (id) => `/interests/${id}/decline`, field: 'id', as: () => seller, body: { message: '不合适' } },
      { method: 'post', path: (id) => `/interests/${id}/withdraw`, field: 'id', as: () => buyer, body: {} },
      { method: 'get', path: (id) => `/negotiations/${id}`, field: 'id', as: () => buyer },
      { method: 'post', path: (id) => `/negotiations/${id}/messages`, field: 'id', as: () => buyer, body: { body: '你好' } },
      { method: 'post', path: (id) => `/negotiations/${id}/offers`, field: 'id', as: () => buyer, body: { amount: '1.00', transactionMode: 'transfer' } },
      { method: 'post', path: (id) => `/negotiations/${id}/withdraw`, field: 'id', as: () => buyer, body: { reason: '不谈了' } },
      { method: 'post', path: (id) => `/negotiations/${negotiationId}/offers/${id}/accept`, field: 'offerId', as: () => buyer, body: {} },
      { method: 'post', path: (id) => `/negotiations/${id}/offers/${offerId}/reject`, field: 'id', as: () => buyer, body: {} },
      { method: 'post', path: (id) => `/notifications/${id}/read`, field: 'id', as: () => buyer },
    ];
    it.each(routes.flatMap((route) => BAD_IDS.map(([name, id]) => ({ ...route, name, id, route: route.path(':id') }))))(
      '$method $route refuses $name',
      async ({ method, path, field, as, body, id }) => {
        const before = await footprint();
        const test = call(method, path(id), as());
        expectInvalid(await (body ? test.send(body) : test), { fields: [field], says: `${field} must be a UUID` });
        expect(await footprint()).toEqual(before);
      },
    );
  });

  describe('bad query parameters', () => {
    const interests: BadQuery[] = [
      ...badPaging(101),
      { name: 'role=owner', query: 'role=owner', fields: ['role'], says: 'role must be one of the following values: buyer, seller' },
      { name: 'status=open', query: 'status=open', fields: ['status'], says: 'status must be one of the following values: pending, accepted, declined, withdrawn' },
      { name: 'listingId=abc', query: 'listingId=abc', fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'an unknown parameter', query: 'sort=asc', fields: ['sort'], says: 'property sort should not exist' },
    ];
    const negotiations: BadQuery[] = [
      ...badPaging(1000),
      { name: 'status=pending', query: 'status=pending', fields: ['status'], says: 'status must be one of the following values: open, agreed, closed' },
      { name: 'role=operator', query: 'role=operator', fields: ['role'], says: 'role must be one of the following values: buyer, seller' },
    ];
    const notifications: BadQuery[] = [
      ...badPaging(500),
      { name: 'unread=yes', query: 'unread=yes', fields: ['unread'], says: 'unread must be a boolean value' },
      { name: 'unread=1', query: 'unread=1', fields: ['unread'], says: 'unread must be a boolean value' },
      { name: 'unread given twice', query: 'unread=true&unread=false', fields: ['unread'], says: 'unread must be a boolean value' },
      { name: 'a recipient', query: `userId=${randomUUID()}`, fields: ['userId'], says: 'property userId should not exist' },
    ];
    it.each(interests)('GET interests refuses $name', async ({ query, fields, says }) => expectInvalid(await call('get', `/interests?${query}`, buyer), { fields, says }));
    it.each(negotiations)('GET negotiations refuses $name', async ({ query, fields, says }) => expectInvalid(await call('get', `/negotiations?${query}`, buyer), { fields, says }));
    it.each(notifications)('GET notifications refuses $name', async ({ query, fields, says }) => expectInvalid(await call('get', `/notifications?${query}`, buyer), { fields, says }));

    it('still answers valid queries', async () => {
      await call('get', '/interests?role=buyer&status=accepted&page=1&pageSize=100', buyer).expect(200);
      await call('get', `/negotiations?role=seller&status=open&listingId=${listingId}`, seller).expect(200);
      await call('get', '/notifications?unread=false&pageSize=100', buyer).expect(200);
    });
  });

  it('after all that the thread holds only what the valid steps made', async () => {
    const thread = (await call('get', `/negotiations/${negotiationId}`, buyer).expect(200)).body;
    expect(thread).toMatchObject({ status: 'open', currentOffer: { id: offerId, amount: '1300000.00' } });
    expect(thread.timeline.map((e: { type: string }) => e.type)).toEqual(['message', 'offer']);
  });
});
