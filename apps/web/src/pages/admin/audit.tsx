import { FormEvent, useState } from 'react';
import type { AuditEntry, AuditVerdict } from '../../api/types';
import { ActionButton, ErrorBanner, Loading, Notice } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { api } from '../../session';
import { OrganisationName } from '../../components/organisation-name';

/** The audit log, newest first, filtered; and the hash chain verified end to end on demand. */
export function AuditPage() {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState({ action: '', entityType: '', entityId: '' });
  const [applied, setApplied] = useState(filters);
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const entries = useAsync(() => api.get<AuditEntry[]>('/admin/audit', { query: { ...applied, limit: 50 } }), [applied]);
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);
  const [error, setError] = useState<unknown>(null);
  const all = [...(entries.data ?? []), ...older];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOlder([]);
    setApplied({ ...filters });
  };
  const set = (key: keyof typeof filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));
  return (
    <section>
      <h1>{t('nav.audit')}</h1>
      <section className="panel">
        <h2>{t('audit.chain')}</h2>
        <p className="muted">{t('audit.chainLead')}</p>
        <ActionButton className="primary" onAction={async () => setVerdict(await api.get<AuditVerdict>('/admin/audit/verify'))} onError={setError}>
          {t('audit.verify')}
        </ActionButton>
        {verdict ? (
          verdict.valid ? (
            <Notice>
              {t('audit.valid', { checked: verdict.checked })}
              {verdict.awaitingSeal > 0 ? ` ${t('audit.awaitingSeal', { awaiting: verdict.awaitingSeal })}` : null}
            </Notice>
          ) : (
            <div className="banner banner-error" role="alert">
              {t('audit.broken', { seq: verdict.brokenAt ?? '?', problem: verdict.problem ?? '' })}
            </div>
          )
        ) : null}
      </section>
      <form className="filters-inline" onSubmit={submit}>
        <label>
          {t('audit.action')}
          <input name="action" value={filters.action} onChange={set('action')} placeholder="listing.approved" />
        </label>
        <label>
          {t('audit.entityType')}
          <input name="entityType" value={filters.entityType} onChange={set('entityType')} placeholder="listing" />
        </label>
        <label>
          {t('audit.entityId')}
          <input name="entityId" value={filters.entityId} onChange={set('entityId')} />
        </label>
        <button type="submit">{t('catalogue.apply')}</button>
      </form>
      <ErrorBanner error={entries.error ?? error} />
      {entries.loading && !entries.data ? <Loading /> : null}
      <div className="table-wrap">
        <table className="table audit">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('auction.time')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.entity')}</th>
              <th>{t('audit.actor')}</th>
              <th>{t('common.reason')}</th>
              <th>{t('audit.hash')}</th>
            </tr>
          </thead>
          <tbody>
            {all.map((e) => (
              <tr key={e.id}>
                <td>{e.seq}</td>
                <td>{formatDateTime(e.occurredAt, locale)}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.entityType} <code className="small">{e.entityId.slice(0, 8)}</code>
                  {e.organisationId ? (
                    <div className="small">
                      <OrganisationName id={e.organisationId} />
                    </div>
                  ) : null}
                </td>
                <td>{e.actorRole}</td>
                <td>{e.reason ?? '—'}</td>
                <td>
                  {e.hash ? (
                    <code className="small" title={e.hash}>
                      {e.hash.slice(0, 10)}…
                    </code>
                  ) : (
                    <span className="muted">{t('audit.unsealed')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {all.length >= 50 ? (
        <ActionButton
          onAction={async () => {
            const last = all[all.length - 1];
            setOlder([...older, ...(await api.get<AuditEntry[]>('/admin/audit', { query: { ...applied, limit: 50, beforeSeq: last.seq } }))]);
          }}
          onError={setError}
        >
          {t('audit.older')}
        </ActionButton>
      ) : null}
    </section>
  );
}
