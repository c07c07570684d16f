/**
 * What kind of failure a domain error is. The gateway maps each kind to one HTTP status
 * (see `httpStatusOf`); services and workers never deal in HTTP.
 */
export type ErrorKind =
  | 'validation' // 400: the input is malformed
  | 'unauthenticated' // 401
  | 'forbidden' // 403: authenticated but not allowed
  | 'not_found' // 404: absent, or present but not visible to this caller
  | 'conflict' // 409: the state changed or the request clashes with existing data
  | 'rule_violation' // 422: well-formed, but a business rule refuses it
  | 'too_large' // 413: the request body is over the limit
  | 'unsupported_media' // 415
  | 'rate_limited' // 429
  | 'unavailable' // 503: a dependency is down or did not answer in time
  | 'internal'; // 500: a defect

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Serialisable form of a domain error, as it crosses NATS and reaches HTTP clients. */
export interface DomainErrorPayload {
  code: string;
  kind: ErrorKind;
  message: string;
  fields?: FieldProblem[];
  details?: Record<string, unknown>;
}

/**
 * A failure the domain anticipates, with a stable string code clients may branch on
 * (`LISTING.NOT_PUBLISHED`). Thrown by services and workers; translated to HTTP at the gateway.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly extra: { fields?: FieldProblem[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toPayload(): DomainErrorPayload {
    return {
      code: this.code,
      kind: this.kind,
      message: this.message,
      ...(this.extra.fields ? { fields: this.extra.fields } : {}),
      ...(this.extra.details ? { details: this.extra.details } : {}),
    };
  }

  static fromPayload(payload: DomainErrorPayload): DomainError {
    return new DomainError(payload.code, payload.kind, payload.message, {
      fields: payload.fields,
      details: payload.details,
    });
  }

  static isPayload(value: unknown): value is DomainErrorPayload {
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as DomainErrorPayload).code === 'string' &&
      typeof (value as DomainErrorPayload).kind === 'string' &&
      typeof (value as DomainErrorPayload).message === 'string'
    );
  }
}

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule_violation: 422,
  too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(kind: ErrorKind): number {
  return STATUS_BY_KIND[kind] ?? 500;
}
