import { useEffect, useReducer } from 'react';
import { useI18n } from '../i18n/i18n';
import { isMember, isOperator, organisationNames, useSession } from '../session';

/**
 * Resolves the organisation ids a page holds to names, in one batch with every other id asked for
 * in the same render; re-renders as names arrive. Only members and operators may ask; for anyone
 * else (and until the answer) the id stands in.
 */
export function useOrganisationNames(ids: readonly (string | null | undefined)[]) {
  const { me } = useSession();
  const allowed = isMember(me) || isOperator(me);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const key = ids.filter(Boolean).join(',');
  useEffect(() => organisationNames.subscribe(rerender), []);
  useEffect(() => {
    if (allowed && key) organisationNames.request(key.split(','));
  }, [allowed, key]);
  return (id: string) => organisationNames.get(id) ?? undefined;
}

/** An organisation by name (its id in the tooltip), or its id's first characters while no name is known. */
export function OrganisationName({ id }: { id: string }) {
  const { t } = useI18n();
  const nameOf = useOrganisationNames([id]);
  const organisation = nameOf(id);
  if (!organisation) {
    return (
      <code className="organisation-id" title={id} data-organisation-id={id}>
        {id.slice(0, 8)}
      </code>
    );
  }
  return (
    <span className="organisation-name" title={id} data-organisation-id={id} data-verified={organisation.verified}>
      {organisation.name}
      {organisation.verified ? null : <> <span className="badge badge-pending">{t('org.unverified')}</span></>}
    </span>
  );
}
