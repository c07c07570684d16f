import { useState } from 'react';
import type { Listing, Page } from '../api/types';
import { ActionButton, Empty, ErrorBanner, Loading, Money, Pager, ReasonAction, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { Link, navigate, useLocation } from '../router';
import { api } from '../session';

const STATUSES = ['', 'draft', 'pending_review', 'published', 'rejected', 'suspended', 'sold', 'withdrawn'];

/** My organisation's listings in every status, with what can be done to each. */
export function MyListingsPage() {
  const { t, label, locale } = useI18n();
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const page = Number(query.get('page') ?? 1);
  const list = useAsync(() => api.get<Page<Listing>>('/listings/mine', { query: { status, page, pageSize: 20 } }), [status, page]);
  const [error, setError] = useState<unknown>(null);
  const act = async (work: Promise<unknown>) => {
    setError(null);
    await work;
    await list.reload();
  };
  return (
    <section>
      <header className="page-head">
        <h1>{t('nav.myListings')}</h1>
        <Link className="button primary" to="/my/listings/new">
          {t('listing.new')}
        </Link>
      </header>
      <div className="tabs" role="tablist" aria-label={t('listing.status')}>
        {STATUSES.map((s) => (
          <button key={s || 'all'} type="button" role="tab" aria-selected={s === status} onClick={() => navigate(s ? `/my/listings?status=${s}` : '/my/listings')}>
            {s ? label('listingStatus', s) : t('catalogue.all')}
          </button>
        ))}
      </div>
      <ErrorBanner error={list.error ?? error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.items.length === 0 ? <Empty>{t('listing.noneMine')}</Empty> : null}
      <ul className="cards">
        {list.data?.items.map((l) => (
          <li key={l.id} className="card" data-listing={l.id}>
            <h2>
              <Link to={`/listings/${l.id}`}>{l.title}</Link> <StatusBadge group="listingStatus" status={l.status} />
            </h2>
            <p className="muted small">
              {label('field', l.field)} · TRL {l.trl} · <Money amount={l.askingPrice} /> · {t('listing.updatedAt')} {formatDateTime(l.updatedAt, locale)}
            </p>
            {l.statusReason ? (
              <p className="small">
                {t('listing.statusReason')}: {l.statusReason}
              </p>
            ) : null}
            <div className="actions">
              {l.status === 'draft' || l.status === 'rejected' ? (
                <Link className="button" to={`/my/listings/${l.id}/edit`}>
                  {t('listing.edit')}
                </Link>
              ) : null}
              {l.status === 'draft' ? (
                <ActionButton className="primary" onAction={() => act(api.post(`/listings/${l.id}/submit`))} onError={setError}>
                  {t('listing.submit')}
                </ActionButton>
              ) : null}
              {l.status === 'published' ? (
                <>
                  <Link className="button primary" to={`/my/auctions/new?listingId=${l.id}`}>
                    {t('auction.create')}
                  </Link>
                  <ReasonAction label={t('listing.withdraw')} optional onSubmit={(reason) => act(api.post(`/listings/${l.id}/withdraw`, reason ? { reason } : {}))} />
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {list.data ? <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => navigate(`/my/listings?status=${status}&page=${p}`)} /> : null}
    </section>
  );
}
