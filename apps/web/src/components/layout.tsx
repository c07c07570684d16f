import { ReactNode, useEffect, useState } from 'react';
import type { NotificationPage } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { MessageKey } from '../i18n/zh';
import { Link, navigate, useLocation } from '../router';
import { api, isExpert, isMember, isOperator, useSession } from '../session';

interface NavItem {
  to: string;
  key: MessageKey;
}

const PUBLIC_NAV: NavItem[] = [
  { to: '/', key: 'nav.catalogue' },
  { to: '/auctions', key: 'nav.auctions' },
  { to: '/demands', key: 'nav.demands' },
  { to: '/reports', key: 'nav.report' },
];
const MEMBER_NAV: NavItem[] = [
  { to: '/my/listings', key: 'nav.myListings' },
  { to: '/my/auctions', key: 'nav.myAuctions' },
  { to: '/my/wallet', key: 'nav.wallet' },
  { to: '/my/demands', key: 'nav.myDemands' },
  { to: '/my/interests', key: 'nav.interests' },
  { to: '/my/evaluations', key: 'nav.myEvaluations' },
  { to: '/my/trades', key: 'nav.myTrades' },
  { to: '/my/organisation', key: 'nav.organisation' },
];
const OPERATOR_NAV: NavItem[] = [
  { to: '/admin/review', key: 'nav.review' },
  { to: '/admin/organisations', key: 'nav.verification' },
  { to: '/admin/evaluations', key: 'nav.adminEvaluations' },
  { to: '/admin/experts', key: 'nav.experts' },
  { to: '/admin/demands', key: 'nav.adminDemands' },
  { to: '/admin/auctions', key: 'nav.adminAuctions' },
  { to: '/admin/trades', key: 'nav.adminTrades' },
  { to: '/admin/audit', key: 'nav.audit' },
];
const EXPERT_NAV: NavItem[] = [{ to: '/expert/assignments', key: 'nav.assignments' }];

function useUnreadCount(signedIn: boolean, path: string): number {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    if (!signedIn) return setUnread(0);
    let stopped = false;
    const poll = () =>
      api
        .get<NotificationPage>('/notifications', { query: { unread: true, pageSize: 1 } })
        .then((page) => !stopped && setUnread(page.unreadCount))
        .catch(() => undefined);
    void poll();
    const timer = setInterval(poll, 30_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [signedIn, path]);
  return unread;
}

export function Layout({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const { me, logout } = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const unread = useUnreadCount(Boolean(me), path);
  useEffect(() => setMenuOpen(false), [path]);

  const items = [...PUBLIC_NAV, ...(isMember(me) ? MEMBER_NAV : []), ...(isOperator(me) ? OPERATOR_NAV : []), ...(isExpert(me) ? EXPERT_NAV : [])];
  const active = (to: string) => (to === '/' ? path === '/' || path.startsWith('/listings/') : path === to || path.startsWith(`${to}/`));

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="header-row">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              {t('app.mark')}
            </span>
            <span>{t('app.name')}</span>
          </Link>
          <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="site-nav" onClick={() => setMenuOpen((o) => !o)}>
            {t('nav.menu')}
          </button>
        </div>
        <nav id="site-nav" className={`site-nav${menuOpen ? ' open' : ''}`} aria-label={t('nav.main')}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={active(item.to) ? 'page' : undefined}>
                  {t(item.key)}
                </Link>
              </li>
            ))}
          </ul>
          <div className="nav-tools">
            {me ? (
              <>
                <Link to="/notifications" className="inbox-link" aria-current={path === '/notifications' ? 'page' : undefined}>
                  {t('nav.notifications')}
                  {unread > 0 ? (
                    <span className="count" aria-label={t('nav.unread', { count: unread })}>
                      {unread}
                    </span>
                  ) : null}
                </Link>
                <span className="who" title={me.user.email}>
                  {me.user.displayName}
                  {me.organisation ? ` · ${me.organisation.name}` : ''}
                </span>
                <button
                  type="button"
                  onClick={async () => {
                    await logout();
                    navigate('/');
                  }}
                >
                  {t('nav.logout')}
                </button>
              </>
            ) : (
              <>
                <Link to="/login">{t('nav.login')}</Link>
                <Link to="/register">{t('nav.register')}</Link>
              </>
            )}
            <button type="button" className="lang" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} lang={language === 'zh' ? 'en' : 'zh-CN'}>
              {language === 'zh' ? 'English' : '中文'}
            </button>
          </div>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer muted small">{t('app.footer')}</footer>
    </>
  );
}

/** The page asks for a signed-in member or operator; anyone else is told to log in. */
export function RequireRole({ roles, children }: { roles: ('member' | 'operator' | 'expert')[]; children: ReactNode }) {
  const { t } = useI18n();
  const { me, loading } = useSession();
  if (loading) return null;
  const allowed = (roles.includes('member') && isMember(me)) || (roles.includes('operator') && isOperator(me)) || (roles.includes('expert') && isExpert(me));
  if (allowed) return <>{children}</>;
  return (
    <section className="panel">
      <h1>{me ? t('auth.forbiddenTitle') : t('auth.requiredTitle')}</h1>
      <p>{me ? t('auth.forbidden') : t('auth.required')}</p>
      {!me ? (
        <Link className="button primary" to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
          {t('nav.login')}
        </Link>
      ) : null}
    </section>
  );
}
