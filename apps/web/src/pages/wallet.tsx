import type { Wallet } from '../api/types';
import { ErrorBanner, Loading, Money } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { api } from '../session';

/** My organisation's deposit wallet: available and held balances and recent movements. */
export function WalletPage() {
  const { t, locale } = useI18n();
  const wallet = useAsync(() => api.get<Wallet>('/wallet'), []);
  if (wallet.error) return <ErrorBanner error={wallet.error} />;
  if (!wallet.data) return <Loading />;
  const w = wallet.data;
  return (
    <section>
      <h1>{t('nav.wallet')}</h1>
      <div className="stats">
        <div className="stat">
          <div className="stat-value" data-testid="wallet-available">
            <Money amount={w.available} />
          </div>
          <div className="muted">{t('wallet.available')}</div>
        </div>
        <div className="stat">
          <div className="stat-value">
            <Money amount={w.held} />
          </div>
          <div className="muted">{t('wallet.held')}</div>
        </div>
      </div>
      <p className="muted">{t('wallet.topUpLead')}</p>
      <h2>{t('wallet.movements')}</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('auction.time')}</th>
              <th>{t('wallet.account')}</th>
              <th>{t('wallet.amount')}</th>
              <th>{t('wallet.cause')}</th>
              <th>{t('wallet.reference')}</th>
            </tr>
          </thead>
          <tbody>
            {w.entries.map((e, i) => (
              <tr key={i}>
                <td>{formatDateTime(e.at, locale)}</td>
                <td>{e.account}</td>
                <td>
                  <Money amount={e.amount} />
                </td>
                <td>{e.cause}</td>
                <td>{e.reference ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
