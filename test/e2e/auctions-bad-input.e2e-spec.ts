import { randomBytes, randomUUID } from 'node:crypto';
import { englishAuctionBody } from '../support/auctions';
import { BAD_IDS, BadBody, badPaging, BadQuery, Body, correlatedCalls, expectInvalid, long, Method, UUID_V1, without } from '../support/bad-input';
import { withTestDatabase } from '../support/database';
import { Session } from '../support/identity';
import { Scenario, startScenario } from '../support/scenario';

/**
 * Bad input to every auction endpoint is refused with
 * `400 { error: { code: 'REQUEST.INVALID', message, fields: [{ field, messages }] }, correlationId }`,
 * names the offending field (nested ones by path, e.g. `softClose.windowSeconds`), never yields a
 * 5xx, and creates or changes nothing: no auction, registration, bid or ledger row, no wallet moved.
 */

const yuan = (field: string) => `${field} must be an amount in yuan with at most 2 decimals`;
const timestamp = (field: string) => `${field} must be a date or date-time such as 2026-11-26 or 2026-11-26T08:00:00Z`;
const KEY_MESSAGE = 'Idempotency-Key must be 8-100 characters of [A-Za-z0-9_.:-]';
const REFERENCE_MESSAGE = 'reference must be 4-100 characters of letters, digits and _.:-/';

/** Amounts that are not a non-negative yuan amount with at most two decimals, as JSON values. */
const BAD_AMOUNTS: [string, unknown][] = [
  ['over-precise "12.345"', '12.345'],
  ['negative "-1"', '-1'],
  ['negative "-0.01"', '-0.01'],
  ['a number (1000)', 1000],
  ['a number with decimals (1000.5)', 1000.5],
  ['with thousands separators', '1,000,000.00'],
  ['in exponent notation', '1e6'],
  ['empty', ''],
  ['with a leading space', ' 1000.00'],
  ['with a trailing space', '1000.00 '],
  ['with a leading zero', '01000.00'],
  ['with a trailing dot', '1000.'],
  ['starting with a dot', '.50'],
  ['in full-width digits', '１０００'],
  ['hexadecimal', '0x10'],
  ['of 14 integer digits', '10000000000000.00'],
  ['"NaN"', 'NaN'],
  ['a boolean', true],
  ['an object', { yuan: '1000.00' }],
  ['an array', ['1000.00']],
];

/** Strings and values that are not a timestamp PostgreSQL and JavaScript read alike. */
const BAD_TIMESTAMPS: [string, unknown][] = [
  ['a word', 'tomorrow'],
  ['a date that does not exist', '2026-02-30T09:00:00Z'],
  ['hour 25', '2026-12-01T25:00:00Z'],
  ['milliseconds since 1970', 1_796_083_200_000],
  ['a week date', '2026-W50'],
  ['a bare year', '2026'],
  ['reduced precision (hours only)', '2026-12-01T10'],
  ['a space instead of T', '2026-12-01 09:00:00'],
  ['year 0', '0000-01-01'],
  ['year 3000', '3000-01-01T00:00:00Z'],
  ['empty', ''],
  ['null', null],
];

const count = (sql: string, params: unknown[] = []) => withTestDatabase(async (db) => Number((await db.query(sql, params)).rows[0].count));
/** Everything the auction service stores, counted: a refused request must change none of it. */
const footprint = () =>
  withTestDatabase(async (db) => {
    const row = (
      await db.query(`
        SELECT (SELECT count(*) FROM auction.auctions)::int AS auctions,
               (SELECT count(*) FROM auction.registrations)::int AS registrations,
               (SELECT count(*) FROM auction.bids)::int AS bids,
               (SELECT count(*) FROM auction.ledger_transactions)::int AS transactions,
               (SELECT count(*) FROM auction.ledger_entries)::int AS entries,
               (SELECT coalesce(sum(bid_count), 0) FROM auction.auctions)::int AS "bidCounts"`)
    ).rows[0];
    return row as { auctions: number; registrations: number; bids: number; transactions: number; entries: number; bidCounts: number };
  });

