import { CommonErrors } from '@lib/errors';
import { Actor } from './actor';
import { Role } from './roles';

/**
 * Object-level authorisation, the same everywhere: an object owned by an organisation is
 * visible to that organisation's members and to operators. To anyone else it does not exist
 * (404, not 403), so ids cannot be probed.
 */
export function canSeeOrganisationObject(actor: Actor | null, ownerOrganisationId: string | null): boolean {
  if (!actor) return false;
  if (actor.role === Role.operator) return true;
  return ownerOrganisationId !== null && actor.organisationId === ownerOrganisationId;
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
  if (ownerOrganisationId === null || actor.organisationId !== ownerOrganisationId) throw CommonErrors.notFound(entity, id);
}
