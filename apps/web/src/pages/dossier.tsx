import { FormEvent, useState } from 'react';
import { ApiError } from '../api/client';
import type { Declassification, Interest, Page, Patent } from '../api/types';
import { ActionButton, ErrorBanner, Field, Notice } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { MessageKey } from '../i18n/zh';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { api } from '../session';
import { OrganisationName } from '../components/organisation-name';

/** `GET /listings/:id/dossier` (libs/contracts DossierView). */
export interface Dossier {
  listingId: string;
  description: string;
  patents: Patent[];
  declassification: Declassification | null;
  content: string | null;
  updatedAt: string | null;
}

/** `GET /listings/:id/dossier-access` (libs/contracts DossierAccessView): for the owner only. */
export interface DossierAccess {
  listingId: string;
  policy: 'by_grant' | 'verified_organisations';
  organisations: { organisationId: string; organisationName: string | null; ndaAcceptedAt: string | null; grantedAt: string | null; mayOpen: boolean }[];
}

/** The refusals of the dossier, told in the user's language (the API's message stays in the banner otherwise). */
const REFUSALS: Record<string, MessageKey> = {
  'DOSSIER.NDA_REQUIRED': 'dossier.ndaRequired',
  'DOSSIER.NOT_GRANTED': 'dossier.notGranted',
  'ORGANISATION.NOT_VERIFIED': 'dossier.notVerified',
  'DOSSIER.NO_ORGANISATION': 'dossier.noOrganisation',
};

function DossierContent({ dossier }: { dossier: Dossier }) {
  const { t, label, locale } = useI18n();
  return (
    <div className="dossier" data-dossier={dossier.listingId}>
      <dl className="facts">
        {dossier.declassification ? (
          <>
            <dt>{t('listing.declassification')}</dt>
            <dd>
              {dossier.declassification.decisionNumber} · {dossier.declassification.authority} · {dossier.declassification.decisionDate}
            </dd>
          </>
        ) : null}
        <dt>{t('listing.patents')}</dt>
        <dd>{dossier.patents.map((p) => `${p.number} (${label('patentKind', p.kind)})`).join('; ') || '—'}</dd>
        <dt>{t('dossier.updatedAt')}</dt>
        <dd>{dossier.updatedAt ? formatDateTime(dossier.updatedAt, locale) : '—'}</dd>
      </dl>
      <h3>{t('eval.description')}</h3>
      <p className="pre">{dossier.description}</p>
      <h3>{t('dossier.content')}</h3>
      {dossier.content ? <p className="pre dossier-content">{dossier.content}</p> : <p className="muted">{t('dossier.noContent')}</p>}
    </div>
  );
}

