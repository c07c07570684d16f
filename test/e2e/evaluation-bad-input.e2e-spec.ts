import { randomUUID } from 'node:crypto';
import { BAD_IDS, BadBody, badPaging, BadQuery, Body, correlatedCalls, expectInvalid, long, Method, UUID_V1, without } from '../support/bad-input';
import { withTestDatabase } from '../support/database';
import { EvaluationApi, inHours, reviewBody } from '../support/evaluation';
import { Session } from '../support/identity';
import { Scenario, startScenario } from '../support/scenario';

/**
 * Bad input to every evaluation endpoint is refused with
 * `400 { error: { code: 'REQUEST.INVALID', message, fields: [{ field, messages }] }, correlationId }`,
 * names the offending field (nested ones by path, e.g. `scores.maturity.score`), never yields a 5xx,
 * and changes nothing: no evaluation, assignment, review or audit entry is written.
 */

const yuan = (field: string) => `${field} must be an amount in yuan with at most 2 decimals`;
const timestamp = (field: string) => `${field} must be a date or date-time such as 2026-11-26 or 2026-11-26T08:00:00Z`;
const percent = (field: string) => `${field} must be a percentage from 0 to 100 with at most 2 decimals`;

/** Everything the evaluation service stores, counted: a refused request must change none of it. */
const footprint = () =>
  withTestDatabase(async (db) => {
    const row = (
      await db.query(`
        SELECT (SELECT count(*) FROM evaluation.evaluations)::int AS evaluations,
               (SELECT coalesce(sum(version), 0) FROM evaluation.evaluations)::int AS versions,
               (SELECT count(*) FROM evaluation.assignments)::int AS assignments,
               (SELECT count(*) FROM evaluation.assignments WHERE status <> 'assigned')::int AS "closedAssignments",
               (SELECT count(*) FROM evaluation.reviews)::int AS reviews,
               (SELECT count(*) FROM audit.entries WHERE entity_type = 'evaluation')::int AS audited`)
    ).rows[0];
    return row as Record<string, number>;
  });

const BAD_AMOUNTS: [string, unknown][] = [
  ['over-precise', '12.345'],
  ['negative', '-1'],
  ['a number', 1000],
  ['with separators', '1,000,000.00'],
  ['in exponent notation', '1e6'],
  ['empty', ''],
  ['in full-width digits', '１０００'],
  ['null', null],
];

const BAD_TIMESTAMPS: [string, unknown][] = [
  ['a word', 'next week'],
  ['a date that does not exist', '2026-02-30T09:00:00Z'],
  ['milliseconds since 1970', 1_796_083_200_000],
  ['a week date', '2026-W50'],
  ['year 3000', '3000-01-01T00:00:00Z'],
  ['null', null],
];