describe('auction endpoints refuse bad input with 400 REQUEST.INVALID and change nothing', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let seller: Session;
  let bidder: Session;
  /** An English auction `bidder` is registered for, without bids. */
  let auction: { id: string; listingId: string };

  const call = correlatedCalls(() => system);
  const wallet = async (member: Session) => (await call('get', '/wallet', member).expect(200)).body;

  beforeAll(async () => {
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'auction']));
    seller = await identity.verifiedMember(operator, 'institute');
    bidder = await identity.verifiedMember(operator, 'enterprise');
    const listing = await listings.published(seller, operator);
    auction = (await call('post', '/auctions', seller).send(englishAuctionBody(listing.id)).expect(201)).body;
    await call('post', '/admin/payments/top-ups', operator).send({ organisationId: bidder.organisationId, amount: '1000000.00', reference: `SETUP-${randomUUID()}` }).expect(201);
    await call('post', `/auctions/${auction.id}/registrations`, bidder).expect(200);
  });
  afterAll(() => system?.stop());

  describe('POST auctions', () => {
    let listingId: string;
    beforeAll(async () => {
      listingId = (await listings.published(seller, operator)).id;
    });
    const valid = () => englishAuctionBody(listingId);
    const dutch = (change: Body = {}) => (v: Body) => ({
      ...v,
      type: 'dutch',
      increment: undefined,
      softClose: null,
      dutch: { step: '10000.00', intervalSeconds: 60, floorPrice: '900000.00', ...change },
    });
    const softClose = (change: Body) => (v: Body) => ({ ...v, softClose: { windowSeconds: 300, extensionSeconds: 300, ...change } });

    const missing: BadBody[] = [
      { name: 'listingId missing', change: (v) => without(v, 'listingId'), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'type missing', change: (v) => without(v, 'type'), fields: ['type'], says: 'type must be one of the following values: english, sealed_first_price, sealed_second_price, dutch' },
      { name: 'startPrice missing', change: (v) => without(v, 'startPrice'), fields: ['startPrice'], says: yuan('startPrice') },
      { name: 'deposit missing', change: (v) => without(v, 'deposit'), fields: ['deposit'], says: yuan('deposit') },
      { name: 'requiredQualifications missing', change: (v) => without(v, 'requiredQualifications'), fields: ['requiredQualifications'], says: 'requiredQualifications must be an array' },
      { name: 'startsAt missing', change: (v) => without(v, 'startsAt'), fields: ['startsAt'], says: timestamp('startsAt') },
      { name: 'endsAt missing', change: (v) => without(v, 'endsAt'), fields: ['endsAt'], says: timestamp('endsAt') },
      { name: 'startPrice null', change: (v) => ({ ...v, startPrice: null }), fields: ['startPrice'], says: yuan('startPrice') },
      { name: 'requiredQualifications null', change: (v) => ({ ...v, requiredQualifications: null }), fields: ['requiredQualifications'], says: 'requiredQualifications must be an array' },
      {
        name: 'an empty body',
        change: () => ({}),
        fields: ['listingId', 'type', 'startPrice', 'deposit', 'requiredQualifications', 'startsAt', 'endsAt'],
      },
    ];
    const identifiers: BadBody[] = [
      { name: 'listingId not a UUID', change: (v) => ({ ...v, listingId: 'not-a-uuid' }), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId a number', change: (v) => ({ ...v, listingId: 12345 }), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId a UUID v1', change: (v) => ({ ...v, listingId: UUID_V1 }), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId the nil UUID', change: (v) => ({ ...v, listingId: '00000000-0000-0000-0000-000000000000' }), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId an SQL fragment', change: (v) => ({ ...v, listingId: "' OR '1'='1" }), fields: ['listingId'], says: 'listingId must be a UUID' },
    ];
    const types: BadBody[] = [
      { name: 'type unknown (japanese)', change: (v) => ({ ...v, type: 'japanese' }), fields: ['type'], says: 'type must be one of the following values' },
      { name: 'type upper case', change: (v) => ({ ...v, type: 'ENGLISH' }), fields: ['type'], says: 'type must be one of the following values' },
      { name: 'type "sealed" (not a type by itself)', change: (v) => ({ ...v, type: 'sealed' }), fields: ['type'], says: 'type must be one of the following values' },
      { name: 'type a number', change: (v) => ({ ...v, type: 1 }), fields: ['type'], says: 'type must be one of the following values' },
      { name: 'type an array', change: (v) => ({ ...v, type: ['english'] }), fields: ['type'], says: 'type must be one of the following values' },
    ];
    const amounts: BadBody[] = ['startPrice', 'increment', 'reservePrice', 'deposit'].flatMap((field) =>
      BAD_AMOUNTS.map(([name, value]) => ({ name: `${field} ${name}`, change: (v: Body) => ({ ...v, [field]: value }), fields: [field], says: yuan(field) })),
    );
    const qualifications: BadBody[] = [
      { name: 'requiredQualifications a string', change: (v) => ({ ...v, requiredQualifications: 'secrecy' }), fields: ['requiredQualifications'], says: 'requiredQualifications must be an array' },
      { name: 'an unknown qualification (top_secret)', change: (v) => ({ ...v, requiredQualifications: ['top_secret'] }), fields: ['requiredQualifications'], says: 'each value in requiredQualifications must be one of the following values' },
      { name: 'a qualification in upper case', change: (v) => ({ ...v, requiredQualifications: ['SECRECY'] }), fields: ['requiredQualifications'], says: 'each value in requiredQualifications must be one of the following values' },
      { name: 'a qualification in Chinese', change: (v) => ({ ...v, requiredQualifications: ['保密资格'] }), fields: ['requiredQualifications'], says: 'each value in requiredQualifications must be one of the following values' },
      { name: 'a known qualification among unknown ones', change: (v) => ({ ...v, requiredQualifications: ['secrecy', 'iso9001'] }), fields: ['requiredQualifications'], says: 'each value in requiredQualifications must be one of the following values' },
      { name: 'a qualification twice', change: (v) => ({ ...v, requiredQualifications: ['secrecy', 'secrecy'] }), fields: ['requiredQualifications'], says: 'elements must be unique' },
      { name: 'a number in the list', change: (v) => ({ ...v, requiredQualifications: [42] }), fields: ['requiredQualifications'], says: 'each value in requiredQualifications must be one of the following values' },
      { name: 'null in the list', change: (v) => ({ ...v, requiredQualifications: [null] }), fields: ['requiredQualifications'], says: 'each value in requiredQualifications must be one of the following values' },
      { name: 'an object instead of a list', change: (v) => ({ ...v, requiredQualifications: { secrecy: true } }), fields: ['requiredQualifications'], says: 'requiredQualifications must be an array' },
    ];
    const timestamps: BadBody[] = ['startsAt', 'endsAt'].flatMap((field) =>
      BAD_TIMESTAMPS.map(([name, value]) => ({ name: `${field} ${name}`, change: (v: Body) => ({ ...v, [field]: value }), fields: [field], says: timestamp(field) })),
    );
    const softCloses: BadBody[] = [
      { name: 'softClose a string', change: (v) => ({ ...v, softClose: 'yes' }), fields: ['softClose'], says: 'softClose must be an object' },
      { name: 'softClose an array', change: (v) => ({ ...v, softClose: [] }), fields: ['softClose'], says: 'softClose must be an object' },
      { name: 'softClose a number', change: (v) => ({ ...v, softClose: 300 }), fields: ['softClose'], says: 'softClose must be an object' },
      { name: 'softClose.windowSeconds 0', change: softClose({ windowSeconds: 0 }), fields: ['softClose.windowSeconds'], says: 'windowSeconds must not be less than 1' },
      { name: 'softClose.windowSeconds negative', change: softClose({ windowSeconds: -60 }), fields: ['softClose.windowSeconds'], says: 'windowSeconds must not be less than 1' },
      { name: 'softClose.windowSeconds fractional', change: softClose({ windowSeconds: 1.5 }), fields: ['softClose.windowSeconds'], says: 'windowSeconds must be an integer number' },
      { name: 'softClose.windowSeconds a string', change: softClose({ windowSeconds: '300' }), fields: ['softClose.windowSeconds'], says: 'windowSeconds must be an integer number' },
      { name: 'softClose.windowSeconds over a day', change: softClose({ windowSeconds: 86_401 }), fields: ['softClose.windowSeconds'], says: 'windowSeconds must not be greater than 86400' },
      { name: 'softClose.windowSeconds null', change: softClose({ windowSeconds: null }), fields: ['softClose.windowSeconds'], says: 'windowSeconds must be an integer number' },
      { name: 'softClose.extensionSeconds missing', change: (v) => ({ ...v, softClose: { windowSeconds: 300 } }), fields: ['softClose.extensionSeconds'], says: 'extensionSeconds must be an integer number' },
      { name: 'softClose.extensionSeconds 0', change: softClose({ extensionSeconds: 0 }), fields: ['softClose.extensionSeconds'], says: 'extensionSeconds must not be less than 1' },
      { name: 'softClose.maxEndsAt a word', change: softClose({ maxEndsAt: 'never' }), fields: ['softClose.maxEndsAt'], says: timestamp('maxEndsAt') },
      { name: 'softClose.maxEndsAt a number', change: softClose({ maxEndsAt: 1_796_083_200_000 }), fields: ['softClose.maxEndsAt'], says: timestamp('maxEndsAt') },
      { name: 'an unknown softClose field', change: softClose({ extendBy: 60 }), fields: ['softClose.extendBy'], says: 'property extendBy should not exist' },
      { name: 'softClose empty', change: (v) => ({ ...v, softClose: {} }), fields: ['softClose.windowSeconds', 'softClose.extensionSeconds'] },
    ];
    const dutchSchedules: BadBody[] = [
      { name: 'dutch a string', change: (v) => ({ ...dutch()(v), dutch: 'fast' }), fields: ['dutch'], says: 'dutch must be an object' },
      { name: 'dutch an array', change: (v) => ({ ...dutch()(v), dutch: [] }), fields: ['dutch'], says: 'dutch must be an object' },
      { name: 'dutch.step negative', change: dutch({ step: '-1' }), fields: ['dutch.step'], says: yuan('step') },
      { name: 'dutch.step over-precise', change: dutch({ step: '10000.001' }), fields: ['dutch.step'], says: yuan('step') },
      { name: 'dutch.step a number', change: dutch({ step: 10000 }), fields: ['dutch.step'], says: yuan('step') },
      { name: 'dutch.step missing', change: (v) => ({ ...dutch()(v), dutch: { intervalSeconds: 60, floorPrice: '900000.00' } }), fields: ['dutch.step'], says: yuan('step') },
      { name: 'dutch.floorPrice over-precise', change: dutch({ floorPrice: '900000.005' }), fields: ['dutch.floorPrice'], says: yuan('floorPrice') },
      { name: 'dutch.floorPrice a number', change: dutch({ floorPrice: 900000 }), fields: ['dutch.floorPrice'], says: yuan('floorPrice') },
      { name: 'dutch.intervalSeconds 0', change: dutch({ intervalSeconds: 0 }), fields: ['dutch.intervalSeconds'], says: 'intervalSeconds must not be less than 1' },
      { name: 'dutch.intervalSeconds a string', change: dutch({ intervalSeconds: '60' }), fields: ['dutch.intervalSeconds'], says: 'intervalSeconds must be an integer number' },
      { name: 'dutch.intervalSeconds fractional', change: dutch({ intervalSeconds: 0.5 }), fields: ['dutch.intervalSeconds'], says: 'intervalSeconds must be an integer number' },
      { name: 'dutch.intervalSeconds over a day', change: dutch({ intervalSeconds: 86_401 }), fields: ['dutch.intervalSeconds'], says: 'intervalSeconds must not be greater than 86400' },
      { name: 'an unknown dutch field', change: dutch({ ceiling: '2000000.00' }), fields: ['dutch.ceiling'], says: 'property ceiling should not exist' },
    ];
    const extras: BadBody[] = ['status', 'organisationId', 'currentPrice', 'leaderAlias', 'bidCount', 'id', 'reservePriceFen', 'scheduledEndsAt'].map((field) => ({
      name: `an unknown field ${field}`,
      change: (v: Body) => ({ ...v, [field]: field === 'bidCount' ? 0 : field === 'organisationId' || field === 'id' ? randomUUID() : 'x' }),
      fields: [field],
      says: `property ${field} should not exist`,
    }));

    it.each([...missing, ...identifiers, ...types, ...amounts, ...qualifications, ...timestamps, ...softCloses, ...dutchSchedules, ...extras])(
      'refuses $name and creates no auction',
      async ({ change, fields, says }) => {
        const before = await footprint();
        expectInvalid(await call('post', '/auctions', seller).send(change(valid()) as object), { fields, says });
        expect(await footprint()).toEqual(before);
      },
    );

    it.each([
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
      ['a JSON string', '"english"'],
    ])('refuses %s as the body with 400 REQUEST.INVALID', async (_, text) => {
      const before = await footprint();
      const response = await call('post', '/auctions', seller).set('Content-Type', 'application/json').send(text);
      expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 400, code: 'REQUEST.INVALID' });
      expect(await footprint()).toEqual(before);
    });

    it('refuses truncated JSON with 400 HTTP.BAD_REQUEST', async () => {
      const response = await call('post', '/auctions', seller).set('Content-Type', 'application/json').send('{"listingId": "');
      expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 400, code: 'HTTP.BAD_REQUEST' });
    });

    it('after all that the listing has no auction, and the valid base body (English, then Dutch) is accepted', async () => {
      expect(await count(`SELECT count(*) FROM auction.auctions WHERE listing_id = $1`, [listingId])).toBe(0);
      await call('post', '/auctions', seller).send(valid()).expect(201);
      const other = await listings.published(seller, operator);
      const dutchAuction = await call('post', '/auctions', seller).send(dutch()(englishAuctionBody(other.id))).expect(201);
      expect(dutchAuction.body).toMatchObject({ type: 'dutch', dutch: { step: '10000.00', intervalSeconds: 60, floorPrice: '900000.00' } });
    });
  });

  describe('malformed UUID path parameters', () => {
    const routes: { route: string; method: Method; path: (id: string) => string; body?: Body; key?: boolean; as: 'bidder' | 'anonymous' }[] = [
      { route: 'GET auctions/:id', method: 'get', path: (id) => `/auctions/${id}`, as: 'anonymous' },
      { route: 'GET auctions/:id/bids', method: 'get', path: (id) => `/auctions/${id}/bids`, as: 'anonymous' },
      { route: 'GET auctions/:id/registration', method: 'get', path: (id) => `/auctions/${id}/registration`, as: 'bidder' },
      { route: 'POST auctions/:id/registrations', method: 'post', path: (id) => `/auctions/${id}/registrations`, as: 'bidder' },
      { route: 'POST auctions/:id/bids', method: 'post', path: (id) => `/auctions/${id}/bids`, body: { amount: '1500000.00' }, key: true, as: 'bidder' },
    ];
    it.each(routes.flatMap((route) => BAD_IDS.map(([name, id]) => ({ ...route, name, id }))))(
      '$route refuses an id that is $name and changes nothing',
      async ({ method, path, body, key, as, id }) => {
        const before = await footprint();
        let test = call(method, path(id), as === 'bidder' ? bidder : undefined);
        if (key) test = test.set('Idempotency-Key', randomUUID());
        expectInvalid(await (body ? test.send(body) : test), { fields: ['id'], says: 'id must be a UUID' });
        expect(await footprint()).toEqual(before);
      },
    );
  });

  describe('POST auctions/:id/registrations (takes no body)', () => {
    it('does not act on a body naming another organisation: it registers the caller’s own organisation', async () => {
      const other = await identity.verifiedMember(operator, 'enterprise');
      await call('post', '/admin/payments/top-ups', operator).send({ organisationId: other.organisationId, amount: '100000.00', reference: `SETUP-${randomUUID()}` }).expect(201);
      const before = await wallet(bidder);
      const registered = await call('post', `/auctions/${auction.id}/registrations`, other).send({ organisationId: bidder.organisationId, deposit: '0.00' }).expect(200);
      expect(registered.body).toMatchObject({ alias: '竞买人 02', deposit: '50000.00', depositStatus: 'held' });
      expect((await call('get', `/auctions/${auction.id}/registration`, other).expect(200)).body.id).toBe(registered.body.id);
      expect(await wallet(other)).toMatchObject({ available: '50000.00', held: '50000.00' });
      expect(await wallet(bidder)).toEqual(before);
    });
  });

  describe('POST auctions/:id/bids', () => {
    const bid = (body: unknown, key: string | null = randomUUID()) => {
      const test = call('post', `/auctions/${auction.id}/bids`, bidder);
      return (key === null ? test : test.set('Idempotency-Key', key)).send(body as object);
    };

    const amounts: BadBody[] = BAD_AMOUNTS.map(([name, value]) => ({ name: `amount ${name}`, change: () => ({ amount: value }), fields: ['amount'], says: yuan('amount') }));
    const extras: BadBody[] = [
      { name: 'an unknown field maxAmount', change: (v) => ({ ...v, maxAmount: '2000000.00' }), fields: ['maxAmount'], says: 'property maxAmount should not exist' },
      { name: 'auctionId in the body', change: (v) => ({ ...v, auctionId: randomUUID() }), fields: ['auctionId'], says: 'property auctionId should not exist' },
      { name: 'idempotencyKey in the body', change: (v) => ({ ...v, idempotencyKey: randomUUID() }), fields: ['idempotencyKey'], says: 'property idempotencyKey should not exist' },
      { name: 'registrationId in the body', change: (v) => ({ ...v, registrationId: randomUUID() }), fields: ['registrationId'], says: 'property registrationId should not exist' },
      { name: 'an alias in the body', change: (v) => ({ ...v, alias: '竞买人 09' }), fields: ['alias'], says: 'property alias should not exist' },
      { name: 'an organisationId in the body', change: (v) => ({ ...v, organisationId: randomUUID() }), fields: ['organisationId'], says: 'property organisationId should not exist' },
    ];

    it.each([...amounts, ...extras])('refuses $name and stores no bid', async ({ change, fields, says }) => {
      const before = await footprint();
      expectInvalid(await bid(change({ amount: '1500000.00' })), { fields, says });
      expect(await footprint()).toEqual(before);
    });

    it.each([
      ['no amount', {}],
      ['a null amount', { amount: null }],
    ])('refuses an English bid with %s: 400 naming amount (the service requires it for this type)', async (_, body) => {
      const before = await footprint();
      expectInvalid(await bid(body), { fields: ['amount'], says: 'amount is required for this auction type' });
      expect(await footprint()).toEqual(before);
    });

    it.each([
      ['missing', null],
      ['empty', ''],
      ['of 5 characters', 'short'],
      ['of 7 characters', '1234567'],
      ['of 101 characters', long(101, 'k')],
      ['with spaces', 'has spaces in it'],
      ['with a slash', 'key/with/slash'],
      ['with a hash', 'key#12345678'],
      ['with a semicolon', 'key;12345678'],
      ['with a comma (two keys)', 'key-00000001, key-00000002'],
    ])('refuses an Idempotency-Key that is %s: 400 naming idempotencyKey, no bid stored', async (_, key) => {
      const before = await footprint();
      expectInvalid(await bid({ amount: '1500000.00' }, key), { fields: ['idempotencyKey'], says: KEY_MESSAGE });
      expect(await footprint()).toEqual(before);
    });

    it('refuses truncated JSON with 400 HTTP.BAD_REQUEST', async () => {
      const response = await call('post', `/auctions/${auction.id}/bids`, bidder).set('Idempotency-Key', randomUUID()).set('Content-Type', 'application/json').send('{"amount": ');
      expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 400, code: 'HTTP.BAD_REQUEST' });
    });

    it('after all that the auction has no bid, and a valid bid is accepted', async () => {
      expect(await count(`SELECT count(*) FROM auction.bids WHERE auction_id = $1`, [auction.id])).toBe(0);
      expect((await call('get', `/auctions/${auction.id}`).expect(200)).body).toMatchObject({ bidCount: 0, currentPrice: null });
      const accepted = await bid({ amount: '1500000.00' }).expect(200);
      expect(accepted.body.auction).toMatchObject({ bidCount: 1, currentPrice: '1000000.00' });
    });
  });

  describe('GET auctions: bad query parameters', () => {
    const cases: BadQuery[] = [
      ...badPaging(101),
      { name: 'pageSize empty', query: 'pageSize=', fields: ['pageSize'] },
      { name: 'status=bogus', query: 'status=bogus', fields: ['status'], says: 'status must be one of the following values: scheduled, open, paused, closed, settled, cancelled' },
      { name: 'status upper case', query: 'status=OPEN', fields: ['status'], says: 'status must be one of the following values' },
      { name: 'status given twice', query: 'status=open&status=closed', fields: ['status'], says: 'status must be one of the following values' },
      { name: 'listingId not a UUID', query: 'listingId=not-a-uuid', fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId a UUID v1', query: `listingId=${UUID_V1}`, fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId an SQL fragment', query: `listingId=${encodeURIComponent("' OR '1'='1")}`, fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'an unknown parameter sort', query: 'sort=endsAt', fields: ['sort'], says: 'property sort should not exist' },
      { name: 'type (not a filter)', query: 'type=english', fields: ['type'], says: 'property type should not exist' },
      { name: 'organisationId (not a filter)', query: `organisationId=${randomUUID()}`, fields: ['organisationId'], says: 'property organisationId should not exist' },
      { name: 'several at once', query: 'page=0&status=bogus&listingId=x', fields: ['page', 'status', 'listingId'] },
    ];
    it.each(cases)('refuses $name', async ({ query, fields, says }) => {
      expectInvalid(await call('get', `/auctions?${query}`), { fields, says });
      expectInvalid(await call('get', `/auctions?${query}`, bidder), { fields, says });
    });

    it('still answers a valid query', async () => {
      const page = await call('get', `/auctions?status=open&listingId=${auction.listingId}&page=1&pageSize=5`).expect(200);
      expect(page.body).toMatchObject({ page: 1, pageSize: 5, total: 1, items: [{ id: auction.id }] });
    });
  });

  describe('GET wallet (takes no input)', () => {
    it.each([
      ['a Basic credential', 'Basic dXNlcjpwYXNz'],
      ['"Bearer" without a token', 'Bearer'],
      ['a well-formed but forged JWT', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW5vdC12YWxpZA'],
    ])('refuses an Authorization header with %s: 401, not a 5xx', async (_, header) => {
      const response = await call('get', '/wallet').set('Authorization', header);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'AUTH.UNAUTHENTICATED', message: expect.any(String) }, correlationId: response.headers['x-request-id'] });
    });

    // The route takes no query, so a query string is not validated (and not used): it never selects another wallet.
    it('never shows another organisation’s wallet, whatever the query says', async () => {
      const response = await call('get', `/wallet?organisationId=${bidder.organisationId}`, seller).expect(200);
      expect(response.body).toEqual({ organisationId: seller.organisationId, available: '0.00', held: '0.00', entries: [] });
    });

    it('is for members only: an operator gets 403 AUTH.FORBIDDEN, an anonymous caller 401', async () => {
      expect((await call('get', '/wallet', operator)).body.error.code).toBe('AUTH.FORBIDDEN');
      expect((await call('get', '/wallet')).status).toBe(401);
    });
  });

  describe('POST admin/payments/top-ups', () => {
    let target: Session;
    beforeAll(async () => {
      target = await identity.verifiedMember(operator, 'enterprise');
    });
    const valid = (): Body => ({ organisationId: target.organisationId, amount: '1000.00', reference: `BANK-${randomBytes(4).toString('hex')}` });

    const cases: BadBody[] = [
      { name: 'organisationId missing', change: (v) => without(v, 'organisationId'), fields: ['organisationId'], says: 'organisationId must be a UUID' },
      { name: 'organisationId not a UUID', change: (v) => ({ ...v, organisationId: 'not-a-uuid' }), fields: ['organisationId'], says: 'organisationId must be a UUID' },
      { name: 'organisationId a number', change: (v) => ({ ...v, organisationId: 42 }), fields: ['organisationId'], says: 'organisationId must be a UUID' },
      { name: 'organisationId a UUID v1', change: (v) => ({ ...v, organisationId: UUID_V1 }), fields: ['organisationId'], says: 'organisationId must be a UUID' },
      { name: 'amount missing', change: (v) => without(v, 'amount'), fields: ['amount'], says: yuan('amount') },
      { name: 'amount null', change: (v) => ({ ...v, amount: null }), fields: ['amount'], says: yuan('amount') },
      ...BAD_AMOUNTS.map(([name, value]) => ({ name: `amount ${name}`, change: (v: Body) => ({ ...v, amount: value }), fields: ['amount'], says: yuan('amount') })),
      { name: 'reference missing', change: (v) => without(v, 'reference'), fields: ['reference'], says: 'reference must be a string' },
      { name: 'reference of 3 characters', change: (v) => ({ ...v, reference: 'abc' }), fields: ['reference'], says: REFERENCE_MESSAGE },
      { name: 'reference of 101 characters', change: (v) => ({ ...v, reference: long(101, 'R') }), fields: ['reference'], says: REFERENCE_MESSAGE },
      { name: 'reference with spaces', change: (v) => ({ ...v, reference: 'BANK 2026 0042' }), fields: ['reference'], says: REFERENCE_MESSAGE },
      { name: 'reference in Chinese', change: (v) => ({ ...v, reference: '银行流水20261126' }), fields: ['reference'], says: REFERENCE_MESSAGE },
      { name: 'reference with a semicolon', change: (v) => ({ ...v, reference: 'BANK;DROP' }), fields: ['reference'], says: REFERENCE_MESSAGE },
      { name: 'reference empty', change: (v) => ({ ...v, reference: '' }), fields: ['reference'], says: REFERENCE_MESSAGE },
      { name: 'reference a number', change: (v) => ({ ...v, reference: 20261126 }), fields: ['reference'], says: 'reference must be a string' },
      { name: 'an unknown field currency', change: (v) => ({ ...v, currency: 'CNY' }), fields: ['currency'], says: 'property currency should not exist' },
      { name: 'an unknown field account', change: (v) => ({ ...v, account: 'deposit_hold' }), fields: ['account'], says: 'property account should not exist' },
      { name: 'an unknown field auctionId', change: (v) => ({ ...v, auctionId: randomUUID() }), fields: ['auctionId'], says: 'property auctionId should not exist' },
      { name: 'an empty body', change: () => ({}), fields: ['organisationId', 'amount', 'reference'] },
    ];

    it.each(cases)('refuses $name and credits nothing', async ({ change, fields, says }) => {
      const before = await footprint();
      expectInvalid(await call('post', '/admin/payments/top-ups', operator).send(change(valid()) as object), { fields, says });
      expect(await footprint()).toEqual(before);
      expect(await wallet(target)).toEqual({ organisationId: target.organisationId, available: '0.00', held: '0.00', entries: [] });
    });

    // Regression (found by this suite, fixed): a top-up of zero is accepted. POST /admin/payments/top-ups
    // { organisationId, amount: "0.00", reference: "BANK-..." } answers 201 and writes a ledger transaction with no
    // entries (Ledger.post skips zero movements but records the transaction), which uses up the payment's
    // reference: the real payment with that reference is then refused as 409 PAYMENT.ALREADY_CONFIRMED.
    it('refuses a top-up of zero (400 naming amount), leaving the reference free for the real payment', async () => {
      const payee = await identity.verifiedMember(operator, 'enterprise');
      const before = await footprint();
      const body = { ...valid(), organisationId: payee.organisationId, amount: '0.00' };
      const zero = await call('post', '/admin/payments/top-ups', operator).send(body);
      expect({ status: zero.status, fields: zero.body.error?.fields?.map((f: { field: string }) => f.field) }).toEqual({ status: 400, fields: ['amount'] });
      expect(await footprint()).toEqual(before);
      await call('post', '/admin/payments/top-ups', operator).send({ ...body, amount: '1000.00' }).expect(201);
      expect(await wallet(payee)).toMatchObject({ available: '1000.00', held: '0.00' });
    });

    // Regression (found by this suite, fixed): a top-up for an organisation that does not exist is accepted. POST /admin/payments/top-ups
    // { organisationId: <random v4 UUID>, amount: "1000.00", reference: "BANK-..." } answers 201 with a wallet of
    // 1000.00 for that id: money is moved from the external account into a wallet nobody owns. Elsewhere
    // (admin/experts, dossier grants) an unknown organisationId is 400 ORGANISATION.NOT_FOUND naming organisationId.
    it('refuses a top-up for an organisation that does not exist: 400 ORGANISATION.NOT_FOUND naming organisationId', async () => {
      const before = await footprint();
      const response = await call('post', '/admin/payments/top-ups', operator).send({ ...valid(), organisationId: randomUUID() });
      expect({ status: response.status, code: response.body.error?.code, fields: response.body.error?.fields }).toEqual({
        status: 400,
        code: 'ORGANISATION.NOT_FOUND',
        fields: [{ field: 'organisationId', messages: ['organisationId names no organisation'] }],
      });
      expect(await footprint()).toEqual(before);
    });

    it('after all that the wallet is empty, and a valid top-up is credited', async () => {
      const credited = await call('post', '/admin/payments/top-ups', operator).send(valid()).expect(201);
      expect(credited.body).toMatchObject({ organisationId: target.organisationId, available: '1000.00', held: '0.00' });
    });
  });
});