/** A member of another organisation (or an operator): accept the NDA for the organisation, then open the dossier (each view audited). */
export function DossierViewer({ listingId, member }: { listingId: string; member: boolean }) {
  const { t, locale } = useI18n();
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [accepted, setAccepted] = useState<string | null>(null);
  const [agree, setAgree] = useState(false);
  const refusal = error instanceof ApiError ? REFUSALS[error.code] : undefined;
  const openIt = async () => {
    setError(null);
    try {
      setDossier(await api.get<Dossier>(`/listings/${listingId}/dossier`));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel" aria-labelledby="dossier-heading">
      <h2 id="dossier-heading">{t('dossier.title')}</h2>
      <p className="muted">{member ? t('dossier.lead') : t('dossier.operatorLead')}</p>
      {member && !accepted ? (
        <div className="nda">
          <p className="pre nda-text">{t('dossier.ndaText')}</p>
          <label className="choice">
            <input type="checkbox" checked={agree} onChange={(e) => setAgree(e.target.checked)} /> {t('dossier.ndaAgree')}
          </label>
          <div className="actions">
            <ActionButton
              disabled={!agree}
              onError={setError}
              onAction={async () => {
                setError(null);
                const answer = await api.post<{ acceptedAt: string }>(`/listings/${listingId}/nda`);
                setAccepted(answer.acceptedAt);
              }}
            >
              {t('dossier.acceptNda')}
            </ActionButton>
          </div>
        </div>
      ) : null}
      {accepted ? <Notice>{t('dossier.ndaAccepted', { at: formatDateTime(accepted, locale) })}</Notice> : null}
      {refusal ? (
        <div className="banner banner-error" role="alert">
          {t(refusal)}
        </div>
      ) : (
        <ErrorBanner error={error} />
      )}
      {dossier ? (
        <DossierContent dossier={dossier} />
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={openIt}>
            {t('dossier.open')}
          </button>
        </div>
      )}
    </section>
  );
}

/**
 * The owner writes the dossier and sees who may open it (every NDA acceptance and grant, by organisation name);
 * it allows or withdraws organisations there, offers those that expressed interest, and allows any by id.
 */
export function DossierOwner({ listingId }: { listingId: string }) {
  const { t, label, locale } = useI18n();
  const access = useAsync(() => api.get<DossierAccess>(`/listings/${listingId}/dossier-access`), [listingId]);
  const current = useAsync(() => api.get<Dossier>(`/listings/${listingId}/dossier`), [listingId]);
  const interests = useAsync(() => api.get<Page<Interest>>('/interests', { query: { role: 'seller', pageSize: 100 } }), [listingId]);
  const [content, setContent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [organisationId, setOrganisationId] = useState('');
  const [grantError, setGrantError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const text = content ?? current.data?.content ?? '';
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const answer = await api.put<{ updatedAt: string }>(`/listings/${listingId}/dossier`, { content: text });
      setSaved(answer.updatedAt);
    } catch (e) {
      setError(e);
    }
  };
  const grant = async (orgId: string) => {
    setGrantError(null);
    setNotice(null);
    try {
      await api.post(`/listings/${listingId}/dossier-grants`, { organisationId: orgId });
      setNotice(t('dossier.granted', { id: orgId }));
      access.reload();
    } catch (e) {
      setGrantError(e);
    }
  };
  const revoke = async (orgId: string) => {
    setGrantError(null);
    setNotice(null);
    try {
      const answer = await api.delete<{ revoked: boolean }>(`/listings/${listingId}/dossier-grants/${orgId}`);
      setNotice(answer.revoked ? t('dossier.revoked', { id: orgId }) : t('dossier.notRevoked', { id: orgId }));
      access.reload();
    } catch (e) {
      setGrantError(e);
    }
  };
  const known = new Set((access.data?.organisations ?? []).map((o) => o.organisationId));
  // Interested organisations already in the access table are allowed or withdrawn there.
  const buyers = [...new Map((interests.data?.items ?? []).filter((i) => i.listingId === listingId && !known.has(i.buyerOrganisationId)).map((i) => [i.buyerOrganisationId, i])).values()];
  return (
    <section className="panel" aria-labelledby="dossier-owner-heading">
      <h2 id="dossier-owner-heading">{t('dossier.title')}</h2>
      <form onSubmit={save} noValidate>
        <Field label={t('dossier.content')} name="content" error={error} hint={t('dossier.contentHint')}>
          {(p) => <textarea {...p} rows={6} maxLength={100_000} value={text} onChange={(e) => setContent(e.target.value)} />}
        </Field>
        <ErrorBanner error={error ?? current.error} claimed={['content']} />
        {saved ? <Notice>{t('dossier.saved', { at: formatDateTime(saved, locale) })}</Notice> : null}
        <button type="submit">{t('dossier.save')}</button>
      </form>
      <h3>{t('dossier.accessTitle')}</h3>
      {access.data ? <p className="muted small">{t('dossier.accessPolicy', { policy: label('dossierAccess', access.data.policy) })}</p> : null}
      <ErrorBanner error={access.error} />
      {access.data?.organisations.length === 0 ? <p className="muted">{t('dossier.accessNone')}</p> : null}
      {access.data?.organisations.length ? (
        <div className="table-wrap">
          <table className="table" data-testid="dossier-access">
            <thead>
              <tr>
                <th>{t('dossier.accessOrganisation')}</th>
                <th>{t('dossier.accessNda')}</th>
                <th>{t('dossier.accessGranted')}</th>
                <th>{t('dossier.accessMayOpen')}</th>
                <th>{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {access.data.organisations.map((o) => (
                <tr key={o.organisationId} data-organisation={o.organisationId} data-may-open={o.mayOpen}>
                  <td>
                    {o.organisationName ?? '—'} <code className="small">{o.organisationId.slice(0, 8)}</code>
                  </td>
                  <td>{o.ndaAcceptedAt ? formatDateTime(o.ndaAcceptedAt, locale) : '—'}</td>
                  <td>{o.grantedAt ? formatDateTime(o.grantedAt, locale) : '—'}</td>
                  <td>{o.mayOpen ? t('common.yes') : t('common.no')}</td>
                  <td>
                    {o.grantedAt ? (
                      <button type="button" className="danger" onClick={() => revoke(o.organisationId)}>
                        {t('dossier.revoke')}
                      </button>
                    ) : (
                      <button type="button" onClick={() => grant(o.organisationId)}>
                        {t('dossier.grant')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h3>{t('dossier.grants')}</h3>
      <p className="muted small">{t('dossier.grantsLead')}</p>
      {buyers.length ? (
        <ul className="plain">
          {buyers.map((i) => (
            <li key={i.buyerOrganisationId} data-organisation={i.buyerOrganisationId} className="grant-row">
              <span>
                {t('dossier.interestedOrg')} <OrganisationName id={i.buyerOrganisationId} /> · {i.message.slice(0, 40)}
              </span>{' '}
              <button type="button" onClick={() => grant(i.buyerOrganisationId)}>
                {t('dossier.grant')}
              </button>{' '}
              <button type="button" className="danger" onClick={() => revoke(i.buyerOrganisationId)}>
                {t('dossier.revoke')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void grant(organisationId.trim());
        }}
        noValidate
      >
        <Field label={t('dossier.organisationId')} name="organisationId" error={grantError}>
          {(p) => <input {...p} value={organisationId} onChange={(e) => setOrganisationId(e.target.value)} />}
        </Field>
        <button type="submit">{t('dossier.grant')}</button>
      </form>
      <ErrorBanner error={grantError} claimed={['organisationId']} />
      {notice ? <Notice>{notice}</Notice> : null}
    </section>
  );
}
