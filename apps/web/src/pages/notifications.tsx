import type { NotificationPage } from '../api/types';
import { ActionButton, Empty, ErrorBanner, Loading, Pager } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { Link, navigate, useLocation } from '../router';
import { api } from '../session';

const SUBJECT_PATHS: Record<string, string> = { listing: '/listings/', auction: '/auctions/', trade: '/trades/' };

/** My in-app inbox, newest first; unread ones stand out and can be marked read one by one or all at once. */
export function NotificationsPage() {
  const { t, locale } = useI18n();
  const { query } = useLocation();
  const unreadOnly = query.get('unread') === 'true';
  const page = Number(query.get('page') ?? 1);
  const inbox = useAsync(() => api.get<NotificationPage>('/notifications', { query: { page, pageSize: 20, ...(unreadOnly ? { unread: true } : {}) } }), [page, unreadOnly]);
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
          const to = SUBJECT_PATHS[n.subject.type] ? `${SUBJECT_PATHS[n.subject.type]}${n.subject.id}` : null;
          return (
            <li key={n.id} className={`card${n.readAt ? '' : ' unread'}`}>
              <h2>{to ? <Link to={to}>{n.title}</Link> : n.title}</h2>
              <p>{n.body}</p>
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
