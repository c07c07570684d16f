import { DomainError, FieldProblem } from './domain-error';

/** Errors every part of the system may raise. Domain-specific ones live beside their domain. */
export const CommonErrors = {
  validation: (fields: FieldProblem[]) =>
    new DomainError(
      'REQUEST.INVALID',
      'validation',
      `Invalid input: ${fields.map((f) => f.field).join(', ')}`,
      { fields },
    ),
  notFound: (entity: string, id?: string) =>
    new DomainError(`${entity.toUpperCase()}.NOT_FOUND`, 'not_found', `${entity} not found`, {
      details: id ? { id } : undefined,
    }),
  serviceUnavailable: (service: string, reason: string) =>
    new DomainError('SERVICE.UNAVAILABLE', 'unavailable', `The ${service} service is unavailable: ${reason}`, {
      details: { service },
    }),
  /** A store the service depends on (PostgreSQL, Redis) is unreachable or dropped the connection: retry shortly. */
  dependencyUnavailable: () =>
    new DomainError('SERVICE.UNAVAILABLE', 'unavailable', 'The service could not reach its database; try again shortly', {
      details: { retryAfterSeconds: 1 },
    }),
  internal: () => new DomainError('INTERNAL', 'internal', 'Internal error'),
} as const;
