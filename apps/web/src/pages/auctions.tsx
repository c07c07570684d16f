import type { Auction, Page } from '../api/types';
import { Empty, ErrorBanner, Loading, Money, Pager, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { AUCTION_STATUSES } from '../lib/vocabulary';
import { Link, navigate, useLocation } from '../router';
import { api } from '../session';

/** Auctions by status (open by default), each a link to its live room. */
export function AuctionsPage() {
  const { t, label } = useI18n();
  const { query } = useLocation();
  const status = query.get('status') ?? 'open';
  const page = Number(query.get('page') ?? 1);
  const list = useAsync(() => api.get<Page<Auction>>('/auctions', { query: { status, page, pageSize: 20 } }), [status, page]);
  return (
    <section>
      <h1>{t('auctions.title')}</h1>
      <div className="tabs" role="tablist" aria-label={t('auctions.byStatus')}>
        {AUCTION_STATUSES.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={s === status} onClick={() => navigate(`/auctions?status=${s}`)}>
            {label('auctionStatus', s)}
          </button>
        ))}
      </div>
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.items.length === 0 ? <Empty>{t('auctions.none')}</Empty> : null}
      <AuctionTable auctions={list.data?.items ?? []} />
      {list.data ? <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => navigate(`/auctions?status=${status}&page=${p}`)} /> : null}
    </section>
  );
}

export function AuctionTable({ auctions, actions }: { auctions: Auction[]; actions?: (auction: Auction) => React.ReactNode }) {
  const { t, label, locale } = useI18n();
  if (auctions.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th>{t('auction.type')}</th>
            <th>{t('auction.status')}</th>
            <th>{t('auction.currentPrice')}</th>
            <th>{t('auction.bidCount')}</th>
            <th>{t('auction.endsAt')}</th>
            {actions ? <th>{t('common.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {auctions.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/auctions/${a.id}`}>{label('auctionType', a.type)}</Link>
              </td>
              <td>
                <StatusBadge group="auctionStatus" status={a.status} />
              </td>
              <td>
                <Money amount={a.currentPrice ?? a.startPrice} negotiable={false} />
              </td>
              <td>{a.bidCount}</td>
              <td>{formatDateTime(a.endsAt, locale)}</td>
              {actions ? <td className="row-actions">{actions(a)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
