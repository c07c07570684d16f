import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { currentCorrelationId } from '@lib/observability';
import { Observable, throwError } from 'rxjs';
import { CommonErrors } from './common-errors';
import { DomainError } from './domain-error';
import { isDependencyUnavailable } from './transient-errors';

/**
 * Turns whatever a message handler throws into a `DomainErrorPayload` for the caller.
 * Domain errors travel as they are; anything else is logged here and hidden behind INTERNAL.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    if (exception instanceof DomainError) return throwError(() => exception.toPayload());
    const sqlState = (exception as { driverError?: { code?: string } })?.driverError?.code;
    if (typeof sqlState === 'string' && sqlState.startsWith('22')) {
      // A data exception (value out of range, bad encoding...) is bad input that slipped past validation.
      this.logger.warn({ err: exception, correlationId: currentCorrelationId() }, 'Input refused by PostgreSQL');
      return throwError(() => new DomainError('REQUEST.INVALID', 'validation', 'A value in the request cannot be stored').toPayload());
    }
    if (isDependencyUnavailable(exception)) {
      // PostgreSQL (or Redis) dropped or refused the connection: the transaction rolled back (its outcome is
      // unknown only if the drop hit the COMMIT itself), so the caller may retry.
      this.logger.warn({ err: exception, correlationId: currentCorrelationId() }, 'Dependency unavailable');
      return throwError(() => CommonErrors.dependencyUnavailable().toPayload());
    }
    this.logger.error({ err: exception, correlationId: currentCorrelationId() }, 'Unhandled error');
    return throwError(() => CommonErrors.internal().toPayload());
  }
}
