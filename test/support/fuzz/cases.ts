import { createHmac } from 'node:crypto';
import { BAD_PATH_SEGMENTS, HOSTILE_STRINGS, HOSTILE_VALUES, MALFORMED_JSON, OTHER_CONTENT_TYPES } from './hostile-values';
import { Operation, Schema, SchemaBook } from './openapi';
import { Prng } from './prng';

/** One request of a fuzz run, fully described so it can be printed and replayed. */
export interface FuzzCase {
  /** Position in the run (with the seed, enough to find it again). */
  index: number;
  operation: Operation;
  name: string;
  method: string;
  /** Raw path and query, sent exactly as written (no normalisation of `..`). */
  url: string;
  headers: Record<string, string | undefined>;
  body?: string | Buffer;
  /** Replace the caller's token with this Authorization value (forged-token cases). */
  authorization?: string;
}

export const MAX_BODY_BYTES = 1024 * 1024;

type Path = (string | number)[];

function setAt(target: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container = (target !== null && typeof target === 'object' ? target : typeof head === 'number' ? [] : {}) as Record<string | number, unknown>;
  container[head] = setAt(container[head], rest, value);
  return container;
}

function deleteAt(target: unknown, path: Path): void {
  if (target === null || typeof target !== 'object') return;
  const [head, ...rest] = path;
  const container = target as Record<string | number, unknown>;
  if (rest.length === 0) delete container[head];
  else deleteAt(container[head], rest);
}

const WRONG_TYPES: Record<string, unknown[]> = {
  string: [12345, true, null, [], {}, ['a'], { value: 'a' }, 1.5],
  number: ['12', '1e3', true, null, [], {}, [1], 'abc'],
  boolean: ['true', 1, 0, null, [], {}, 'yes'],
  array: ['a', 1, true, {}, null, { 0: 'a', length: 1 }, [[[]]], [{}]],
  object: ['a', 1, true, [], null, [{}]],
  any: [[], {}, 1, null, true],
};

const NUMERIC_HOSTILE = HOSTILE_VALUES.filter(([, v]) => typeof v === 'number');
const STRUCTURED_HOSTILE = HOSTILE_VALUES.filter(([, v]) => typeof v !== 'number');
/** Header values Node can send (printable Latin-1 only). */
const HEADER_SAFE = HOSTILE_STRINGS.filter(([, v]) => /^[\t\x20-\x7e\x80-\xff]*$/.test(v));

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates included, as U+FFFD), unlike encodeURIComponent. */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** Tokens a forger would try: unsigned (`alg: none`), signed with a guessed secret, garbage. */
function forgedTokens(prng: Prng): [string, string][] {
  const claims = base64url(JSON.stringify({ sub: prng.uuid(), role: 'operator', org: null, admin: true, sid: prng.uuid(), iss: 'dualuse', aud: 'dualuse-api', exp: 4102444800 }));
  const none = `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${claims}.`;
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const guessed = `${header}.${claims}.${createHmac('sha256', 'secret').update(`${header}.${claims}`).digest('base64url')}`;
  return [
    ['unsigned token (alg none)', `Bearer ${none}`],
    ['token signed with a guessed secret', `Bearer ${guessed}`],
    ['garbage token', `Bearer ${'A'.repeat(5000)}`],
    ['basic auth', 'Basic YWRtaW46YWRtaW4='],
  ];
}

export interface FuzzOptions {
  /**
   * The second pass: path parameters name real objects the caller may act on (the id this function
   * gives, or a random UUID when it has none), and bodies carry hostile values without any other
   * defect, so they reach the services and PostgreSQL. Such requests may succeed and write.
   */
  realObjects?: (operation: Operation, parameter: string) => string | undefined;
}

/**
 * The cases of the second pass (see `FuzzOptions.realObjects`): the sampled body, then for each
 * property a wrong type, one character too many, hostile strings or values; hostile query values.
 */
