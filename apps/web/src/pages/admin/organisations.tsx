import { FormEvent, useState } from 'react';
import type { Organisation, Page, Qualification, Wallet } from '../../api/types';
import { ActionButton, Empty, ErrorBanner, Field, Loading, Notice, Pager, ReasonAction, StatusBadge } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';
import { formatDateTime, formatYuan } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { navigate, useLocation } from '../../router';
import { api } from '../../session';
import { OrganisationName } from '../../components/organisation-name';

const ORG_TABS = ['pending', 'verified', 'suspended', 'rejected'];

/** Verification: organisations (verify, reject, suspend, reinstate), submitted qualifications, and payments into wallets. */
export function VerificationPage() {
  const { t, label, locale } = useI18n();
  const { query } = useLocation();
  const status = query.get('status') ?? 'pending';
  const page = Number(query.get('page') ?? 1);
  const organisations = useAsync(() => api.get<Page<Organisation>>('/admin/organisations', { query: { status, page, pageSize: 20 } }), [status, page]);
  const qualifications = useAsync(() => api.get<Page<Qualification>>('/admin/qualifications', { query: { status: 'submitted', pageSize: 50 } }), []);
  const [error, setError] = useState<unknown>(null);
  const act = async (work: Promise<unknown>, reload: () => Promise<void>) => {
    setError(null);
    try {
      await work;
    } catch (e) {
      setError(e);
      throw e;
    }
    await reload();
  };
  return (
    <section>
      <h1>{t('nav.verification')}</h1>
      <ErrorBanner error={error} />
      <section className="panel">
        <h2>{t('verify.organisations')}</h2>
        <div className="tabs" role="tablist" aria-label={t('org.status')}>
          {ORG_TABS.map((s) => (
            <button key={s} type="button" role="tab" aria-selected={s === status} onClick={() => navigate(`/admin/organisations?status=${s}`)}>
              {label('orgStatus', s)}
            </button>
          ))}
        </div>
        <ErrorBanner error={organisations.error} />
        {organisations.loading && !organisations.data ? <Loading /> : null}
        {organisations.data?.items.length === 0 ? <Empty>{t('verify.noneOrganisations')}</Empty> : null}
        <ul className="cards">
          {organisations.data?.items.map((o) => (
            <li key={o.id} className="card" data-organisation={o.id}>
              <h3>
                {o.name} <StatusBadge group="orgStatus" status={o.status} />
              </h3>
              <p className="muted small">
                {label('orgKind', o.kind)} · <code>{o.creditCode}</code> · {o.regionCode} · {formatDateTime(o.createdAt, locale)}
              </p>
              <p className="muted small">
                ID <code>{o.id}</code>
              </p>
              {o.statusReason ? <p className="small">{o.statusReason}</p> : null}
              <div className="actions">
                {o.status === 'pending' ? (
                  <>
                    <ActionButton className="primary" onAction={() => act(api.post(`/admin/organisations/${o.id}/verify`, {}), organisations.reload)}>
                      {t('verify.verify')}
                    </ActionButton>
                    <ReasonAction danger label={t('verify.reject')} onSubmit={(reason) => act(api.post(`/admin/organisations/${o.id}/reject`, { reason }), organisations.reload)} />
                  </>
                ) : null}
                {o.status === 'verified' ? <ReasonAction danger label={t('verify.suspend')} onSubmit={(reason) => act(api.post(`/admin/organisations/${o.id}/suspend`, { reason }), organisations.reload)} /> : null}
                {o.status === 'suspended' ? (
                  <ReasonAction label={t('verify.reinstate')} optional onSubmit={(reason) => act(api.post(`/admin/organisations/${o.id}/reinstate`, reason ? { reason } : {}), organisations.reload)} />
                ) : null}
              </div>
            </li>
          ))}
        </ul>
        {organisations.data ? (
          <Pager page={organisations.data.page} pageSize={organisations.data.pageSize} total={organisations.data.total} onPage={(p) => navigate(`/admin/organisations?status=${status}&page=${p}`)} />
        ) : null}
      </section>

      <section className="panel">
        <h2>{t('verify.qualifications')}</h2>
        {qualifications.data?.items.length === 0 ? <Empty>{t('verify.noneQualifications')}</Empty> : null}
        <ul className="cards">
          {qualifications.data?.items.map((q) => (
            <li key={q.id} className="card">
              <h3>
                {label('qualType', q.type)} · {q.number}
                {q.grade ? ` (${q.grade})` : ''}
              </h3>
              <p className="muted small">
                {q.issuer} · {q.validFrom} – {q.validUntil} · {t('verify.organisation')} <OrganisationName id={q.organisationId} />
              </p>
              <div className="actions">
                <ActionButton className="primary" onAction={() => act(api.post(`/admin/qualifications/${q.id}/review`, { decision: 'verify' }), qualifications.reload)}>
                  {t('verify.verify')}
                </ActionButton>
                <ReasonAction danger label={t('verify.reject')} onSubmit={(reason) => act(api.post(`/admin/qualifications/${q.id}/review`, { decision: 'reject', reason }), qualifications.reload)} />
              </div>
            </li>
          ))}
        </ul>
      </section>
      <TopUpForm />
    </section>
  );
}

/** An operator confirms a payment received from an organisation: its wallet is credited once per reference. */
export function TopUpForm() {
  const { t } = useI18n();
  const [form, setForm] = useState({ organisationId: '', amount: '', reference: '' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Wallet | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      setDone(await api.post<Wallet>('/admin/payments/top-ups', { organisationId: form.organisationId.trim(), amount: form.amount.trim(), reference: form.reference.trim() }));
    } catch (e) {
      setError(e);
    }
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <form className="panel" onSubmit={submit} noValidate>
      <h2>{t('topUp.title')}</h2>
      <p className="muted">{t('topUp.lead')}</p>
      <div className="grid-3">
        <Field label={t('topUp.organisationId')} name="organisationId" error={error} required>
          {(p) => <input {...p} value={form.organisationId} onChange={set('organisationId')} spellCheck={false} />}
        </Field>
        <Field label={t('wallet.amount')} name="amount" error={error} required>
          {(p) => <input {...p} inputMode="decimal" value={form.amount} onChange={set('amount')} placeholder="200000.00" />}
        </Field>
        <Field label={t('wallet.reference')} name="reference" error={error} required>
          {(p) => <input {...p} value={form.reference} onChange={set('reference')} placeholder="BANK-20261126-0042" />}
        </Field>
      </div>
      <ErrorBanner error={error} claimed={['organisationId', 'amount', 'reference']} />
      {done ? <Notice>{t('topUp.done', { available: formatYuan(done.available) ?? '' })}</Notice> : null}
      <button type="submit" className="primary">
        {t('topUp.confirm')}
      </button>
    </form>
  );
}
