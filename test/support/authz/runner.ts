import { isDeepStrictEqual } from 'node:util';
import http, { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Answer, CALLERS, Caller, describeAnswer, HEADINGS, matches, phaseOf } from './callers';
import { API, Call, Row, rowName } from './row';
import { Owner, ownerOf, World } from './world';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a run of the matrix checked, for the figures in the README. */
export const tally = { rows: 0, checks: 0, operations: new Set<string>() };

/**
 * Runs one row: every caller's request, refusals first (on the row's shared fixture, which they must
 * leave as it was), then the calls let through, the successful ones last. Returns the problems found,
 * one line each: a caller whose answer is not of the expected class, a refused call that changed the
 * object, a successful answer that shows what it must not.
 */
export async function runRow(w: World, r: Row): Promise<string[]> {
  const problems: string[] = [];
  const method = r.operation.split(' ')[0].toLowerCase() as Method;
  const fixtures = new Map<Owner, Promise<unknown>>();
  const before = new Map<Owner, unknown>();
  const succeeded = new Set<Owner>();

  const fixtureFor = (owner: Owner) => {
    if (!r.fixture) return Promise.resolve(undefined);
    if (!fixtures.has(owner)) {
      fixtures.set(
        owner,
        r.fixture(w, owner).then(async (fixture) => {
          if (r.observe) before.set(owner, await r.observe(w, fixture, owner));
          return fixture;
        }),
      );
    }
    return fixtures.get(owner)!;
  };
  const refusalsChangedNothing = async () => {
    if (!r.observe) return;
    for (const [owner, fixture] of fixtures) {
      const after = await r.observe(w, await fixture, owner);
      if (!isDeepStrictEqual(before.get(owner), after)) {
        problems.push(`refused calls changed ${owner}'s object: ${JSON.stringify(before.get(owner))} → ${JSON.stringify(after)}`);
      }
    }
  };

  const order = [...CALLERS].sort((a, b) => phaseOf(r.expected[a]) - phaseOf(r.expected[b]));
  let refusalsChecked = false;
  for (const who of order) {
    const expected = r.expected[who];
    if (phaseOf(expected) > 0 && !refusalsChecked) {
      refusalsChecked = true;
      await refusalsChangedNothing();
    }
    const owner = ownerOf(who);
    let fixture = await fixtureFor(owner);
    if (expected === 'ok' && r.consumes && r.fixture) {
      if (succeeded.has(owner)) fixture = await r.fixture(w, owner);
      succeeded.add(owner);
    }
    const call = await r.request(w, who, fixture);
    const answer = await send(w, who, method, call);
    tally.checks++;
    if (!matches(expected, answer)) {
      const detail = answer.code ? '' : ` ${JSON.stringify(answer.body ?? null).slice(0, 200)}`;
      problems.push(`${HEADINGS[who]}: expected ${expected}, got ${describeAnswer(answer)}${detail}`);
    } else if (answer.status < 300 && r.check) {
      const problem = r.check(who, answer.body, fixture, w);
      if (problem) problems.push(`${HEADINGS[who]}: ${problem}`);
    }
  }
  if (!refusalsChecked) await refusalsChangedNothing();
  tally.rows++;
  tally.operations.add(r.operation);
  return problems;
}

async function send(w: World, who: Caller, method: Method, call: Call): Promise<Answer> {
  const headers: Record<string, string> = { ...(who === 'anonymous' ? {} : w.sessions[who].auth), ...call.headers };
  const query = call.query ? `?${new URLSearchParams(Object.entries(call.query).map(([k, v]): [string, string] => [k, String(v)]))}` : '';
  if (call.stream) return streamStatus(w.http, `${API}${call.path}${query}`, headers);
  let test = request(w.http)[method](`${API}${call.path}${query}`).set(headers);
  if (method !== 'get' && method !== 'delete') test = test.send((call.body ?? {}) as object);
  const response = await test;
  return { status: response.status, code: response.body?.error?.code, body: response.body };
}

/** The status of a server-sent event stream's response; the stream is closed at once. */
async function streamStatus(server: Server, path: string, headers: Record<string, string>): Promise<Answer> {
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<Answer>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
        if (res.statusCode === 200) {
          resolve({ status: 200, body: res.headers['content-type'] });
          req.destroy();
          return;
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let body: { error?: { code?: string } } | undefined;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, code: body?.error?.code, body });
        });
      });
      req.on('error', reject);
      req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${path} in 10 s`)));
    });
  } finally {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }
}

export { rowName };
