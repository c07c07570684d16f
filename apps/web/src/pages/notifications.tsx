import type { Notification, NotificationPage } from '../api/types';
import { ActionButton, Empty, ErrorBanner, Loading, Pager } from '../components/ui';
import { isMessageKey, useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { Link, navigate, useLocation } from '../router';
import { api, isExpert, useSession } from '../session';

const SUBJECT_PATHS: Record<string, string> = {
  listing: '/listings/',
  auction: '/auctions/',
  trade: '/trades/',
  demand: '/demands/',
  negotiation: '/negotiations/',
  evaluation: '/evaluations/',
};

/** My in-app inbox, newest first; unread ones stand out and can be marked read one by one or all at once. */
export function NotificationsPage() {
  const { t, locale, language } = useI18n();
  const { me } = useSession();
  const { query } = useLocation();
  const unreadOnly = query.get('unread') === 'true';
  const page = Number(query.get('page') ?? 1);
  const inbox = useAsync(() => api.get<NotificationPage>('/notifications', { query: { page, pageSize: 20, ...(unreadOnly ? { unread: true } : {}) } }), [page, unreadOnly]);
  // An expert's evaluation notices (assigned, reminder…) lead to their assignments, not to the operators' evaluation page.
  const linkOf = (n: Notification) =>
    n.subject.type === 'evaluation' && isExpert(me) ? '/expert/assignments' : n.subject.type === 'interest' ? '/my/interests' : SUBJECT_PATHS[n.subject.type] ? `${SUBJECT_PATHS[n.subject.type]}${n.subject.id}` : null;
  const titleOf = (n: Notification) => {
    const key = `notificationKind.${n.kind}`;
    return language === 'en' && isMessageKey(key) ? t(key) : <span lang="zh-CN">{n.title}</span>;
  };
  return (
    <section>
      <header className="page-head">
        <h1>{t('nav.notifications')}</h1>
        {inbox.data ? <span className="muted">{t('inbox.unread', { count: inbox.data.unreadCount })}</span> : null}
      </header>
      <div className="actions">
        <button type="button" aria-pressed={unreadOnly} onClick={() => navigate(unreadOnly ? '/notifications' : '/notifications?unread=true')}>
          {t('inbox.unreadOnly')}
        </button>
        <ActionButton onAction={() => api.post('/notifications/read-all').then(() => inbox.reload())} disabled={!inbox.data?.unreadCount}>
          {t('inbox.readAll')}
        </ActionButton>
      </div>
      <ErrorBanner error={inbox.error} />
      {inbox.loading && !inbox.data ? <Loading /> : null}
      {inbox.data?.items.length === 0 ? <Empty>{t('inbox.none')}</Empty> : null}
      <ul className="cards inbox">
        {inbox.data?.items.map((n) => {
          const to = linkOf(n);
          return (
            <li key={n.id} className={`card${n.readAt ? '' : ' unread'}`}>
              <h2>{to ? <Link to={to}>{titleOf(n)}</Link> : titleOf(n)}</h2>
              {/* The server writes its notices in Chinese; marked so, they are read out as Chinese in the English interface too. */}
              <p lang="zh-CN">{n.body}</p>
              <p className="muted small">
                {formatDateTime(n.createdAt, locale)} · {n.kind}
              </p>
              {!n.readAt ? (
                <ActionButton onAction={() => api.post(`/notifications/${n.id}/read`).then(() => inbox.reload())}>{t('inbox.markRead')}</ActionButton>
              ) : null}
            </li>
          );
        })}
      </ul>
      {inbox.data ? <Pager page={inbox.data.page} pageSize={inbox.data.pageSize} total={inbox.data.total} onPage={(p) => navigate(`/notifications?page=${p}${unreadOnly ? '&unread=true' : ''}`)} /> : null}
    </section>
  );
}
