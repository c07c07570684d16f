import { randomBytes } from 'node:crypto';
import request, { Response } from 'supertest';
import { Session } from './identity';
import { TestSystem } from './system';

/**
 * What the bad-input suites (identity, listings, auctions) share: the shape of a case, a few bad
 * values, and the one check every refusal must pass. Each suite keeps its own endpoints and cases.
 */

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
export type Body = Record<string, unknown>;

/** What a refusal must name: exactly these fields, and (optionally) this text among the first field's messages. */
export interface Refusal {
  fields: string[];
  says?: string;
}

/**
 * One bad body: a name a reader would check, how it differs from a valid body, and the expected refusal.
 * `T` is the valid body's type, for suites whose cases read fields of it (e.g. `v.organisation.creditCode`).
 */
export interface BadBody<T = Body> extends Refusal {
  name: string;
  change: (valid: T) => unknown;
}

/** One bad query string and the expected refusal. */
export interface BadQuery extends Refusal {
  name: string;
  query: string;
}

/** A string of `length` copies of `character`, for just-too-long values. */
export const long = (length: number, character = 'x') => character.repeat(length);

/** A well-formed UUID of version 1: ids must be v4, so this is refused though it looks right. */
export const UUID_V1 = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/** Path ids that are not a UUID v4, each named for the test title; SQL is URL-encoded so it stays one path segment. */
export const BAD_IDS: [name: string, id: string][] = [
  ['a word', 'not-a-uuid'],
  ['a number', '12345'],
  ['a UUID v1', UUID_V1],
  ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
  ['a UUID without dashes', '3f2504e04f8941d39a0c0305e82c3301'],
  ['a UUID with a character too many', '3f2504e0-4f89-41d3-9a0c-0305e82c33010'],
  ['an SQL fragment', encodeURIComponent("' OR '1'='1")],
];

/**
 * Bad `page` and `pageSize` values that every paged list refuses (at most 10000 pages of at most 100). Suites try
 * different too-large page sizes, so that one is a parameter; it also names its case, e.g. `pageSize=101`.
 */
export function badPaging(pageSizeOverMax: number): BadQuery[] {
  return [
    { name: 'page=0', query: 'page=0', fields: ['page'], says: 'page must not be less than 1' },
    { name: 'page=-1', query: 'page=-1', fields: ['page'], says: 'page must not be less than 1' },
    { name: 'page=abc', query: 'page=abc', fields: ['page'], says: 'page must be an integer number' },
    { name: 'page=1.5', query: 'page=1.5', fields: ['page'], says: 'page must be an integer number' },
    { name: 'page=10001', query: 'page=10001', fields: ['page'], says: 'page must not be greater than 10000' },
    { name: 'page given twice', query: 'page=1&page=2', fields: ['page'], says: 'page must be an integer number' },
    { name: 'pageSize=0', query: 'pageSize=0', fields: ['pageSize'], says: 'pageSize must not be less than 1' },
    { name: `pageSize=${pageSizeOverMax}`, query: `pageSize=${pageSizeOverMax}`, fields: ['pageSize'], says: 'pageSize must not be greater than 100' },
  ];
}

/** A copy of `object` without `key`: a required field left out, rather than set to undefined or null. */
export const without = <T extends Body>(object: T, key: keyof T & string): Body => {
  const copy: Body = { ...object };
  delete copy[key];
  return copy;
};

/** Every request of these suites carries an X-Request-Id of this form; `expectInvalid` checks it comes back. */
const CORRELATION_ID = /^bad-input-[0-9a-f]{12}$/;

/**
 * Requests to the gateway of `system()` (read when called, as the system starts in `beforeAll`), each with a
 * correlation id of its own, optionally signed in as `session`.
 */
export function correlatedCalls(system: () => TestSystem) {
  return (method: Method, path: string, session?: Session) => {
    const test = request(system().http)[method](`/api/v1${path}`).set('X-Request-Id', `bad-input-${randomBytes(6).toString('hex')}`);
    return session ? test.set(session.auth) : test;
  };
}

/**
 * Asserts that `response` is `400 REQUEST.INVALID` naming exactly `fields` (each also in the message) and, if given,
 * that the first field's messages contain `says`. The body's correlationId must equal the response header and match
 * the id this request sent (the gateway keeps a sane caller id and would otherwise mint a UUID): so a refusal is
 * traceable to the request in the logs, and comes from the gateway's error filter, not some other error page.
 */
export function expectInvalid(response: Response, { fields, says }: Refusal): void {
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 400, body: { error: { code: 'REQUEST.INVALID' } } });
  expect(response.body).toEqual({
    error: { code: 'REQUEST.INVALID', message: expect.any(String), fields: expect.any(Array) },
    correlationId: response.headers['x-request-id'],
  });
  expect(response.body.correlationId).toMatch(CORRELATION_ID);
  const problems = response.body.error.fields as { field: string; messages: string[] }[];
  for (const problem of problems) {
    expect(problem).toEqual({ field: expect.any(String), messages: expect.any(Array) });
    expect(problem.messages.length).toBeGreaterThan(0);
  }
  expect(problems.map((p) => p.field).sort()).toEqual([...fields].sort());
  for (const field of fields) expect(response.body.error.message).toContain(field);
  if (says) expect(problems.find((p) => p.field === fields[0])?.messages.join(' | ')).toContain(says);
}
