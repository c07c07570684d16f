import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { correlationIdFrom, CORRELATION_HEADER, currentCorrelationId } from '@lib/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, DomainErrorPayload, ErrorKind, httpStatusOf } from './domain-error';

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: 'validation',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media',
  422: 'rule_violation',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * The single place where errors become HTTP responses:
 * `{ error: { code, message, fields?, details? }, correlationId }` with the status of its kind.
 * Unknown errors are logged with their stack and answered as a bare 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const correlationId =
      currentCorrelationId() ?? correlationIdFrom(request?.headers?.[CORRELATION_HEADER]);
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      // Readiness reports (Terminus) keep their per-component body: that body is the answer.
      void reply.status(exception.getStatus()).header(CORRELATION_HEADER, correlationId).send(exception.getResponse());
      return;
    }
    const payload = this.toPayload(exception, correlationId);
    const status = httpStatusOf(payload.kind);
    const { kind: _kind, ...body } = payload;
    const retryAfter = payload.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply
      .status(status)
      .header(CORRELATION_HEADER, correlationId)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ error: body, correlationId });
  }

  private toPayload(exception: unknown, correlationId: string): DomainErrorPayload {
    if (exception instanceof DomainError) {
      if (exception.kind === 'internal') this.logger.error({ err: exception, correlationId });
      return exception.toPayload();
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const kind = KIND_BY_STATUS[status];
      if (kind) {
        return { code: `HTTP.${HttpStatus[status] ?? status}`, kind, message: messageOf(exception) };
      }
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && KIND_BY_STATUS[fastifyStatus]) {
      // Fastify's own refusals (malformed JSON, body too large, bad content type).
      return {
        code: `HTTP.${HttpStatus[fastifyStatus] ?? fastifyStatus}`,
        kind: KIND_BY_STATUS[fastifyStatus],
        message: (exception as Error).message,
      };
    }
    this.logger.error({ err: exception, correlationId }, 'Unhandled error');
    return { code: 'INTERNAL', kind: 'internal', message: 'Internal error' };
  }
}

function isHealthReport(response: unknown): boolean {
  return typeof response === 'object' && response !== null && 'status' in response && 'details' in response;
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
}
