import { Client, ClientConfig } from 'pg';

/**
 * The pg client every pool connection is made of. A connection the server drops (a restart,
 * `pg_terminate_backend`, a network cut) emits 'error' — often twice: the server's "terminating
 * connection" message, then "Connection terminated unexpectedly" when the socket closes. Whoever
 * holds the connection listens for the first; the second can arrive after TypeORM has released the
 * connection and pg-pool has dropped it, when nobody listens any more, and an 'error' event without
 * a listener crashes the process. This listener is always there, so a dropped connection is just a
 * failed query (answered 503 by the service) and the pool opens a fresh one for the next.
 */
export class ResilientPgClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}
