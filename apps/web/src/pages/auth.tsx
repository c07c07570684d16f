import { FormEvent, useState } from 'react';
import type { Me } from '../api/types';
import { ErrorBanner, Field, FieldSet, Notice } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { Link, navigate, useLocation } from '../router';
import { api, useSession } from '../session';

/** Only same-site paths are followed after login. */
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : null);

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const { query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await login(email.trim(), password);
      navigate(safeNext(query.get('next')) ?? homeOf(me));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel narrow">
      <h1>{t('auth.loginTitle')}</h1>
      {query.get('registered') ? <Notice>{t('auth.registered')}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <Field label={t('auth.email')} name="email" error={error} required>
          {(p) => <input {...p} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />}
        </Field>
        <Field label={t('auth.password')} name="password" error={error} required>
          {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
        </Field>
        <ErrorBanner error={error} claimed={['email', 'password']} />
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.login')}
        </button>
      </form>
      <p className="muted">
        {t('auth.noAccount')} <Link to="/register">{t('nav.register')}</Link>
      </p>
    </section>
  );
}

export function homeOf(me: Me): string {
  if (me.user.role === 'operator') return '/admin/review';
  if (me.user.role === 'institute' || me.user.role === 'enterprise') return '/my/listings';
  if (me.user.role === 'expert') return '/expert/assignments';
  return '/';
}

/** Registers an organisation with its first member as administrator (pending until an operator verifies it). */
export function RegisterPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const [form, setForm] = useState({ email: '', password: '', displayName: '', name: '', kind: 'institute', creditCode: '', regionCode: '510700' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post<Me>(
        '/auth/register',
        {
          email: form.email.trim(),
          password: form.password,
          displayName: form.displayName.trim(),
          organisation: { name: form.name.trim(), kind: form.kind, creditCode: form.creditCode.trim().toUpperCase(), regionCode: form.regionCode.trim() },
        },
        { auth: false },
      );
      await login(form.email.trim(), form.password);
      navigate('/my/organisation?welcome=1');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fields = ['email', 'password', 'displayName', 'organisation'];
  return (
    <section className="panel narrow">
      <h1>{t('auth.registerTitle')}</h1>
      <p className="muted">{t('auth.registerLead')}</p>
      <form onSubmit={submit} noValidate>
        <Field label={t('auth.email')} name="email" error={error} required>
          {(p) => <input {...p} type="email" autoComplete="email" value={form.email} onChange={set('email')} />}
        </Field>
        <Field label={t('auth.password')} name="password" error={error} hint={t('auth.passwordHint')} required>
          {(p) => <input {...p} type="password" autoComplete="new-password" minLength={12} value={form.password} onChange={set('password')} />}
        </Field>
        <Field label={t('auth.displayName')} name="displayName" error={error} required>
          {(p) => <input {...p} autoComplete="name" value={form.displayName} onChange={set('displayName')} />}
        </Field>
        <Field label={t('org.name')} name="organisation.name" error={error} required>
          {(p) => <input {...p} autoComplete="organization" value={form.name} onChange={set('name')} />}
        </Field>
        <FieldSet legend={t('org.kind')} name="organisation.kind" error={error}>
          {(['institute', 'enterprise'] as const).map((k) => (
            <label key={k} className="choice">
              <input type="radio" name="kind" value={k} checked={form.kind === k} onChange={set('kind')} />
              {t(`orgKind.${k}`)}
            </label>
          ))}
        </FieldSet>
        <Field label={t('org.creditCode')} name="organisation.creditCode" error={error} hint={t('org.creditCodeHint')} required>
          {(p) => <input {...p} value={form.creditCode} onChange={set('creditCode')} maxLength={18} autoCapitalize="characters" spellCheck={false} />}
        </Field>
        <Field label={t('org.region')} name="organisation.regionCode" error={error} hint={t('org.regionHint')} required>
          {(p) => <input {...p} value={form.regionCode} onChange={set('regionCode')} inputMode="numeric" maxLength={6} />}
        </Field>
        <ErrorBanner error={error} claimed={fields} />
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.register')}
        </button>
      </form>
    </section>
  );
}