function deepCasesFor(book: SchemaBook, operation: Operation, prng: Prng, startIndex: number, idOf: NonNullable<FuzzOptions['realObjects']>): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const path = () => operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => idOf(operation, name) ?? prng.uuid());
  const headers = (): Record<string, string | undefined> =>
    Object.fromEntries(operation.headerParams.map((p) => [p.name, p.name.toLowerCase() === 'idempotency-key' ? prng.uuid() : String(book.sample(p.schema, prng))]));
  const baseBody = () => (operation.body ? (book.sample(operation.body, prng) as Record<string, unknown>) : undefined);
  const add = (name: string, body: unknown, query: string[] = []) => {
    const text = body === undefined ? (operation.method === 'get' ? undefined : '{}') : JSON.stringify(body);
    cases.push({
      index: startIndex + cases.length,
      operation,
      name: `real objects: ${name}`,
      method: operation.method.toUpperCase(),
      url: `${path()}${query.length ? `?${query.join('&')}` : ''}`,
      headers: { ...headers(), ...(text === undefined ? {} : { 'content-type': 'application/json' }) },
      body: text,
    });
  };
  add('sampled body', baseBody());
  if (operation.body) {
    for (const { path: at, schema } of book.properties(operation.body)) {
      const label = at.join('.');
      const kind = book.kindOf(schema);
      const wrong = WRONG_TYPES[kind].filter((value) => !(value === null && schema.nullable));
      add(`${label}: wrong type`, setAt(baseBody(), at, prng.pick(wrong)));
      if (kind === 'string' || kind === 'any') {
        if (schema.maxLength !== undefined) add(`${label}: ${schema.maxLength + 1} characters`, setAt(baseBody(), at, 'x'.repeat(schema.maxLength + 1)));
        for (const [name, value] of prng.sample(HOSTILE_STRINGS, 3)) add(`${label}: ${name}`, setAt(baseBody(), at, value));
      } else if (kind === 'number') {
        for (const [name, value] of prng.sample(NUMERIC_HOSTILE, 2)) add(`${label}: ${name}`, setAt(baseBody(), at, value));
      } else {
        for (const [name, value] of prng.sample(STRUCTURED_HOSTILE, 1)) add(`${label}: ${name}`, setAt(baseBody(), at, value));
        add(`${label}: [hostile string]`, setAt(baseBody(), at, [prng.pick(HOSTILE_STRINGS)[1]]));
      }
    }
  }
  for (const parameter of operation.queryParams) {
    for (const [name, value] of prng.sample(HOSTILE_STRINGS, 2)) add(`query ${parameter.name}: ${name}`, baseBody(), [`${percentEncode(parameter.name)}=${percentEncode(value)}`]);
  }
  return cases;
}

/**
 * Generates the fuzz cases of one operation. Every case is meant to be refused or to touch nothing:
 * path parameters are fresh random UUIDs (objects that do not exist) unless the case is about the
 * path itself, and on an operation without path parameters that writes (POST/PUT/PATCH/DELETE), a
 * hostile value that might be valid travels with an unknown property, which the validation refuses
 * after checking every other field. So the run may demand that nothing was persisted.
 */
