import { FormEvent, useState } from 'react';
import type { Page, Trade } from '../api/types';
import { ActionButton, Empty, ErrorBanner, Field, Loading, Money, Notice, Pager, ReasonAction, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { TRADE_STATUSES } from '../lib/vocabulary';
import { Link, navigate, useLocation } from '../router';
import { api, isOperator, useSession } from '../session';
import { OrganisationName } from '../components/organisation-name';

/** Trades of my organisation (operators: all, by status; flagged ones unsigned past the deadline). */
export function TradesPage({ admin }: { admin?: boolean }) {
  const { t, label, locale } = useI18n();
  const { query, path } = useLocation();
  const status = query.get('status') ?? (admin ? 'disputed' : '');
  const flagged = query.get('flagged') === 'true';
  const page = Number(query.get('page') ?? 1);
  const list = useAsync(() => api.get<Page<Trade>>('/trades', { query: { status, page, pageSize: 20, ...(flagged ? { flagged: 'true' } : {}) } }), [status, page, flagged]);
  return (
    <section>
      <h1>{admin ? t('nav.adminTrades') : t('nav.myTrades')}</h1>
      <div className="tabs" role="tablist" aria-label={t('trade.status')}>
        {['', ...TRADE_STATUSES].map((s) => (
          <button key={s || 'all'} type="button" role="tab" aria-selected={!flagged && s === status} onClick={() => navigate(s ? `${path}?status=${s}` : path)}>
            {s ? label('tradeStatus', s) : t('catalogue.all')}
          </button>
        ))}
        {admin ? (
          <button type="button" role="tab" aria-selected={flagged} onClick={() => navigate(`${path}?flagged=true`)}>
            {t('trade.flagged')}
          </button>
        ) : null}
      </div>
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.items.length === 0 ? <Empty>{t('trade.none')}</Empty> : null}
      {list.data?.items.length ? (
        <div className="table-wrap">
          <table className="table" data-testid="trades">
            <thead>
              <tr>
                <th>{t('trade.listing')}</th>
                <th>{t('trade.myRole')}</th>
                <th>{admin ? t('trade.parties') : t('trade.counterparty')}</th>
                <th>{t('trade.amount')}</th>
                <th>{t('trade.source')}</th>
                <th>{t('trade.status')}</th>
                <th>{t('trade.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((tr) => (
                <tr key={tr.id}>
                  <td>
                    <Link to={`/trades/${tr.id}`}>{tr.listingTitle ?? tr.listingId}</Link>
                  </td>
                  <td>{tr.myRole ? label('tradeRole', tr.myRole) : '—'}</td>
                  <td>
                    <TradeParties trade={tr} />
                  </td>
                  <td>
                    <Money amount={tr.amount} />
                  </td>
                  <td>{label('tradeSource', tr.source)}</td>
                  <td>
                    <StatusBadge group="tradeStatus" status={tr.status} />
                  </td>
                  <td>{formatDateTime(tr.createdAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.data ? <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => navigate(`${path}?status=${status}&page=${p}`)} /> : null}
    </section>
  );
}

/** One trade: the contract terms (the seller proposes, both sign the same version), payment, delivery, disputes. */
export function TradePage({ id }: { id: string }) {
  const { t, label, locale } = useI18n();
  const { me } = useSession();
  const trade = useAsync(() => api.get<Trade>(`/trades/${id}`), [id]);
  const [error, setError] = useState<unknown>(null);
  const act = async (work: Promise<Trade>) => {
    setError(null);
    try {
      trade.setData(await work);
    } catch (e) {
      setError(e);
      throw e;
    }
  };
  if (trade.error) return <ErrorBanner error={trade.error} />;
  if (!trade.data) return <Loading />;
  const tr = trade.data;
  const c = tr.contract;
  const hasTerms = Boolean(c.scope);
  const mySignature = tr.myRole === 'seller' ? c.sellerSignedAt : tr.myRole === 'buyer' ? c.buyerSignedAt : null;
  const operator = isOperator(me);
  return (
    <article>
      <p>
        <Link to={operator ? '/admin/trades' : '/my/trades'}>← {operator ? t('nav.adminTrades') : t('nav.myTrades')}</Link>
      </p>
      <header className="page-head">
        <h1>{tr.listingTitle ?? t('trade.title')}</h1>
        <StatusBadge group="tradeStatus" status={tr.status} />
      </header>
      <div className="grid-2">
        <section className="panel">
          <h2>{t('trade.deal')}</h2>
          <dl className="facts">
            <dt>{t('trade.myRole')}</dt>
            <dd>{tr.myRole ? label('tradeRole', tr.myRole) : '—'}</dd>
            <dt>{label('tradeRole', 'seller')}</dt>
            <dd data-party="seller">
              <OrganisationName id={tr.sellerOrganisationId} />
            </dd>
            <dt>{label('tradeRole', 'buyer')}</dt>
            <dd data-party="buyer">
              <OrganisationName id={tr.buyerOrganisationId} />
            </dd>
            <dt>{t('trade.amount')}</dt>
            <dd>
              <Money amount={tr.amount} />
            </dd>
            <dt>{t('trade.depositApplied')}</dt>
            <dd>
              <Money amount={tr.depositApplied} />
            </dd>
            <dt>{t('trade.outstanding')}</dt>
            <dd>
              <Money amount={tr.outstanding} />
            </dd>
            <dt>{t('listing.modes')}</dt>
            <dd>{label('mode', tr.transactionMode)}</dd>
            <dt>{t('trade.source')}</dt>
            <dd>
              {tr.auctionId ? <Link to={`/auctions/${tr.auctionId}`}>{label('tradeSource', tr.source)}</Link> : label('tradeSource', tr.source)}
            </dd>
            <dt>{t('trade.listing')}</dt>
            <dd>
              <Link to={`/listings/${tr.listingId}`}>{tr.listingTitle ?? tr.listingId}</Link>
            </dd>
            <dt>{t('trade.createdAt')}</dt>
            <dd>{formatDateTime(tr.createdAt, locale)}</dd>
            {tr.signedAt ? (
              <>
                <dt>{t('trade.signedAt')}</dt>
                <dd>{formatDateTime(tr.signedAt, locale)}</dd>
              </>
            ) : null}
            {tr.paidAt ? (
              <>
                <dt>{t('trade.paidAt')}</dt>
                <dd>{formatDateTime(tr.paidAt, locale)}</dd>
              </>
            ) : null}
            {tr.completedAt ? (
              <>
                <dt>{t('trade.completedAt')}</dt>
                <dd>{formatDateTime(tr.completedAt, locale)}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="panel" data-testid="contract">
          <h2>{t('trade.contract', { version: c.termsVersion })}</h2>
          {hasTerms ? (
            <dl className="facts">
              <dt>{t('trade.scope')}</dt>
              <dd className="pre">{c.scope}</dd>
              <dt>{t('trade.effectiveDate')}</dt>
              <dd>{c.effectiveDate}</dd>
              <dt>{t('trade.expiryDate')}</dt>
              <dd>{c.expiryDate ?? t('trade.noExpiry')}</dd>
              <dt>{t('trade.sellerSigned')}</dt>
              <dd>{c.sellerSignedAt ? formatDateTime(c.sellerSignedAt, locale) : t('trade.notSigned')}</dd>
              <dt>{t('trade.buyerSigned')}</dt>
              <dd>{c.buyerSignedAt ? formatDateTime(c.buyerSignedAt, locale) : t('trade.notSigned')}</dd>
            </dl>
          ) : (
            <p className="muted">{tr.myRole === 'seller' ? t('trade.proposeLead') : t('trade.waitingTerms')}</p>
          )}
          {tr.status === 'pending_signature' && hasTerms && tr.myRole && !mySignature ? (
            <ActionButton className="primary" onAction={() => act(api.post<Trade>(`/trades/${tr.id}/signatures`, { termsVersion: c.termsVersion }))} onError={() => undefined}>
              {t('trade.sign', { version: c.termsVersion })}
            </ActionButton>
          ) : null}
          {tr.status === 'pending_signature' && mySignature ? <Notice>{t('trade.youSigned')}</Notice> : null}
        </section>
      </div>
      {tr.status === 'pending_signature' && tr.myRole === 'seller' ? <TermsForm trade={tr} onSaved={(x) => trade.setData(x)} /> : null}
      {tr.dispute ? (
        <section className="panel">
          <h2>{t('trade.dispute')}</h2>
          <p>
            {formatDateTime(tr.dispute.disputedAt, locale)} · {tr.dispute.reason}
          </p>
          {tr.dispute.resolutionReason ? (
            <p>
              {t('trade.resolution')}: {tr.dispute.resolutionReason}
            </p>
          ) : null}
        </section>
      ) : null}
      <ErrorBanner error={error} />
      <div className="actions">
        {tr.status === 'paid' && (tr.myRole === 'buyer' || operator) ? (
          <ActionButton className="primary" onAction={() => act(api.post<Trade>(`/trades/${tr.id}/completion`))} onError={() => undefined}>
            {t('trade.acceptDelivery')}
          </ActionButton>
        ) : null}
        {(tr.status === 'signed' || tr.status === 'paid') && tr.myRole ? (
          <ReasonAction danger label={t('trade.raiseDispute')} onSubmit={(reason) => act(api.post<Trade>(`/trades/${tr.id}/disputes`, { reason }))} />
        ) : null}
      </div>
      {operator ? <OperatorTradeActions trade={tr} onChange={(x) => trade.setData(x)} /> : null}
    </article>
  );
}

function TermsForm({ trade, onSaved }: { trade: Trade; onSaved(trade: Trade): void }) {
  const { t } = useI18n();
  const [scope, setScope] = useState(trade.contract.scope ?? '');
  const [effectiveDate, setEffectiveDate] = useState(trade.contract.effectiveDate ?? '');
  const [expiryDate, setExpiryDate] = useState(trade.contract.expiryDate ?? '');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      onSaved(await api.put<Trade>(`/trades/${trade.id}/contract`, { scope: scope.trim(), effectiveDate, expiryDate: expiryDate || null }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="panel" onSubmit={submit} noValidate>
      <h2>{trade.contract.scope ? t('trade.changeTerms') : t('trade.proposeTerms')}</h2>
      <Field label={t('trade.scope')} name="scope" error={error} hint={t('trade.scopeHint')} required>
        {(p) => <textarea {...p} rows={3} value={scope} onChange={(e) => setScope(e.target.value)} />}
      </Field>
      <div className="grid-2">
        <Field label={t('trade.effectiveDate')} name="effectiveDate" error={error} required>
          {(p) => <input {...p} type="date" value={effectiveDate} onChange={(e) => setEffectiveDate(e.target.value)} />}
        </Field>
        <Field label={t('trade.expiryDate')} name="expiryDate" error={error} hint={t('trade.expiryHint')}>
          {(p) => <input {...p} type="date" value={expiryDate} onChange={(e) => setExpiryDate(e.target.value)} />}
        </Field>
      </div>
      <ErrorBanner error={error} claimed={['scope', 'effectiveDate', 'expiryDate']} />
      <button type="submit" className="primary">
        {t('trade.saveTerms')}
      </button>
    </form>
  );
}

/** Operators: confirm the buyer's bank transfer into escrow; resolve a dispute. */
function OperatorTradeActions({ trade, onChange }: { trade: Trade; onChange(trade: Trade): void }) {
  const { t, label } = useI18n();
  const [reference, setReference] = useState('');
  const [outcome, setOutcome] = useState('completed');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const run = async (event: FormEvent, work: () => Promise<Trade>) => {
    event.preventDefault();
    setError(null);
    try {
      onChange(await work());
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel">
      <h2>{t('trade.operatorActions')}</h2>
      {trade.status === 'signed' ? (
        <form onSubmit={(e) => run(e, () => api.post<Trade>(`/admin/trades/${trade.id}/payments`, { amount: trade.outstanding, reference: reference.trim() }))} noValidate>
          <p>{t('trade.confirmPaymentLead', { amount: trade.outstanding })}</p>
          <Field label={t('wallet.reference')} name="reference" error={error} required>
            {(p) => <input {...p} value={reference} onChange={(e) => setReference(e.target.value)} placeholder="BANK-20261126-0042" />}
          </Field>
          <button type="submit" className="primary">
            {t('trade.confirmPayment')}
          </button>
        </form>
      ) : null}
      {trade.status === 'disputed' ? (
        <form onSubmit={(e) => run(e, () => api.post<Trade>(`/admin/trades/${trade.id}/resolution`, { outcome, reason: reason.trim() }))} noValidate>
          <Field label={t('trade.outcome')} name="outcome" error={error} required>
            {(p) => (
              <select {...p} value={outcome} onChange={(e) => setOutcome(e.target.value)}>
                {['completed', 'refunded', 'cancelled'].map((o) => (
                  <option key={o} value={o}>
                    {label('tradeStatus', o)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('common.reason')} name="reason" error={error} required>
            {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <button type="submit" className="primary">
            {t('trade.resolve')}
          </button>
        </form>
      ) : null}
      {trade.status !== 'signed' && trade.status !== 'disputed' ? <p className="muted">{t('trade.noOperatorAction')}</p> : null}
      <ErrorBanner error={error} claimed={['reference', 'amount', 'outcome', 'reason']} />
    </section>
  );
}

/** In a list: the other party to a member, both (seller → buyer) to an operator. */
function TradeParties({ trade }: { trade: Trade }) {
  if (trade.myRole === 'seller') return <OrganisationName id={trade.buyerOrganisationId} />;
  if (trade.myRole === 'buyer') return <OrganisationName id={trade.sellerOrganisationId} />;
  return (
    <>
      <OrganisationName id={trade.sellerOrganisationId} /> → <OrganisationName id={trade.buyerOrganisationId} />
    </>
  );
}
