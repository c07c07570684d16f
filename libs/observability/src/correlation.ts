import { randomUUID } from 'node:crypto';

/** The header that carries a request's correlation id: HTTP in and out, and every NATS hop. */
export const CORRELATION_HEADER = 'x-request-id';

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** A caller-supplied id is kept only if it is a sane token; anything else gets a fresh UUID. */
export function correlationIdFrom(candidate: unknown): string {
  const value = Array.isArray(candidate) ? candidate[0] : candidate;
  return typeof value === 'string' && ACCEPTABLE_ID.test(value) ? value : randomUUID();
}
