import { DomainError } from '@lib/errors';
import { CORRELATION_HEADER } from '@lib/observability';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';

/**
 * What the HTTP edge refuses before a route runs, each in the standard error body
 * `{ error: { code, message }, correlationId }`: JSON nested deeper than any request needs (deep
 * nesting would otherwise recurse through validation until the stack overflows), URLs the router
 * cannot decode or whose parameters are too long, and requests Node's HTTP parser rejects
 * (headers too large, malformed request lines).
 */

/** No request body of this API is nested more than a few levels; 32 leaves ample room. */
export const MAX_JSON_DEPTH = 32;

/** Whether the JSON text nests arrays and objects deeper than `max` (a scan: no parsing, no recursion). */
export function jsonNestingExceeds(text: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === 0x5c /* \ */) i++;
      else if (byte === 0x22 /* " */) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b /* [ */ || byte === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (byte === 0x5d /* ] */ || byte === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/** The JSON body parser: refuses deep nesting, then Fastify's own parser (which refuses `__proto__` and `constructor.prototype`). */
export function jsonBodyParser(defaultParser: (request: FastifyRequest, body: string, done: (error: Error | null, body?: unknown) => void) => void) {
  // Nest hands the body over as a Buffer; Fastify's parser reads Buffers as well as strings.
  return (request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: unknown) => void) => {
    if (jsonNestingExceeds(body, MAX_JSON_DEPTH)) {
      done(new DomainError('REQUEST.TOO_DEEP', 'validation', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`));
      return;
    }
    defaultParser(request, body as unknown as string, done);
  };
}

function errorBody(code: string, message: string, correlationId: string): string {
  return JSON.stringify({ error: { code, message }, correlationId });
}

/** Router refusals (an undecodable URL, a path parameter over the length limit). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : 400;
  const code = tooLong ? 'HTTP.URI_TOO_LONG' : 'HTTP.BAD_REQUEST';
  const message = tooLong ? 'A path parameter is too long' : 'The URL is not valid';
  void reply
    .code(status)
    .header(CORRELATION_HEADER, request.id)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(code, message, String(request.id)));
}

/** Requests Node's HTTP parser refuses before Fastify sees them; the connection is closed after the answer. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'HTTP.REQUEST_HEADER_FIELDS_TOO_LARGE', 'The request line or headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'HTTP.REQUEST_TIMEOUT', 'The request took too long to arrive']
        : [400, 'Bad Request', 'HTTP.BAD_REQUEST', 'The request is not valid HTTP'];
  const correlationId = randomUUID();
  const body = errorBody(code, message, correlationId);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `${CORRELATION_HEADER}: ${correlationId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
