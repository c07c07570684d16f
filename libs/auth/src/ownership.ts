import { CommonErrors } from '@lib/errors';
import { Actor } from './actor';
import { MEMBER_ROLES, Role } from './roles';

/**
 * The organisation the actor acts for: a member's (institute or enterprise), or null. Experts and
 * operators may have an organisation too, recorded for conflict-of-interest checks only: it gives
 * them none of its members' rights (an expert of institute A does not see institute A's drafts).
 */
export function actingOrganisationOf(actor: Pick<Actor, 'role' | 'organisationId'> | null | undefined): string | null {
  if (!actor || !MEMBER_ROLES.includes(actor.role)) return null;
  return actor.organisationId;
}

/**
 * Object-level authorisation, the same everywhere: an object owned by an organisation is
 * visible to that organisation's members and to operators. To anyone else it does not exist
 * (404, not 403), so ids cannot be probed.
 */
export function canSeeOrganisationObject(actor: Actor | null, ownerOrganisationId: string | null): boolean {
  if (!actor) return false;
  if (actor.role === Role.operator) return true;
  return ownerOrganisationId !== null && actingOrganisationOf(actor) === ownerOrganisationId;
}

export function assertOrganisationObjectVisible(
  actor: Actor | null,
  ownerOrganisationId: string | null,
  entity: string,
  id: string,
): void {
  if (!canSeeOrganisationObject(actor, ownerOrganisationId)) throw CommonErrors.notFound(entity, id);
}

/** Changing an object needs membership of its organisation; operators act through their own endpoints. */
export function assertOrganisationObjectOwned(actor: Actor, ownerOrganisationId: string | null, entity: string, id: string): void {
  if (ownerOrganisationId === null || actingOrganisationOf(actor) !== ownerOrganisationId) throw CommonErrors.notFound(entity, id);
}
