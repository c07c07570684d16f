import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, memoryTokenStore, queryString } from './client';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fake API: answers by handler, records every call. */
function fakeFetch(handler: (call: Call, n: number) => { status: number; body?: unknown }) {
  const calls: Call[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    const call = { url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body ? JSON.parse(init.body as string) : undefined };
    calls.push(call);
    const { status, body } = handler(call, calls.length);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { impl, calls };
}

describe('ApiClient', () => {
  it('sends the access token and JSON, and returns the parsed answer', async () => {
    const { impl, calls } = fakeFetch(() => ({ status: 200, body: { ok: 1 } }));
    const api = new ApiClient(memoryTokenStore({ accessToken: 'A1', refreshToken: 'R1' }), '/api/v1', impl);
    expect(await api.post('/listings', { title: 'x' })).toEqual({ ok: 1 });
    expect(calls[0]).toMatchObject({ url: '/api/v1/listings', method: 'POST', body: { title: 'x' } });
    expect(calls[0].headers.authorization).toBe('Bearer A1');
  });

  it('turns an error answer into an ApiError with its code, message and field problems', async () => {
    const { impl } = fakeFetch(() => ({
      status: 400,
      body: {
        error: { code: 'VALIDATION', message: 'Invalid input', fields: [{ field: 'declassification.authority', messages: ['authority should not be empty'] }, { field: 'trl', messages: ['trl must not be greater than 9'] }] },
        correlationId: 'c-1',
      },
    }));
    const api = new ApiClient(memoryTokenStore(), '/api/v1', impl);
    const error = (await api.post('/listings', {}).catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION', message: 'Invalid input', correlationId: 'c-1' });
    expect(error.messagesFor('declassification')).toEqual(['authority should not be empty']);
    expect(error.messagesFor('trl')).toEqual(['trl must not be greater than 9']);
    expect(error.unclaimed(['trl'])).toEqual([{ field: 'declassification.authority', messages: ['authority should not be empty'] }]);
  });

  it('keeps the structured details of an error (a refused panel names each conflicted expert and the reason)', async () => {
    const conflicts = [{ expertId: 'e-1', reason: 'listing_organisation', message: 'the expert belongs to the listing’s organisation' }];
    const { impl } = fakeFetch(() => ({
      status: 422,
      body: { error: { code: 'EVALUATION.CONFLICT_OF_INTEREST', message: 'Conflict of interest', fields: [{ field: 'expertIds', messages: ['e-1: …'] }], details: { conflicts } } },
    }));
    const api = new ApiClient(memoryTokenStore(), '/api/v1', impl);
    const error = (await api.post('/admin/evaluations/x/panel', {}).catch((e) => e)) as ApiError;
    expect(error.details).toEqual({ conflicts });
    expect(error.messagesFor('expertIds')).toEqual(['e-1: …']);
  });

  it('refreshes once on a 401 and retries with the new token; concurrent failures share one refresh', async () => {
    const store = memoryTokenStore({ accessToken: 'old', refreshToken: 'R-old' });
    const { impl, calls } = fakeFetch((call) => {
      if (call.url.endsWith('/auth/refresh')) return { status: 200, body: { accessToken: 'new', refreshToken: 'R-new', tokenType: 'Bearer', expiresIn: 900 } };
      return call.headers.authorization === 'Bearer new' ? { status: 200, body: { user: 'me' } } : { status: 401, body: { error: { code: 'AUTH.UNAUTHENTICATED', message: 'expired' } } };
    });
    const api = new ApiClient(store, '/api/v1', impl);
    const answers = await Promise.all([api.get('/me'), api.get('/me'), api.get('/wallet')]);
    expect(answers).toEqual([{ user: 'me' }, { user: 'me' }, { user: 'me' }]);
    expect(calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(calls.find((c) => c.url.endsWith('/auth/refresh'))!.body).toEqual({ refreshToken: 'R-old' });
    expect(store.get()).toEqual({ accessToken: 'new', refreshToken: 'R-new' });
  });

  it('ends the session when the refresh is refused, and still answers a public request without a token', async () => {
    const store = memoryTokenStore({ accessToken: 'old', refreshToken: 'R-spent' });
    let ended = 0;
    const { impl, calls } = fakeFetch((call) => {
      if (call.url.endsWith('/auth/refresh')) return { status: 401, body: { error: { code: 'AUTH.REFRESH_REUSED', message: 'no' } } };
      return call.headers.authorization ? { status: 401, body: { error: { code: 'AUTH.UNAUTHENTICATED', message: 'expired' } } } : { status: 200, body: { hits: [] } };
    });
    const api = new ApiClient(store, '/api/v1', impl);
    api.onSessionEnded = () => ended++;
    expect(await api.get('/catalogue')).toEqual({ hits: [] });
    expect(store.get()).toBeNull();
    expect(ended).toBe(1);
    expect(calls.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('reports a network failure and a non-JSON error page as ApiErrors', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const network = await new ApiClient(memoryTokenStore(), '/api/v1', failing).get('/x').catch((e) => e);
    expect(network).toMatchObject({ status: 0, code: 'NETWORK' });
    const html = (async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })) as unknown as typeof fetch;
    const gateway = await new ApiClient(memoryTokenStore(), '/api/v1', html).get('/x').catch((e) => e);
    expect(gateway).toMatchObject({ status: 502, code: 'HTTP.502' });
  });
});

describe('queryString', () => {
  it('drops empty values and joins lists with commas, as the catalogue expects', () => {
    expect(queryString({ q: '激光', field: ['lasers_optics', 'nuclear'], mode: [], trlMin: 3, hasEvaluation: false, direction: '', page: undefined })).toBe(
      '?q=%E6%BF%80%E5%85%89&field=lasers_optics%2Cnuclear&trlMin=3&hasEvaluation=false',
    );
    expect(queryString({})).toBe('');
  });
});
