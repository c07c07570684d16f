import { DomainError } from '@lib/errors';
import { Role } from './roles';

/**
 * Who is asking. The gateway builds it from a verified access token and sends it with every
 * command; services trust it (NATS is internal) and authorise each object against it.
 */
export interface Actor {
  userId: string;
  role: Role;
  /** The organisation the user acts for; null for operators and experts without one. */
  organisationId: string | null;
  isOrganisationAdmin: boolean;
  /** The login session (refresh-token family) the access token belongs to. */
  sessionId: string;
}

/** The system itself (schedulers, CLI), for audit entries not caused by a user. */
export interface SystemActor {
  userId: null;
  role: 'system';
  organisationId: null;
  label: string;
}

export const systemActor = (label: string): SystemActor => ({ userId: null, role: 'system', organisationId: null, label });

export const AuthErrors = {
  unauthenticated: (message = 'Authentication required') => new DomainError('AUTH.UNAUTHENTICATED', 'unauthenticated', message),
  forbiddenRole: (allowed: readonly string[]) =>
    new DomainError('AUTH.FORBIDDEN', 'forbidden', `This action is for: ${allowed.join(', ')}`),
  notOrganisationAdmin: () =>
    new DomainError('AUTH.NOT_ORGANISATION_ADMIN', 'forbidden', 'Only an administrator of the organisation may do this'),
  noOrganisation: () => new DomainError('AUTH.NO_ORGANISATION', 'forbidden', 'This action needs an organisation'),
} as const;

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw AuthErrors.unauthenticated();
  return actor;
}

export function requireRole(actor: Actor, ...roles: Role[]): Actor {
  if (!roles.includes(actor.role)) throw AuthErrors.forbiddenRole(roles);
  return actor;
}

export function requireOrganisation(actor: Actor): string {
  if (!actor.organisationId) throw AuthErrors.noOrganisation();
  return actor.organisationId;
}

export function requireOrganisationAdmin(actor: Actor): string {
  const organisationId = requireOrganisation(actor);
  if (!actor.isOrganisationAdmin) throw AuthErrors.notOrganisationAdmin();
  return organisationId;
}
