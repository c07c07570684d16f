import { useState } from 'react';
import type { Listing, Page } from '../../api/types';
import { ActionButton, Empty, ErrorBanner, Loading, Money, Pager, ReasonAction, StatusBadge } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { Link, navigate, useLocation } from '../../router';
import { api } from '../../session';
import { OrganisationName } from '../../components/organisation-name';

const TABS = ['pending_review', 'published', 'suspended', 'rejected'];

/** The review queue, oldest first: approve (published, into the catalogue) or reject with a reason; suspend and reinstate. */
export function ReviewQueuePage() {
  const { t, label, locale } = useI18n();
  const { query } = useLocation();
  const status = query.get('status') ?? 'pending_review';
  const page = Number(query.get('page') ?? 1);
  const queue = useAsync(() => api.get<Page<Listing>>('/admin/listings', { query: { status, page, pageSize: 20 } }), [status, page]);
  const [error, setError] = useState<unknown>(null);
  const act = async (work: Promise<unknown>) => {
    setError(null);
    try {
      await work;
    } catch (e) {
      setError(e);
      throw e;
    }
    await queue.reload();
  };
  return (
    <section>
      <h1>{t('nav.review')}</h1>
      <div className="tabs" role="tablist" aria-label={t('listing.status')}>
        {TABS.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={s === status} onClick={() => navigate(`/admin/review?status=${s}`)}>
            {label('listingStatus', s)}
          </button>
        ))}
      </div>
      <ErrorBanner error={queue.error ?? error} />
      {queue.loading && !queue.data ? <Loading /> : null}
      {queue.data?.items.length === 0 ? <Empty>{t('review.none')}</Empty> : null}
      <ul className="cards">
        {queue.data?.items.map((l) => (
          <li key={l.id} className="card" data-listing={l.id}>
            <h2>
              <Link to={`/listings/${l.id}`}>{l.title}</Link> <StatusBadge group="listingStatus" status={l.status} />
            </h2>
            <p>{l.summary}</p>
            <dl className="facts compact">
              <dt>{t('listing.direction')}</dt>
              <dd>{label('direction', l.direction)}</dd>
              <dt>{t('listing.field')}</dt>
              <dd>
                {label('field', l.field)} · TRL {l.trl}
              </dd>
              <dt>{t('listing.price')}</dt>
              <dd>
                <Money amount={l.askingPrice} />
              </dd>
              <dt>{t('listing.secrecy')}</dt>
              <dd>{label('secrecy', l.secrecyLevel)}</dd>
              {l.declassification ? (
                <>
                  <dt>{t('listing.declassification')}</dt>
                  <dd>
                    {l.declassification.decisionNumber} · {l.declassification.authority} · {l.declassification.decisionDate}
                  </dd>
                </>
              ) : null}
              <dt>{t('listing.patents')}</dt>
              <dd>{l.patents.map((p) => p.number).join(', ') || '—'}</dd>
              <dt>{t('listing.updatedAt')}</dt>
              <dd>{formatDateTime(l.updatedAt, locale)}</dd>
              <dt>{t('review.owner')}</dt>
              <dd>
                <OrganisationName id={l.organisationId} />
              </dd>
            </dl>
            <div className="actions">
              {l.status === 'pending_review' ? (
                <>
                  <ActionButton className="primary" onAction={() => act(api.post(`/admin/listings/${l.id}/approve`))}>
                    {t('review.approve')}
                  </ActionButton>
                  <ReasonAction danger label={t('review.reject')} onSubmit={(reason) => act(api.post(`/admin/listings/${l.id}/reject`, { reason }))} />
                </>
              ) : null}
              {l.status === 'published' ? <ReasonAction danger label={t('review.suspend')} onSubmit={(reason) => act(api.post(`/admin/listings/${l.id}/suspend`, { reason }))} /> : null}
              {l.status === 'suspended' ? <ReasonAction label={t('review.reinstate')} optional onSubmit={(reason) => act(api.post(`/admin/listings/${l.id}/reinstate`, reason ? { reason } : {}))} /> : null}
            </div>
          </li>
        ))}
      </ul>
      {queue.data ? <Pager page={queue.data.page} pageSize={queue.data.pageSize} total={queue.data.total} onPage={(p) => navigate(`/admin/review?status=${status}&page=${p}`)} /> : null}
    </section>
  );
}