describe('evaluation endpoints refuse bad input with 400 REQUEST.INVALID and change nothing', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let evaluations: EvaluationApi;
  let owner: Session;
  let experts: Session[];
  let listingId: string;
  /** Requested, no panel yet. */
  let requestedId: string;
  /** In review, with `experts` on the panel and none of them submitted. */
  let inReviewId: string;
  let assignmentId: string;

  const call = correlatedCalls(() => system);

  beforeAll(async () => {
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'auction', 'evaluation', 'matching']));
    evaluations = new EvaluationApi(system);
    owner = await identity.verifiedMember(operator, 'institute');
    experts = await evaluations.experts(operator, 3);
    listingId = (await listings.published(owner, operator)).id;
    requestedId = (await evaluations.requested(owner, (await listings.published(owner, operator)).id)).id;
    inReviewId = (await evaluations.requested(owner, (await listings.published(owner, operator)).id)).id;
    await evaluations.assigned(operator, inReviewId, experts);
    assignmentId = (await evaluations.assignmentOf(experts[0], inReviewId)).id;
  });
  afterAll(() => system?.stop());

  /** Sends `body`, expects the refusal, and checks nothing changed. */
  async function refuses(method: Method, path: string, session: Session | undefined, body: unknown, refusal: { fields: string[]; says?: string }) {
    const before = await footprint();
    const test = call(method, path, session);
    expectInvalid(await (body === undefined ? test : test.send(body as object)), refusal);
    expect(await footprint()).toEqual(before);
  }

  describe('POST evaluations', () => {
    const valid = () => ({ listingId, note: '请重点评估测力天平精度。' });
    const cases: BadBody[] = [
      { name: 'listingId missing', change: (v) => without(v, 'listingId'), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId not a UUID', change: (v) => ({ ...v, listingId: 'listing-1' }), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId a UUID v1', change: (v) => ({ ...v, listingId: UUID_V1 }), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'listingId a number', change: (v) => ({ ...v, listingId: 42 }), fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'note blank', change: (v) => ({ ...v, note: '   ' }), fields: ['note'], says: 'note should not be empty' },
      { name: 'note too long', change: (v) => ({ ...v, note: long(2001) }), fields: ['note'], says: 'note must be shorter than or equal to 2000 characters' },
      { name: 'note a number', change: (v) => ({ ...v, note: 7 }), fields: ['note'], says: 'note must be a string' },
      { name: 'note with a NUL character', change: (v) => ({ ...v, note: 'a\u0000b' }), fields: ['note'], says: 'note must not contain NUL characters' },
      { name: 'an unknown field status', change: (v) => ({ ...v, status: 'published' }), fields: ['status'], says: 'property status should not exist' },
      { name: 'an empty body', change: () => ({}), fields: ['listingId'] },
    ];
    it.each(cases)('refuses $name and creates no evaluation', async ({ change, fields, says }) => {
      await refuses('post', '/evaluations', owner, change(valid()), { fields, says });
    });

    it('after all that the listing has no evaluation, and the valid body is accepted', async () => {
      expect(await withTestDatabase(async (db) => (await db.query(`SELECT count(*)::int AS n FROM evaluation.evaluations WHERE listing_id = $1`, [listingId])).rows[0].n)).toBe(0);
      await call('post', '/evaluations', owner).send(valid()).expect(201);
    });
  });

  describe('POST admin/evaluations/:id/panel', () => {
    const valid = () => ({ expertIds: experts.map((e) => e.userId), deadline: inHours(72) });
    const cases: BadBody[] = [
      { name: 'expertIds missing', change: (v) => without(v, 'expertIds'), fields: ['expertIds'], says: 'expertIds must be a list' },
      { name: 'expertIds a string', change: (v) => ({ ...v, expertIds: experts[0].userId }), fields: ['expertIds'], says: 'expertIds must be a list' },
      { name: 'two experts', change: (v) => ({ ...v, expertIds: (v.expertIds as string[]).slice(0, 2) }), fields: ['expertIds'], says: 'expertIds must name at least 3 experts' },
      { name: 'ten experts', change: (v) => ({ ...v, expertIds: Array.from({ length: 10 }, () => randomUUID()) }), fields: ['expertIds'], says: 'expertIds must name at most 9 experts' },
      {
        name: 'an expert twice',
        change: (v) => ({ ...v, expertIds: [experts[0].userId, experts[0].userId, experts[1].userId] }),
        fields: ['expertIds'],
        says: 'expertIds must not name an expert twice',
      },
      { name: 'an id that is not a UUID', change: (v) => ({ ...v, expertIds: [experts[0].userId, experts[1].userId, 'expert-3'] }), fields: ['expertIds'], says: 'each of expertIds must be a UUID' },
      { name: 'null among the ids', change: (v) => ({ ...v, expertIds: [experts[0].userId, experts[1].userId, null] }), fields: ['expertIds'], says: 'each of expertIds must be a UUID' },
      { name: 'deadline missing', change: (v) => without(v, 'deadline'), fields: ['deadline'], says: timestamp('deadline') },
      ...BAD_TIMESTAMPS.map(([name, value]) => ({ name: `deadline ${name}`, change: (v: Body) => ({ ...v, deadline: value }), fields: ['deadline'], says: timestamp('deadline') })),
      { name: 'deadline in the past', change: (v) => ({ ...v, deadline: inHours(-1) }), fields: ['deadline'], says: 'deadline must be in the future' },
      { name: 'deadline over 180 days ahead', change: (v) => ({ ...v, deadline: inHours(181 * 24) }), fields: ['deadline'], says: 'deadline must be at most 180 days ahead' },
      { name: 'an unknown field round', change: (v) => ({ ...v, round: 2 }), fields: ['round'], says: 'property round should not exist' },
      { name: 'an empty body', change: () => ({}), fields: ['expertIds', 'deadline'] },
    ];
    it.each(cases)('refuses $name and assigns no one', async ({ change, fields, says }) => {
      await refuses('post', `/admin/evaluations/${requestedId}/panel`, operator, change(valid()), { fields, says });
    });
  });

  describe('POST admin/evaluations/:id/assignments/:assignmentId/replace', () => {
    const valid = () => ({ expertId: randomUUID(), deadline: inHours(48), reason: '逾期' });
    const cases: BadBody[] = [
      { name: 'expertId missing', change: (v) => without(v, 'expertId'), fields: ['expertId'], says: 'expertId must be a UUID' },
      { name: 'expertId not a UUID', change: (v) => ({ ...v, expertId: 'someone' }), fields: ['expertId'], says: 'expertId must be a UUID' },
      { name: 'deadline missing', change: (v) => without(v, 'deadline'), fields: ['deadline'], says: timestamp('deadline') },
      { name: 'deadline a word', change: (v) => ({ ...v, deadline: 'soon' }), fields: ['deadline'], says: timestamp('deadline') },
      { name: 'reason blank', change: (v) => ({ ...v, reason: ' ' }), fields: ['reason'], says: 'reason should not be empty' },
      { name: 'reason too long', change: (v) => ({ ...v, reason: long(1001) }), fields: ['reason'], says: 'reason must be shorter than or equal to 1000 characters' },
    ];
    it.each(cases)('refuses $name and replaces no one', async ({ change, fields, says }) => {
      await refuses('post', `/admin/evaluations/${inReviewId}/assignments/${assignmentId}/replace`, operator, change(valid()), { fields, says });
    });
    it.each(BAD_IDS)('refuses an assignmentId that is %s', async (_, id) => {
      await refuses('post', `/admin/evaluations/${inReviewId}/assignments/${id}/replace`, operator, valid(), { fields: ['assignmentId'], says: 'assignmentId must be a UUID' });
    });
  });

  describe('decisions (cancel, confirm, send back)', () => {
    const routes: [string, () => string, () => Session][] = [
      ['POST evaluations/:id/cancel', () => `/evaluations/${requestedId}/cancel`, () => owner],
      ['POST admin/evaluations/:id/confirm', () => `/admin/evaluations/${inReviewId}/confirm`, () => operator],
      ['POST admin/evaluations/:id/send-back', () => `/admin/evaluations/${inReviewId}/send-back`, () => operator],
    ];
    const cases: [string, unknown, string][] = [
      ['a number', 12, 'reason must be a string'],
      ['too long', long(1001), 'reason must be shorter than or equal to 1000 characters'],
      ['a list', ['x'], 'reason must be a string'],
    ];
    it.each(routes.flatMap(([route, path, as]) => cases.map(([name, reason, says]) => ({ route, path, as, name, reason, says }))))(
      '$route refuses a reason that is $name',
      async ({ path, as, reason, says }) => {
        await refuses('post', path(), as(), { reason }, { fields: ['reason'], says });
      },
    );
    it('refuses to cancel without a reason, naming the field', async () => {
      const before = await footprint();
      const refused = await call('post', `/evaluations/${requestedId}/cancel`, owner).send({});
      expect({ status: refused.status, error: refused.body.error }).toEqual({
        status: 400,
        error: { code: 'EVALUATION.REASON_REQUIRED', message: 'A reason is required to cancel', fields: [{ field: 'reason', messages: ['reason is required to cancel'] }] },
      });
      expect(await footprint()).toEqual(before);
    });
  });

  describe('POST assignments/:id/review', () => {
    const valid = () => reviewBody(80) as unknown as Body;
    const score = (criterion: string, value: unknown) => (v: Body) => {
      const scores = v.scores as Record<string, Body>;
      return { ...v, scores: { ...scores, [criterion]: { ...scores[criterion], score: value } } };
    };
    const comment = (criterion: string, value: unknown) => (v: Body) => {
      const scores = v.scores as Record<string, Body>;
      return { ...v, scores: { ...scores, [criterion]: { ...scores[criterion], comment: value } } };
    };
    const valuation = (change: Body) => (v: Body) => ({ ...v, valuation: { ...(v.valuation as Body), ...change } });
    const income = (change: Body) =>
      valuation({ method: 'income', income: { revenueForecast: ['1000000.00'], royaltyRate: '5', discountRate: '10', years: 3, ...change } });

    const structure: BadBody[] = [
      { name: 'scores missing', change: (v) => without(v, 'scores'), fields: ['scores'], says: 'scores must be an object' },
      { name: 'scores a string', change: (v) => ({ ...v, scores: 'all 80' }), fields: ['scores'], says: 'scores must be an object' },
      { name: 'valuation missing', change: (v) => without(v, 'valuation'), fields: ['valuation'], says: 'valuation must be an object' },
      {
        name: 'a criterion missing (ipStrength)',
        change: (v) => ({ ...v, scores: without(v.scores as Body, 'ipStrength') }),
        fields: ['scores.ipStrength'],
        says: 'ipStrength must be an object',
      },
      {
        name: 'an unknown criterion',
        change: (v) => ({ ...v, scores: { ...(v.scores as Body), price: { score: 50, comment: 'x' } } }),
        fields: ['scores.price'],
        says: 'property price should not exist',
      },
      { name: 'a criterion given as a bare number', change: (v) => ({ ...v, scores: { ...(v.scores as Body), maturity: 80 } }), fields: ['scores.maturity'], says: 'maturity must be an object' },
      { name: 'an empty body', change: () => ({}), fields: ['scores', 'valuation'] },
    ];
    const scores: BadBody[] = [
      ['101', 101, 'score must not be greater than 100'],
      ['-1', -1, 'score must not be less than 0'],
      ['fractional', 50.5, 'score must be an integer number'],
      ['a string', '80', 'score must be an integer number'],
      ['null', null, 'score must be an integer number'],
    ].map(([name, value, says]) => ({ name: `scores.maturity.score ${name}`, change: score('maturity', value), fields: ['scores.maturity.score'], says: says as string }));
    const comments: BadBody[] = [
      { name: 'a comment missing', change: (v) => ({ ...v, scores: { ...(v.scores as Body), dualUseValue: { score: 70 } } }), fields: ['scores.dualUseValue.comment'], says: 'comment must be a string' },
      { name: 'a blank comment', change: comment('dualUseValue', '  '), fields: ['scores.dualUseValue.comment'], says: 'comment should not be empty' },
      { name: 'a comment too long', change: comment('dualUseValue', long(2001)), fields: ['scores.dualUseValue.comment'], says: 'comment must be shorter than or equal to 2000 characters' },
      { name: 'a comment that is a number', change: comment('dualUseValue', 5), fields: ['scores.dualUseValue.comment'], says: 'comment must be a string' },
    ];
    const amounts: BadBody[] = ['low', 'high'].flatMap((field) =>
      BAD_AMOUNTS.map(([name, value]) => ({ name: `valuation.${field} ${name}`, change: valuation({ [field]: value }), fields: [`valuation.${field}`], says: yuan(field) })),
    );
    const valuations: BadBody[] = [
      { name: 'valuation.low zero', change: valuation({ low: '0.00' }), fields: ['valuation.low'], says: 'valuation.low must be more than 0.00' },
      { name: 'valuation.high below low', change: valuation({ low: '2000000.00', high: '1999999.99' }), fields: ['valuation.high'], says: 'valuation.high must be at least valuation.low' },
      { name: 'valuation.method unknown', change: valuation({ method: 'gut_feeling' }), fields: ['valuation.method'], says: 'method must be one of the following values: cost, market, income' },
      { name: 'valuation.method missing', change: (v) => ({ ...v, valuation: without(v.valuation as Body, 'method') }), fields: ['valuation.method'], says: 'method must be one of the following values' },
      { name: 'valuation.basis blank', change: valuation({ basis: ' ' }), fields: ['valuation.basis'], says: 'basis should not be empty' },
      { name: 'valuation.basis too long', change: valuation({ basis: long(2001) }), fields: ['valuation.basis'], says: 'basis must be shorter than or equal to 2000 characters' },
      { name: 'comparableTradeIds not UUIDs', change: valuation({ method: 'market', comparableTradeIds: ['trade-1'] }), fields: ['valuation.comparableTradeIds'], says: 'each of comparableTradeIds must be a UUID' },
      { name: 'comparableTradeIds with the cost method', change: valuation({ comparableTradeIds: [randomUUID()] }), fields: ['valuation.comparableTradeIds'], says: 'go only with the market method' },
      {
        name: 'calculator inputs with the cost method',
        change: valuation({ income: { revenueForecast: ['1000000.00'], royaltyRate: '5', discountRate: '10', years: 3 } }),
        fields: ['valuation.income'],
        says: 'valuation.income goes only with the income method',
      },
      { name: 'income a string', change: valuation({ method: 'income', income: 'dcf' }), fields: ['valuation.income'], says: 'income must be an object' },
      { name: 'income.royaltyRate over 100', change: income({ royaltyRate: '100.5' }), fields: ['valuation.income.royaltyRate'], says: percent('royaltyRate') },
      { name: 'income.royaltyRate a number', change: income({ royaltyRate: 5 }), fields: ['valuation.income.royaltyRate'], says: percent('royaltyRate') },
      { name: 'income.royaltyRate zero', change: income({ royaltyRate: '0' }), fields: ['valuation.income.royaltyRate'], says: 'royaltyRate must be more than 0' },
      { name: 'income.discountRate negative', change: income({ discountRate: '-2' }), fields: ['valuation.income.discountRate'], says: percent('discountRate') },
      { name: 'income.years 0', change: income({ years: 0 }), fields: ['valuation.income.years'], says: 'years must not be less than 1' },
      { name: 'income.years 21', change: income({ years: 21 }), fields: ['valuation.income.years'], says: 'years must not be greater than 20' },
      { name: 'income.revenueForecast empty', change: income({ revenueForecast: [] }), fields: ['valuation.income.revenueForecast'], says: 'revenueForecast must give at least one year' },
      { name: 'income.revenueForecast a bad amount', change: income({ revenueForecast: ['1000000.00', '1e6'] }), fields: ['valuation.income.revenueForecast'], says: 'each of revenueForecast must be an amount in yuan' },
      {
        name: 'income.revenueForecast longer than years',
        change: income({ revenueForecast: ['1.00', '2.00', '3.00', '4.00'], years: 3 }),
        fields: ['valuation.income.revenueForecast'],
        says: 'revenueForecast gives 4 years but years is 3',
      },
      { name: 'an unknown valuation field', change: valuation({ currency: 'USD' }), fields: ['valuation.currency'], says: 'property currency should not exist' },
    ];
    it.each([...structure, ...scores, ...comments, ...amounts, ...valuations])('refuses $name and stores no review', async ({ change, fields, says }) => {
      await refuses('post', `/assignments/${assignmentId}/review`, experts[0], change(valid()), { fields, says });
    });

    it('after all that the assignment is open, and the valid body is accepted once', async () => {
      const before = await footprint();
      await call('post', `/assignments/${assignmentId}/review`, experts[0]).send(valid()).expect(201);
      expect(await footprint()).toMatchObject({ reviews: before.reviews + 1 });
    });
  });

  describe('POST evaluations/income-calculator', () => {
    const valid = () => ({ revenueForecast: ['1000000.00'], royaltyRate: '5', discountRate: '10', years: 3 });
    const cases: BadBody[] = [
      { name: 'royaltyRate with three decimals', change: (v) => ({ ...v, royaltyRate: '5.125' }), fields: ['royaltyRate'], says: percent('royaltyRate') },
      { name: 'discountRate "10%"', change: (v) => ({ ...v, discountRate: '10%' }), fields: ['discountRate'], says: percent('discountRate') },
      { name: 'years a string', change: (v) => ({ ...v, years: '3' }), fields: ['years'], says: 'years must be an integer number' },
      { name: 'revenueForecast of 21 years', change: (v) => ({ ...v, revenueForecast: Array(21).fill('1.00'), years: 20 }), fields: ['revenueForecast'], says: 'revenueForecast must give at most 20 years' },
      { name: 'a forecast longer than years', change: (v) => ({ ...v, revenueForecast: ['1.00', '2.00'], years: 1 }), fields: ['revenueForecast'], says: 'revenueForecast gives 2 years but years is 1' },
      { name: 'an empty body', change: () => ({}), fields: ['revenueForecast', 'royaltyRate', 'discountRate', 'years'] },
    ];
    it.each(cases)('refuses $name', async ({ change, fields, says }) => {
      await refuses('post', '/evaluations/income-calculator', experts[1], change(valid()), { fields, says });
    });
  });

  describe('query strings', () => {
    const evaluationsQueries: BadQuery[] = [
      ...badPaging(101),
      { name: 'status unknown', query: 'status=done', fields: ['status'], says: 'status must be one of the following values' },
      { name: 'listingId not a UUID', query: 'listingId=abc', fields: ['listingId'], says: 'listingId must be a UUID' },
      { name: 'an unknown parameter', query: 'expertId=x', fields: ['expertId'], says: 'property expertId should not exist' },
    ];
    it.each(evaluationsQueries)('GET evaluations refuses $name', async ({ query, fields, says }) => {
      await refuses('get', `/evaluations?${query}`, operator, undefined, { fields, says });
    });

    const assignmentQueries: BadQuery[] = [...badPaging(500), { name: 'status unknown', query: 'status=late', fields: ['status'], says: 'status must be one of the following values' }];
    it.each(assignmentQueries)('GET assignments refuses $name', async ({ query, fields, says }) => {
      await refuses('get', `/assignments?${query}`, experts[1], undefined, { fields, says });
    });

    const comparablesQueries: BadQuery[] = [
      { name: 'trlBand 4', query: 'trlBand=4', fields: ['trlBand'], says: 'trlBand must not be greater than 3' },
      { name: 'trlBand -1', query: 'trlBand=-1', fields: ['trlBand'], says: 'trlBand must not be less than 0' },
      { name: 'trlBand abc', query: 'trlBand=abc', fields: ['trlBand'], says: 'trlBand must be an integer number' },
      { name: 'limit 0', query: 'limit=0', fields: ['limit'], says: 'limit must not be less than 1' },
      { name: 'limit 51', query: 'limit=51', fields: ['limit'], says: 'limit must not be greater than 50' },
    ];
    it.each(comparablesQueries)('GET assignments/:id/comparables refuses $name', async ({ query, fields, says }) => {
      const own = (await evaluations.assignmentOf(experts[1], inReviewId)).id;
      await refuses('get', `/assignments/${own}/comparables?${query}`, experts[1], undefined, { fields, says });
    });
  });

  describe('malformed UUID path parameters', () => {
    const routes: { route: string; method: Method; path: (id: string) => string; body?: () => Body; as: () => Session }[] = [
      { route: 'GET evaluations/:id', method: 'get', path: (id) => `/evaluations/${id}`, as: () => owner },
      { route: 'POST evaluations/:id/cancel', method: 'post', path: (id) => `/evaluations/${id}/cancel`, body: () => ({ reason: 'x' }), as: () => owner },
      { route: 'POST admin/evaluations/:id/panel', method: 'post', path: (id) => `/admin/evaluations/${id}/panel`, body: () => ({ expertIds: experts.map((e) => e.userId), deadline: inHours(24) }), as: () => operator },
      { route: 'POST admin/evaluations/:id/confirm', method: 'post', path: (id) => `/admin/evaluations/${id}/confirm`, body: () => ({}), as: () => operator },
      { route: 'POST admin/evaluations/:id/send-back', method: 'post', path: (id) => `/admin/evaluations/${id}/send-back`, body: () => ({ reason: 'x' }), as: () => operator },
      { route: 'GET assignments/:id', method: 'get', path: (id) => `/assignments/${id}`, as: () => experts[2] },
      { route: 'POST assignments/:id/review', method: 'post', path: (id) => `/assignments/${id}/review`, body: () => reviewBody() as unknown as Body, as: () => experts[2] },
      { route: 'GET assignments/:id/comparables', method: 'get', path: (id) => `/assignments/${id}/comparables`, as: () => experts[2] },
    ];
    it.each(routes.flatMap((route) => BAD_IDS.map(([name, id]) => ({ ...route, name, id }))))('$route refuses an id that is $name', async ({ method, path, body, as, id }) => {
      await refuses(method, path(id), as(), body?.(), { fields: ['id'], says: 'id must be a UUID' });
    });
  });
});
