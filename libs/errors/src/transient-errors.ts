/**
 * Whether an error means a dependency (PostgreSQL, or Redis behind a queue) was unreachable or
 * dropped the connection, rather than a defect: the request may simply be retried. Such errors
 * are answered 503 SERVICE.UNAVAILABLE, never 500.
 */

/** SQLSTATEs of a lost or refused connection: class 08, the server shutting down or starting, too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300)$/;
/** Node and driver errors of a connection that failed or died (pg, pg-pool, ioredis). */
const UNAVAILABLE_CODE = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)$/;
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|the database system is (shutting down|starting up|in recovery mode)/i;

/**
 * TypeORM releases a query runner whose connection emitted an error; the transaction's next query
 * then fails with one of these rather than with the connection error itself.
 */
const RELEASED_RUNNER = /^(QueryRunnerAlreadyReleasedError|QueryRunnerProviderAlreadyReleasedError)$/;

export function isDependencyUnavailable(error: unknown): boolean {
  if (RELEASED_RUNNER.test(String((error as { name?: unknown })?.name))) return true;
  const candidates = [error, (error as { driverError?: unknown })?.driverError, (error as { cause?: unknown })?.cause];
  return candidates.some((candidate) => {
    if (!candidate || typeof candidate !== 'object') return false;
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_CODE.test(code))) return true;
    return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
  });
}
