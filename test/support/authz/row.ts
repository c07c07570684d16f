import { CALLERS, Caller, Outcome } from './callers';
import { Owner, World } from './world';

/** One request of a row: the path under /api/v1 (with its ids filled in), and what to send. */
export interface Call {
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
  /** A server-sent event stream: only the status of its response is read, then it is closed. */
  stream?: boolean;
}

export interface Driver<F = any> {
  /**
   * The object the row's requests name, made for the owner (`ownerOf(caller)`): one per owner, shared
   * by every caller of the row that names that owner's object. Omitted when the request names none.
   */
  fixture?: (w: World, owner: Owner) => Promise<F>;
  /**
   * The request uses its object up (submitting a draft, accepting an offer): every caller expected to
   * succeed after the first of an owner gets a fresh fixture. Refusals always run first, on the shared
   * fixture, so the first success also proves they changed nothing.
   */
  consumes?: boolean;
  request: (w: World, who: Caller, fixture: F) => Call | Promise<Call>;
  /** The object's state as its owner sees it: read before and after the refusals, which must not change it. */
  observe?: (w: World, fixture: F, owner: Owner) => Promise<unknown>;
  /** A field-level rule for a successful answer: a problem to report, or nothing. */
  check?: (who: Caller, body: any, fixture: F, w: World) => string | undefined;
}

export interface Row<F = any> extends Driver<F> {
  /** `METHOD /api/v1/path` as the OpenAPI document spells it. */
  operation: string;
  /** Which variant of the operation, when it has several rows (the object in another state). */
  variant?: string;
  expected: Record<Caller, Outcome>;
}

export const API = '/api/v1';

/**
 * A row of the matrix: the operation (path under /api/v1, as in the OpenAPI document), an optional
 * variant, the outcome for each caller in the order of `CALLERS`, and how to make the request.
 */
export function row<F>(operation: string, variant: string | null, outcomes: Outcome[], driver: Driver<F>): Row<F> {
  if (outcomes.length !== CALLERS.length) throw new Error(`${operation}: ${outcomes.length} outcomes for ${CALLERS.length} callers`);
  const [method, path] = operation.split(' ');
  return {
    ...driver,
    operation: `${method} ${API}${path}`,
    ...(variant ? { variant } : {}),
    expected: Object.fromEntries(CALLERS.map((caller, i) => [caller, outcomes[i]])) as Record<Caller, Outcome>,
  };
}

export const rowName = (r: Pick<Row, 'operation' | 'variant'>) => (r.variant ? `${r.operation} [${r.variant}]` : r.operation);
