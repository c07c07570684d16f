import type { TokenPair } from './types';

/** One input field's problems, as the API names them (`title`, `patents[0].number`, `declassification.decisionDate`). */
export interface FieldProblem {
  field: string;
  messages: string[];
}

/** An error answer of the API, `{ error: { code, message, fields? }, correlationId }`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly correlationId: string | null = null,
    /** Structured extras some errors carry (e.g. `conflicts` of a refused panel). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Messages for one field and the fields nested under it (`declassification` also gets `declassification.authority`). */
  messagesFor(field: string): string[] {
    return this.fields
      .filter((f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`))
      .flatMap((f) => f.messages);
  }

  /** Problems not claimed by any of the given fields (shown at the top of a form). */
  unclaimed(fields: string[]): FieldProblem[] {
    return this.fields.filter((f) => !fields.some((name) => f.field === name || f.field.startsWith(`${name}.`) || f.field.startsWith(`${name}[`)));
  }
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Where the user's own tokens live (the only secret the browser holds). */
export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

export type QueryValue = string | number | boolean | string[] | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the access token (default: whenever there is one). */
  auth?: boolean;
}

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The console's only way to the API: adds the access token, and on a 401 refreshes the pair once (one refresh
 * for any number of requests that failed together, since a refresh token works once) and retries. When the
 * refresh fails too, the session is over: the tokens are dropped and `onSessionEnded` is told.
 */
export class ApiClient {
  private refreshing: Promise<boolean> | null = null;
  onSessionEnded: () => void = () => undefined;

  constructor(
    private readonly tokens: TokenStore,
    private readonly base = '/api/v1',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  get<T>(path: string, options: Omit<RequestOptions, 'body'> = {}) {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) {
    return this.request<T>('POST', path, { ...options, body: body ?? {} });
  }
  put<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}) {
    return this.request<T>('PUT', path, { ...options, body });
  }
  patch<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}) {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T>(path: string, options: Omit<RequestOptions, 'body'> = {}) {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const useAuth = options.auth !== false;
    const sent = useAuth ? this.tokens.get() : null;
    const response = await this.send(method, path, options, sent?.accessToken ?? null);
    if (response.status === 401 && sent) {
      if (await this.refresh(sent)) {
        return this.parse<T>(await this.send(method, path, options, this.tokens.get()?.accessToken ?? null));
      }
      // The session is gone. A public page still answers without a token.
      return this.parse<T>(await this.send(method, path, options, null));
    }
    return this.parse<T>(response);
  }

  /** Exchanges the refresh token for a new pair; concurrent callers share one exchange. */
  refresh(sent: Tokens | null = this.tokens.get()): Promise<boolean> {
    const current = this.tokens.get();
    // Another request already refreshed after this one was sent: use the new pair.
    if (current && sent && current.accessToken !== sent.accessToken) return Promise.resolve(true);
    if (!current) return Promise.resolve(false);
    this.refreshing ??= (async () => {
      try {
        const response = await this.send('POST', '/auth/refresh', { body: { refreshToken: current.refreshToken } }, null);
        if (!response.ok) throw new Error(String(response.status));
        const pair = (await response.json()) as TokenPair;
        this.tokens.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
        return true;
      } catch {
        this.tokens.set(null);
        this.onSessionEnded();
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private async send(method: string, path: string, options: RequestOptions, accessToken: string | null): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    try {
      return await this.fetchImpl(`${this.base}${path}${queryString(options.query)}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      throw new ApiError(0, 'NETWORK', (error as Error)?.message || 'network error');
    }
  }

  private async parse<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (response.ok) return (body ?? text) as T;
    const error = (body as { error?: { code?: string; message?: string; fields?: FieldProblem[]; details?: Record<string, unknown> }; correlationId?: string } | undefined) ?? {};
    throw new ApiError(
      response.status,
      error.error?.code ?? `HTTP.${response.status}`,
      error.error?.message ?? (response.statusText || `HTTP ${response.status}`),
      Array.isArray(error.error?.fields) ? error.error!.fields! : [],
      error.correlationId ?? response.headers.get('x-request-id'),
      error.error?.details && typeof error.error.details === 'object' ? error.error.details : {},
    );
  }
}

/** Tokens kept in localStorage, so a reload keeps the user signed in (in this browser only). */
export function localTokenStore(key = 'dualuse.tokens'): TokenStore {
  return {
    get() {
      try {
        const raw = localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as Tokens) : null;
      } catch {
        return null;
      }
    },
    set(tokens) {
      if (tokens) localStorage.setItem(key, JSON.stringify(tokens));
      else localStorage.removeItem(key);
    },
  };
}

export function memoryTokenStore(initial: Tokens | null = null): TokenStore {
  let tokens = initial;
  return { get: () => tokens, set: (t) => (tokens = t) };
}

/** A fresh key per bid, so a retried request is applied once (`Idempotency-Key`). */
export function idempotencyKey(): string {
  return `web-${crypto.randomUUID()}`;
}
