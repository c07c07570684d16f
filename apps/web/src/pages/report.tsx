import { useState } from 'react';
import type { AnnualReport, OrganisationReportRow, ReportMetrics, ReportRow } from '../api/types';
import { Bars, ErrorBanner, Loading, Money } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatYuan } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { navigate, useLocation } from '../router';
import { api, isOperator, useSession } from '../session';

const METRICS = ['listingsPublished', 'evaluationsCompleted', 'auctionsHeld', 'auctionsCleared', 'negotiatedDeals', 'tradesCompleted', 'tradeVolume'] as const;
type Metric = (typeof METRICS)[number];

/** Yuan strings become whole yuan for bar lengths only; labels show the exact amount. */
const valueOf = (row: ReportMetrics, metric: Metric) => (metric === 'tradeVolume' ? Number(row.tradeVolume.split('.')[0]) : row[metric]);

/** The annual report: totals, and bars by field, direction, region and month for a chosen figure; CSV for spreadsheets. */
export function ReportPage() {
  const { t, language } = useI18n();
  const { me } = useSession();
  const operator = isOperator(me);
  const { query } = useLocation();
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const year = Number(query.get('year') ?? thisYear);
  // Operators get the same report with the per-organisation detail.
  const report = useAsync(() => api.get<AnnualReport>(operator ? '/admin/reports/annual' : '/reports/annual', { query: { year } }), [year, operator]);
  const [metric, setMetric] = useState<Metric>('listingsPublished');
  const rows = (list: ReportRow[]) => list.map((r) => ({ label: r.label[language] ?? r.key, value: valueOf(r, metric) }));
  const format = (v: number) => (metric === 'tradeVolume' ? (formatYuan(String(v)) ?? String(v)).replace(/\.00$/, '') : String(v));
  return (
    <section>
      <header className="page-head">
        <h1>{t('report.title', { year })}</h1>
        <label>
          {t('report.year')}{' '}
          <select value={year} onChange={(e) => navigate(`/reports?year=${e.target.value}`)}>
            {[0, 1, 2, 3].map((i) => (
              <option key={i} value={thisYear - i}>
                {thisYear - i}
              </option>
            ))}
          </select>
        </label>
        <a className="button" href={`/api/v1/reports/annual?year=${year}&format=csv`} download>
          {t('report.csv')}
        </a>
      </header>
      <ErrorBanner error={report.error} />
      {report.loading && !report.data ? <Loading /> : null}
      {report.data ? (
        <>
          <div className="stats">
            {METRICS.map((m) => (
              <div key={m} className="stat">
                <div className="stat-value">{m === 'tradeVolume' ? <Money amount={report.data!.totals.tradeVolume} /> : report.data!.totals[m]}</div>
                <div className="muted">{t(`metric.${m}`)}</div>
              </div>
            ))}
            <div className="stat">
              <div className="stat-value">{report.data.totals.clearanceRate ? `${(Number(report.data.totals.clearanceRate) * 100).toFixed(1)}%` : '—'}</div>
              <div className="muted">{t('metric.clearanceRate')}</div>
            </div>
            <div className="stat">
              <div className="stat-value">{report.data.totals.medianDaysToDeal ?? '—'}</div>
              <div className="muted">{t('metric.medianDaysToDeal')}</div>
            </div>
          </div>
          <label className="metric-select">
            {t('report.metric')}{' '}
            <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`metric.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="charts">
            <Bars title={t('report.byField')} rows={rows(report.data.byField)} format={format} />
            <Bars title={t('report.byDirection')} rows={rows(report.data.byDirection)} format={format} />
            <Bars title={t('report.byRegion')} rows={rows(report.data.byRegion)} format={format} />
            <Bars title={t('report.byMonth')} rows={rows(report.data.byMonth)} format={format} />
          </div>
          {report.data.organisations ? <OrganisationsTable year={year} rows={report.data.organisations} /> : null}
        </>
      ) : null}
    </section>
  );
}

/** Operators: each organisation's figures for the year, and the same as CSV (fetched with the token, saved as a file). */
function OrganisationsTable({ year, rows }: { year: number; rows: OrganisationReportRow[] }) {
  const { t, label } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setError(null);
    try {
      const csv = await api.get<string>('/admin/reports/annual', { query: { year, format: 'csv' } });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `annual-report-organisations-${year}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel" aria-labelledby="org-report-heading">
      <header className="page-head">
        <h2 id="org-report-heading">{t('report.byOrganisation')}</h2>
        <button type="button" onClick={download}>
          {t('report.csvOrganisations')}
        </button>
      </header>
      <ErrorBanner error={error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('org.name')}</th>
              <th scope="col">{t('org.kind')}</th>
              <th scope="col">{t('org.region')}</th>
              <th scope="col">{t('metric.listingsPublished')}</th>
              <th scope="col">{t('metric.auctionsHeld')}</th>
              <th scope="col">{t('metric.auctionsCleared')}</th>
              <th scope="col">{t('report.dealsAsSeller')}</th>
              <th scope="col">{t('report.dealsAsBuyer')}</th>
              <th scope="col">{t('report.volumeAsSeller')}</th>
              <th scope="col">{t('report.volumeAsBuyer')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.organisationId} data-organisation={r.organisationId}>
                <th scope="row">{r.name}</th>
                <td>{label('orgKind', r.kind)}</td>
                <td>{r.region}</td>
                <td>{r.listingsPublished}</td>
                <td>{r.auctionsHeld}</td>
                <td>{r.auctionsCleared}</td>
                <td>{r.dealsAsSeller}</td>
                <td>{r.dealsAsBuyer}</td>
                <td>
                  <Money amount={r.volumeAsSeller} />
                </td>
                <td>
                  <Money amount={r.volumeAsBuyer} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
