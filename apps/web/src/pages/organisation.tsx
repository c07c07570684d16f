import { FormEvent, useState } from 'react';
import type { Organisation, Page, Qualification, User } from '../api/types';
import { Empty, ErrorBanner, Field, Loading, Notice, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDate, formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { QUALIFICATION_TYPES } from '../lib/vocabulary';
import { useLocation } from '../router';
import { api, useSession } from '../session';

/** My organisation: its status and what its members may do now, and its qualifications (submit one for verification). */
export function OrganisationPage() {
  const { t, label, locale } = useI18n();
  const { query } = useLocation();
  const { me } = useSession();
  const organisation = useAsync(() => api.get<Organisation>('/organisations/me'), []);
  const qualifications = useAsync(() => api.get<Page<Qualification>>('/organisations/me/qualifications', { query: { pageSize: 100 } }), []);
  if (organisation.error) return <ErrorBanner error={organisation.error} />;
  if (!organisation.data) return <Loading />;
  const o = organisation.data;
  return (
    <section>
      <header className="page-head">
        <h1>{o.name}</h1>
        <StatusBadge group="orgStatus" status={o.status} />
      </header>
      {query.get('welcome') ? <Notice>{t('org.welcome')}</Notice> : null}
      {o.status === 'pending' ? <p className="banner">{t('org.pendingLead')}</p> : null}
      {o.statusReason ? (
        <p>
          {t('listing.statusReason')}: {o.statusReason}
        </p>
      ) : null}
      {o.status === 'rejected' && me?.user.isOrganisationAdmin ? <ResubmitForm organisation={o} onDone={(next) => organisation.setData(next)} /> : null}
      <div className="grid-2">
        <section className="panel">
          <h2>{t('org.details')}</h2>
          <dl className="facts">
            <dt>{t('org.kind')}</dt>
            <dd>{label('orgKind', o.kind)}</dd>
            <dt>{t('org.creditCode')}</dt>
            <dd>
              <code>{o.creditCode}</code>
            </dd>
            <dt>{t('org.region')}</dt>
            <dd>{o.regionCode}</dd>
            <dt>{t('org.verifiedAt')}</dt>
            <dd>{formatDate(o.verifiedAt, locale)}</dd>
          </dl>
        </section>
        <section className="panel">
          <h2>{t('org.capabilities')}</h2>
          <ul className="capabilities">
            {(Object.keys(o.capabilities) as (keyof Organisation['capabilities'])[]).map((c) => (
              <li key={c} className={o.capabilities[c] ? 'yes' : 'no'}>
                <span aria-hidden="true">{o.capabilities[c] ? '✓' : '✗'}</span> {label('capability', c)}
                <span className="visually-hidden">{o.capabilities[c] ? t('common.yes') : t('common.no')}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="panel">
        <h2>{t('qual.title')}</h2>
        {qualifications.data?.items.length === 0 ? <Empty>{t('qual.none')}</Empty> : null}
        {qualifications.data?.items.length ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('qual.type')}</th>
                  <th>{t('qual.number')}</th>
                  <th>{t('qual.issuer')}</th>
                  <th>{t('qual.valid')}</th>
                  <th>{t('qual.status')}</th>
                </tr>
              </thead>
              <tbody>
                {qualifications.data.items.map((q) => (
                  <tr key={q.id}>
                    <td>{label('qualType', q.type)}</td>
                    <td>
                      {q.number}
                      {q.grade ? ` (${q.grade})` : ''}
                    </td>
                    <td>{q.issuer}</td>
                    <td>
                      {q.validFrom} – {q.validUntil}
                    </td>
                    <td>
                      <StatusBadge group="qualStatus" status={q.effectiveStatus} />
                      {q.reviewReason ? <div className="small muted">{q.reviewReason}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {o.capabilities.submitQualifications ? <QualificationForm onDone={() => void qualifications.reload()} /> : null}
      </section>
      <MembersSection canInvite={o.capabilities.inviteMembers} />
    </section>
  );
}

interface Invitation {
  id: string;
  email: string;
  organisationId: string | null;
  role: string;
  expiresAt: string;
  acceptedAt: string | null;
  createdAt: string;
  token?: string;
}

/** Members of my organisation, and (its admin) inviting a colleague: the invitation link is shown once. */
function MembersSection({ canInvite }: { canInvite: boolean }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  // Inviting is for the organisation's admin, and not while it is suspended (the capability says so).
  const admin = Boolean(me?.user.isOrganisationAdmin) && canInvite;
  const members = useAsync(() => api.get<User[]>('/organisations/me/members'), []);
  const invitations = useAsync(() => (admin ? api.get<Page<Invitation>>('/organisations/me/invitations', { query: { pageSize: 50 } }) : Promise.resolve(undefined)), [admin]);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<Invitation | null>(null);
  const [busy, setBusy] = useState(false);
  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      setCreated(await api.post<Invitation>('/organisations/me/invitations', { email: email.trim(), ...(displayName.trim() ? { displayName: displayName.trim() } : {}) }));
      setEmail('');
      setDisplayName('');
      await invitations.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="members-heading">
      <h2 id="members-heading">{t('org.members')}</h2>
      {me?.organisation ? (
        <p className="muted small">
          {t('org.id')}: <code data-organisation-id>{me.organisation.id}</code>
        </p>
      ) : null}
      <ErrorBanner error={members.error} />
      <ul className="plain">
        {members.data?.map((m) => (
          <li key={m.id}>
            {m.displayName} · {m.email}
            {m.isOrganisationAdmin ? ` · ${t('org.admin')}` : ''}
          </li>
        ))}
      </ul>
      {admin ? (
        <form onSubmit={invite} noValidate aria-labelledby="invite-member">
          <h3 id="invite-member">{t('org.invite')}</h3>
          <div className="grid-2">
            <Field label={t('org.inviteEmail')} name="email" error={error} required>
              {(p) => <input {...p} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
            </Field>
            <Field label={t('org.inviteName')} name="displayName" error={error}>
              {(p) => <input {...p} maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
            </Field>
          </div>
          <ErrorBanner error={error} claimed={['email', 'displayName']} />
          <button type="submit" disabled={busy}>
            {t('org.inviteSubmit')}
          </button>
          {created?.token ? (
            <Notice>
              <p>{t('experts.invited', { email: created.email, expires: formatDateTime(created.expiresAt, locale) })}</p>
              <label className="block">
                {t('experts.link')}
                <input readOnly value={`${location.origin}/accept-invitation?token=${encodeURIComponent(created.token)}`} onFocus={(e) => e.target.select()} data-invitation-link />
              </label>
            </Notice>
          ) : null}
          {invitations.data?.items.length ? (
            <>
              <h3>{t('org.invitations')}</h3>
              <ul className="plain small">
                {invitations.data.items.map((i) => (
                  <li key={i.id}>
                    {i.email} · {i.acceptedAt ? t('org.accepted', { at: formatDateTime(i.acceptedAt, locale) }) : t('org.expires', { at: formatDateTime(i.expiresAt, locale) })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}

function QualificationForm({ onDone }: { onDone(): void }) {
  const { t, label } = useI18n();
  const empty = { type: 'secrecy', number: '', grade: '', issuer: '', validFrom: '', validUntil: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    try {
      await api.post('/organisations/me/qualifications', { ...form, grade: form.grade.trim() || undefined });
      setForm(empty);
      setDone(true);
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form onSubmit={submit} className="subform" noValidate>
      <h3>{t('qual.submit')}</h3>
      <div className="grid-3">
        <Field label={t('qual.type')} name="type" error={error} required>
          {(p) => (
            <select {...p} value={form.type} onChange={set('type')}>
              {QUALIFICATION_TYPES.map((q) => (
                <option key={q} value={q}>
                  {label('qualType', q)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('qual.number')} name="number" error={error} required>
          {(p) => <input {...p} value={form.number} onChange={set('number')} />}
        </Field>
        <Field label={t('qual.grade')} name="grade" error={error}>
          {(p) => <input {...p} value={form.grade} onChange={set('grade')} />}
        </Field>
        <Field label={t('qual.issuer')} name="issuer" error={error} required>
          {(p) => <input {...p} value={form.issuer} onChange={set('issuer')} />}
        </Field>
        <Field label={t('qual.validFrom')} name="validFrom" error={error} required>
          {(p) => <input {...p} type="date" value={form.validFrom} onChange={set('validFrom')} />}
        </Field>
        <Field label={t('qual.validUntil')} name="validUntil" error={error} required>
          {(p) => <input {...p} type="date" value={form.validUntil} onChange={set('validUntil')} />}
        </Field>
      </div>
      <ErrorBanner error={error} claimed={Object.keys(empty)} />
      {done ? <Notice>{t('qual.submitted')}</Notice> : null}
      <button type="submit" className="primary">
        {t('qual.submitButton')}
      </button>
    </form>
  );
}

/** A rejected organisation's admin corrects its name or region code and sends it back for verification. */
function ResubmitForm({ organisation, onDone }: { organisation: Organisation; onDone(next: Organisation): void }) {
  const { t } = useI18n();
  const [name, setName] = useState(organisation.name);
  const [regionCode, setRegionCode] = useState(organisation.regionCode);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await api.post<Organisation>('/organisations/me/resubmit', { name: name.trim(), regionCode: regionCode.trim() }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="resubmit-heading">
      <h2 id="resubmit-heading">{t('org.resubmit')}</h2>
      <p className="muted">{t('org.resubmitLead')}</p>
      <div className="grid-2">
        <Field label={t('org.name')} name="name" error={error} required>
          {(p) => <input {...p} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('org.region')} name="regionCode" error={error} required hint={t('org.regionHint')}>
          {(p) => <input {...p} inputMode="numeric" value={regionCode} onChange={(e) => setRegionCode(e.target.value)} />}
        </Field>
      </div>
      <ErrorBanner error={error} claimed={['name', 'regionCode']} />
      <button type="submit" className="primary" disabled={busy}>
        {t('org.resubmitSubmit')}
      </button>
    </form>
  );
}
