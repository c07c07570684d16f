import { useState } from 'react';
import type { Auction, Page } from '../../api/types';
import { ActionButton, Empty, ErrorBanner, Loading, Pager, ReasonAction } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { AUCTION_STATUSES } from '../../lib/vocabulary';
import { navigate, useLocation } from '../../router';
import { api } from '../../session';
import { AuctionTable } from '../auctions';
import { TopUpForm } from './organisations';

/** Operators: auctions by status, with pause (reason), resume and cancel (reason, every deposit released). */
export function AuctionsAdminPage() {
  const { t, label } = useI18n();
  const { query } = useLocation();
  const status = query.get('status') ?? 'open';
  const page = Number(query.get('page') ?? 1);
  const list = useAsync(() => api.get<Page<Auction>>('/auctions', { query: { status, page, pageSize: 20 } }), [status, page]);
  const [error, setError] = useState<unknown>(null);
  const act = async (work: Promise<unknown>) => {
    setError(null);
    try {
      await work;
    } catch (e) {
      setError(e);
      throw e;
    }
    await list.reload();
  };
  return (
    <section>
      <h1>{t('nav.adminAuctions')}</h1>
      <div className="tabs" role="tablist" aria-label={t('auctions.byStatus')}>
        {AUCTION_STATUSES.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={s === status} onClick={() => navigate(`/admin/auctions?status=${s}`)}>
            {label('auctionStatus', s)}
          </button>
        ))}
      </div>
      <ErrorBanner error={list.error ?? error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.items.length === 0 ? <Empty>{t('auctions.none')}</Empty> : null}
      <AuctionTable
        auctions={list.data?.items ?? []}
        actions={(a) => (
          <>
            {a.status === 'open' || a.status === 'scheduled' ? <ReasonAction label={t('adminAuctions.pause')} onSubmit={(reason) => act(api.post(`/admin/auctions/${a.id}/pause`, { reason }))} /> : null}
            {a.status === 'paused' ? <ActionButton onAction={() => act(api.post(`/admin/auctions/${a.id}/resume`, {}))}>{t('adminAuctions.resume')}</ActionButton> : null}
            {['open', 'scheduled', 'paused'].includes(a.status) ? (
              <ReasonAction danger label={t('adminAuctions.cancel')} onSubmit={(reason) => act(api.post(`/admin/auctions/${a.id}/cancel`, { reason }))} />
            ) : null}
          </>
        )}
      />
      {list.data ? <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => navigate(`/admin/auctions?status=${status}&page=${p}`)} /> : null}
      <TopUpForm />
    </section>
  );
}