export function casesFor(book: SchemaBook, operation: Operation, prng: Prng, startIndex: number, options: FuzzOptions = {}): FuzzCase[] {
  if (options.realObjects) return deepCasesFor(book, operation, prng, startIndex, options.realObjects);
  const cases: FuzzCase[] = [];
  const writesWithoutTarget = operation.method !== 'get' && operation.pathParams.length === 0;
  const pathWith = (overrides: Record<string, string> = {}) =>
    operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => overrides[name] ?? prng.uuid());
  const baseQuery = () =>
    operation.queryParams.filter((p) => p.required).map((p) => `${percentEncode(p.name)}=${percentEncode(String(book.sample(p.schema, prng)))}`);
  const baseHeaders = (): Record<string, string> =>
    Object.fromEntries(operation.headerParams.map((p) => [p.name, p.name.toLowerCase() === 'idempotency-key' ? prng.uuid() : String(book.sample(p.schema, prng))]));
  const baseBody = () => (operation.body ? (book.sample(operation.body, prng) as Record<string, unknown>) : undefined);
  const add = (name: string, parts: { path?: string; query?: string[]; headers?: Record<string, string | undefined>; body?: string | Buffer | null; contentType?: string; authorization?: string }) => {
    const query = parts.query ?? baseQuery();
    const body = parts.body === null ? undefined : (parts.body ?? (operation.body ? bodyWith([], baseBody()) : operation.method === 'get' ? undefined : '{}'));
    const headers: Record<string, string | undefined> = { ...baseHeaders(), ...parts.headers };
    if (body !== undefined) headers['content-type'] = parts.contentType ?? 'application/json';
    cases.push({
      index: startIndex + cases.length,
      operation,
      name,
      method: operation.method.toUpperCase(),
      url: `${parts.path ?? pathWith()}${query.length ? `?${query.join('&')}` : ''}`,
      headers,
      body,
      authorization: parts.authorization,
    });
  };
  /** A body with `value` at `path`; with an unknown property too when the operation writes without a target. */
  const bodyWith = (path: Path, value: unknown, defect = writesWithoutTarget) => {
    const body = setAt(baseBody(), path, value) as Record<string, unknown>;
    if (defect) body.fuzzUnknownProperty = true;
    return JSON.stringify(body);
  };

  // The sampled body against objects that do not exist (or, without a target, with an unknown property).
  add('sampled body', { body: operation.body ? bodyWith([], baseBody(), writesWithoutTarget) : undefined });

  if (operation.body) {
    const properties = book.properties(operation.body);
    for (const [name, body] of [['truncated object', '{"a":'] as [string, string], ...prng.sample(MALFORMED_JSON, 4)]) add(`malformed JSON: ${name}`, { body });
    for (const [contentType, body] of prng.sample(OTHER_CONTENT_TYPES, 2)) add(`content type ${contentType}`, { body, contentType });
    add('body over 1 MiB', { body: JSON.stringify({ [properties[0]?.path[0] ?? 'a']: 'x'.repeat(MAX_BODY_BYTES + 1024) }) });
    add('deeply nested arrays (10 000 levels)', { body: `${'['.repeat(10_000)}${']'.repeat(10_000)}` });
    const deepTarget = String(prng.pick(properties)?.path[0] ?? 'a');
    add(`deeply nested objects in ${deepTarget} (5 000 levels)`, { body: `{"${deepTarget}":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}` });
    add('unknown property', { body: JSON.stringify({ ...baseBody(), fuzzUnknownProperty: 'x' }) });
    add('__proto__ key', { body: `{"__proto__":{"polluted":"yes","role":"operator"},${JSON.stringify(baseBody()).slice(1)}` });
    add('constructor.prototype key', { body: JSON.stringify({ ...baseBody(), constructor: { prototype: { polluted: 'yes' } } }) });
    add('many unknown properties', { body: JSON.stringify({ ...baseBody(), ...Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])) }) });

    for (const { path, schema, required } of properties) {
      const label = path.join('.');
      const kind = book.kindOf(schema);
      const wrong = WRONG_TYPES[kind].filter((value) => !(value === null && schema.nullable));
      for (const value of prng.sample(wrong, 2)) add(`${label}: wrong type ${JSON.stringify(value)}`, { body: bodyWith(path, value) });
      if (required) {
        const body = baseBody();
        deleteAt(body, path);
        add(`${label}: missing`, { body: JSON.stringify(body) });
      }
      if (kind === 'string' || kind === 'any') {
        const max = (schema as Schema).maxLength;
        add(`${label}: ${max !== undefined ? `${max + 1} characters (max ${max})` : '100 000 characters'}`, { body: bodyWith(path, 'x'.repeat(max !== undefined ? max + 1 : 100_000), false) });
        add(`${label}: 300 000 characters`, { body: bodyWith(path, '字'.repeat(300_000), false) });
        for (const [name, value] of prng.sample(HOSTILE_STRINGS, 4)) add(`${label}: ${name}`, { body: bodyWith(path, value) });
        for (const [name, value] of prng.sample(STRUCTURED_HOSTILE, 1)) add(`${label}: ${name}`, { body: bodyWith(path, value) });
      } else if (kind === 'number') {
        for (const [name, value] of prng.sample(NUMERIC_HOSTILE, 3)) add(`${label}: ${name}`, { body: bodyWith(path, value) });
        for (const [name, value] of prng.sample(HOSTILE_STRINGS.filter(([n]) => /number|amount|NaN|Infinity|hex|digits|decimals|int64/.test(n)), 1)) add(`${label}: ${name}`, { body: bodyWith(path, value) });
        add(`${label}: 1e400 in the JSON text`, { body: bodyWith(path, '__NUM__').replace('"__NUM__"', '1e400') });
      } else if (kind === 'array') {
        for (const [name, value] of prng.sample(HOSTILE_STRINGS, 2)) add(`${label}: [${name}]`, { body: bodyWith(path, [value]) });
        for (const [name, value] of prng.sample(STRUCTURED_HOSTILE, 2)) add(`${label}: ${name}`, { body: bodyWith(path, value) });
      } else {
        for (const [name, value] of prng.sample(STRUCTURED_HOSTILE, 2)) add(`${label}: ${name}`, { body: bodyWith(path, value) });
        add(`${label}: hostile string`, { body: bodyWith(path, prng.pick(HOSTILE_STRINGS)[1]) });
      }
    }
  }

  for (const parameter of operation.pathParams) {
    for (const [name, segment] of prng.sample(BAD_PATH_SEGMENTS, 7)) add(`path {${parameter.name}}: ${name}`, { path: pathWith({ [parameter.name]: segment }) });
  }
  if (operation.pathParams.length) add('path with a trailing traversal', { path: `${pathWith()}/..%2f..%2f..%2fadmin` });

  for (const parameter of operation.queryParams) {
    const others = () => baseQuery().filter((q) => !q.startsWith(`${encodeURIComponent(parameter.name)}=`));
    const p = encodeURIComponent(parameter.name);
    for (const [name, value] of prng.sample(HOSTILE_STRINGS, 4)) add(`query ${parameter.name}: ${name}`, { query: [...others(), `${p}=${percentEncode(value)}`] });
    add(`query ${parameter.name}: 20 000 characters`, { query: [...others(), `${p}=${'q'.repeat(20_000)}`] });
    add(`query ${parameter.name}: given twice`, { query: [...others(), `${p}=1`, `${p}=2`] });
    add(`query ${parameter.name}: bracket operator`, { query: [...others(), `${p}[$ne]=1`, `${p}[__proto__][polluted]=1`] });
    add(`query ${parameter.name}: empty`, { query: [...others(), `${p}=`] });
    add(`query ${parameter.name}: raw bad percent encoding`, { query: [...others(), `${p}=%E0%A4%A`] });
  }
  add('unknown query parameters', { query: [...baseQuery(), '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', `fuzz=${prng.hex(8)}`] });

  for (const parameter of operation.headerParams) {
    add(`header ${parameter.name}: missing`, { headers: { [parameter.name]: undefined } });
    add(`header ${parameter.name}: empty`, { headers: { [parameter.name]: '' } });
    add(`header ${parameter.name}: 10 000 characters`, { headers: { [parameter.name]: 'k'.repeat(10_000) } });
    for (const [name, value] of prng.sample(HEADER_SAFE, 3)) add(`header ${parameter.name}: ${name}`, { headers: { [parameter.name]: value } });
  }

  if (operation.access.kind !== 'public') {
    for (const [name, authorization] of prng.sample(forgedTokens(prng), 2)) add(`authorization: ${name}`, { authorization });
  }
  return cases;
}
