import { FormEvent, useState } from 'react';
import type { Me, Page, User } from '../api/types';
import { Empty, ErrorBanner, Field, FieldSet, Loading, Notice, Pager } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { TECHNICAL_FIELDS } from '../lib/vocabulary';
import { Link, navigate, useLocation } from '../router';
import { api, useSession } from '../session';
import { homeOf } from './auth';
import { OrganisationName } from '../components/organisation-name';

interface CreatedInvitation {
  id: string;
  email: string;
  organisationId: string | null;
  role: string;
  expiresAt: string;
  acceptedAt: string | null;
  createdAt: string;
  token: string;
}

/** The expert pool by field of expertise, and inviting an expert (the invitation link is shown once). */
export function ExpertPoolPage() {
  const { t, label, list } = useI18n();
  const { query } = useLocation();
  const field = query.get('field') ?? '';
  const page = Number(query.get('page') ?? 1);
  const pool = useAsync(() => api.get<Page<User>>('/admin/experts', { query: { field, page, pageSize: 50 } }), [field, page]);
  return (
    <section>
      <h1>{t('nav.experts')}</h1>
      <InviteExpert onInvited={() => pool.reload()} />
      <label className="inline-label">
        {t('listing.field')}{' '}
        <select value={field} onChange={(e) => navigate(e.target.value ? `/admin/experts?field=${e.target.value}` : '/admin/experts')}>
          <option value="">{t('common.all')}</option>
          {TECHNICAL_FIELDS.map((f) => (
            <option key={f} value={f}>
              {label('field', f)}
            </option>
          ))}
        </select>
      </label>
      <ErrorBanner error={pool.error} />
      {pool.loading && !pool.data ? <Loading /> : null}
      {pool.data?.items.length === 0 ? <Empty>{t('experts.none')}</Empty> : null}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('auth.displayName')}</th>
              <th scope="col">{t('auth.email')}</th>
              <th scope="col">{t('experts.fields')}</th>
              <th scope="col">{t('experts.organisation')}</th>
            </tr>
          </thead>
          <tbody>
            {pool.data?.items.map((x) => (
              <tr key={x.id} data-expert={x.id}>
                <td>{x.displayName}</td>
                <td>{x.email}</td>
                <td>{list(x.expertiseFields.map((f) => label('field', f)))}</td>
                <td>{x.organisationId ? <OrganisationName id={x.organisationId} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pool.data ? <Pager page={pool.data.page} pageSize={pool.data.pageSize} total={pool.data.total} onPage={(p) => navigate(`/admin/experts?field=${field}&page=${p}`)} /> : null}
    </section>
  );
}

function InviteExpert({ onInvited }: { onInvited(): void }) {
  const { t, label, locale } = useI18n();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [fields, setFields] = useState<string[]>([]);
  const [organisationId, setOrganisationId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const invitation = await api.post<CreatedInvitation>('/admin/experts', {
        email: email.trim(),
        displayName: displayName.trim(),
        expertiseFields: fields,
        ...(organisationId.trim() ? { organisationId: organisationId.trim() } : {}),
      });
      setCreated(invitation);
      setEmail('');
      setDisplayName('');
      setFields([]);
      setOrganisationId('');
      onInvited();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const link = created ? `${location.origin}/accept-invitation?token=${encodeURIComponent(created.token)}` : '';
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="invite-expert">
      <h2 id="invite-expert">{t('experts.invite')}</h2>
      <div className="grid-2">
        <Field label={t('auth.email')} name="email" error={error} required>
          {(p) => <input {...p} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('auth.displayName')} name="displayName" error={error} required>
          {(p) => <input {...p} maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
      </div>
      <FieldSet legend={t('experts.fieldsLegend')} name="expertiseFields" error={error}>
        {TECHNICAL_FIELDS.map((f) => (
          <label key={f} className="choice">
            <input type="checkbox" checked={fields.includes(f)} onChange={() => setFields((fs) => (fs.includes(f) ? fs.filter((x) => x !== f) : [...fs, f]))} /> {label('field', f)}
          </label>
        ))}
      </FieldSet>
      <Field label={t('experts.organisationId')} name="organisationId" error={error} hint={t('experts.organisationHint')}>
        {(p) => <input {...p} value={organisationId} onChange={(e) => setOrganisationId(e.target.value)} />}
      </Field>
      <ErrorBanner error={error} claimed={['email', 'displayName', 'expertiseFields', 'organisationId']} />
      <button type="submit" className="primary" disabled={busy}>
        {t('experts.inviteSubmit')}
      </button>
      {created ? (
        <Notice>
          <p>{t('experts.invited', { email: created.email, expires: formatDateTime(created.expiresAt, locale) })}</p>
          <label className="block">
            {t('experts.link')}
            <input readOnly value={link} onFocus={(e) => e.target.select()} data-invitation-link />
          </label>
        </Notice>
      ) : null}
    </form>
  );
}

/** Accepting an invitation (an expert of the pool, or a member of an organisation): set a password, then signed in. */
export function AcceptInvitationPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const { query } = useLocation();
  const [token, setToken] = useState(query.get('token') ?? '');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const joined = await api.post<Me>('/auth/accept-invitation', { token: token.trim(), password, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) }, { auth: false });
      const me = await login(joined.user.email, password);
      navigate(homeOf(me));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel narrow" onSubmit={submit} noValidate>
      <h1>{t('experts.acceptTitle')}</h1>
      <p className="muted">{t('experts.acceptLead')}</p>
      {query.get('token') ? null : (
        <Field label={t('experts.token')} name="token" error={error} required>
          {(p) => <input {...p} value={token} onChange={(e) => setToken(e.target.value)} />}
        </Field>
      )}
      <Field label={t('experts.newPassword')} name="password" error={error} required hint={t('experts.passwordHint')}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <Field label={t('experts.nameOptional')} name="displayName" error={error}>
        {(p) => <input {...p} maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
      </Field>
      <ErrorBanner error={error} claimed={query.get('token') ? ['password', 'displayName'] : ['token', 'password', 'displayName']} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('experts.acceptSubmit')}
        </button>
        <Link to="/login">{t('nav.login')}</Link>
      </div>
    </form>
  );
}
