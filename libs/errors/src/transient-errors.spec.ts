import { isDependencyUnavailable } from './transient-errors';

const queryFailed = (driverError: object) => Object.assign(new Error('query failed'), { driverError });

describe('isDependencyUnavailable', () => {
  it.each([
    ['the server terminated the connection (pg_terminate_backend)', queryFailed({ code: '57P01', message: 'terminating connection due to administrator command' })],
    ['a connection exception', queryFailed({ code: '08006', message: 'connection failure' })],
    ['the connection dropped mid-query', queryFailed(new Error('Connection terminated unexpectedly'))],
    ['the pool could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['PostgreSQL refused the connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['too many connections', queryFailed({ code: '53300', message: 'sorry, too many clients already' })],
    ['Redis is gone', new Error('Connection is closed.')],
    ['TypeORM released the runner of a dropped connection', Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' })],
  ])('%s: yes', (_, error) => {
    expect(isDependencyUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', queryFailed({ code: '23505', message: 'duplicate key value violates unique constraint' })],
    ['a data exception', queryFailed({ code: '22P02', message: 'invalid input syntax for type uuid' })],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('%s: no', (_, error) => {
    expect(isDependencyUnavailable(error)).toBe(false);
  });
});
