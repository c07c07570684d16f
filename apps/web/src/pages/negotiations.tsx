import { FormEvent, useState } from 'react';
import type { Interest, ListingRead, Negotiation, Page } from '../api/types';
import { ActionButton, Empty, ErrorBanner, Field, Loading, Money, Notice, ReasonAction, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDateTime, formatYuan } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { Link, navigate, useLocation } from '../router';
import { api } from '../session';
import { OrganisationName } from '../components/organisation-name';

/** On a published listing of another organisation: express interest, with a message to the owner. */
/** `refs`: the demand and match an interest expressed from a match answers (kept on the interest as references). */
export function ExpressInterest({ listingId, refs }: { listingId: string; refs?: { demandRef: string; matchRef: string } }) {
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await api.post<Interest>('/interests', { listingId, message: message.trim(), ...refs });
      navigate('/my/interests?role=buyer');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={submit} noValidate>
      <h2>{t('interest.express')}</h2>
      <p className="muted">{t('interest.expressLead')}</p>
      <Field label={t('interest.message')} name="message" error={error} required>
        {(p) => <textarea {...p} rows={3} maxLength={2000} value={message} onChange={(e) => setMessage(e.target.value)} placeholder={t('interest.messagePlaceholder')} />}
      </Field>
      <ErrorBanner error={error} claimed={['message']} />
      <button type="submit" className="primary" disabled={busy}>
        {t('interest.send')}
      </button>
    </form>
  );
}

/** Interests my organisation expressed (as buyer) or received (as seller), and the negotiation threads they opened. */
export function InterestsPage() {
  const { t, label, locale } = useI18n();
  const { query } = useLocation();
  const role = query.get('role') === 'buyer' ? 'buyer' : 'seller';
  const interests = useAsync(() => api.get<Page<Interest>>('/interests', { query: { role, pageSize: 50 } }), [role]);
  const threads = useAsync(() => api.get<Page<Negotiation>>('/negotiations', { query: { role, pageSize: 50 } }), [role]);
  const [error, setError] = useState<unknown>(null);
  const act = async (work: Promise<Interest>) => {
    setError(null);
    try {
      const interest = await work;
      if (interest.negotiationId) navigate(`/negotiations/${interest.negotiationId}`);
      else await interests.reload();
    } catch (e) {
      setError(e);
      throw e;
    }
  };
  return (
    <section>
      <h1>{t('nav.interests')}</h1>
      <div className="tabs" role="tablist" aria-label={t('interest.side')}>
        {(['seller', 'buyer'] as const).map((r) => (
          <button key={r} type="button" role="tab" aria-selected={r === role} onClick={() => navigate(`/my/interests?role=${r}`)}>
            {t(r === 'seller' ? 'interest.received' : 'interest.expressed')}
          </button>
        ))}
      </div>
      <ErrorBanner error={interests.error ?? threads.error ?? error} />
      <section className="panel">
        <h2>{t('interest.title')}</h2>
        {interests.loading && !interests.data ? <Loading /> : null}
        {interests.data?.items.length === 0 ? <Empty>{t('interest.none')}</Empty> : null}
        <ul className="cards">
          {interests.data?.items.map((i) => (
            <li key={i.id} className="card" data-interest={i.id}>
              <h3>
                <Link to={`/listings/${i.listingId}`}>{i.listingTitle}</Link> <StatusBadge group="interestStatus" status={i.status} />
              </h3>
              <p className="pre">{i.message}</p>
              <p className="muted small">
                <InterestParties interest={i} /> · {formatDateTime(i.createdAt, locale)}
              </p>
              {i.response?.message ? (
                <p className="small">
                  {label('interestStatus', i.response.outcome)}: {i.response.message}
                </p>
              ) : null}
              <div className="actions">
                {i.status === 'pending' && i.viewerRole === 'seller' ? (
                  <>
                    <ReasonAction label={t('interest.accept')} optional onSubmit={(message) => act(api.post<Interest>(`/interests/${i.id}/accept`, message ? { message } : {}))} />
                    <ReasonAction danger label={t('interest.decline')} onSubmit={(message) => act(api.post<Interest>(`/interests/${i.id}/decline`, { message }))} />
                  </>
                ) : null}
                {i.status === 'pending' && i.viewerRole === 'buyer' ? (
                  <ActionButton onAction={() => act(api.post<Interest>(`/interests/${i.id}/withdraw`, {}))}>{t('interest.withdraw')}</ActionButton>
                ) : null}
                {i.negotiationId ? (
                  <Link className="button" to={`/negotiations/${i.negotiationId}`}>
                    {t('negotiation.open')}
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel">
        <h2>{t('negotiation.title')}</h2>
        {threads.data?.items.length === 0 ? <Empty>{t('negotiation.none')}</Empty> : null}
        <ul className="plain">
          {threads.data?.items.map((n) => (
            <li key={n.id}>
              <Link to={`/negotiations/${n.id}`}>{n.listingTitle}</Link> <StatusBadge group="negotiationStatus" status={n.status} />{' '}
              {n.currentOffer ? (
                <span className="muted small">
                  {t('negotiation.currentOffer')} <Money amount={n.currentOffer.amount} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

/** A negotiation thread: messages and offers in order; offer, counter-offer, accept, reject, withdraw; the agreement's trade. */
export function NegotiationPage({ id }: { id: string }) {
  const { t, label, locale } = useI18n();
  const thread = useAsync(() => api.get<Negotiation>(`/negotiations/${id}`), [id]);
  const listing = useAsync(() => (thread.data ? api.get<ListingRead>(`/listings/${thread.data.listingId}`).catch(() => null) : Promise.resolve(null)), [thread.data?.listingId]);
  const [message, setMessage] = useState('');
  const [amount, setAmount] = useState('');
  const [mode, setMode] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const update = async (work: Promise<Negotiation>) => {
    setError(null);
    try {
      thread.setData(await work);
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  if (thread.error) return <ErrorBanner error={thread.error} />;
  if (!thread.data) return <Loading />;
  const n = thread.data;
  const party = n.viewerRole === 'buyer' || n.viewerRole === 'seller';
  const open = n.status === 'open' && party;
  const modes = listing.data?.transactionModes ?? [];
  const offer = n.currentOffer;
  const theirs = offer && offer.madeBy !== n.viewerRole;
  return (
    <article>
      <p>
        <Link to={`/my/interests?role=${n.viewerRole === 'buyer' ? 'buyer' : 'seller'}`}>← {t('nav.interests')}</Link>
      </p>
      <header className="page-head">
        <h1>{n.listingTitle}</h1>
        <StatusBadge group="negotiationStatus" status={n.status} />
      </header>
      <p className="muted">
        {t('negotiation.youAre', { role: label('tradeRole', n.viewerRole) })} · <Link to={`/listings/${n.listingId}`}>{t('auction.toListing')}</Link>
      </p>
      <p className="muted small" data-testid="parties">
        <span data-party="seller">
          {label('tradeRole', 'seller')} <OrganisationName id={n.sellerOrganisationId} />
        </span>{' '}
        ·{' '}
        <span data-party="buyer">
          {label('tradeRole', 'buyer')} <OrganisationName id={n.buyerOrganisationId} />
        </span>
      </p>
      {n.agreement ? (
        <Notice>
          {t('negotiation.agreed', { amount: formatYuan(n.agreement.amount) ?? '', mode: label('mode', n.agreement.transactionMode) })}{' '}
          {n.tradeId ? (
            <Link to={`/trades/${n.tradeId}`}>{t('negotiation.toTrade')}</Link>
          ) : n.tradeRefusal ? (
            <strong data-testid="trade-refused">{t('negotiation.tradeRefused', { reason: n.tradeRefusal.reason })}</strong>
          ) : (
            t('negotiation.tradeOpening')
          )}
        </Notice>
      ) : null}
      {n.closure ? <p className="banner">{t('negotiation.closed', { reason: n.closure.reason })}</p> : null}

      <section className="panel">
        <h2>{t('negotiation.timeline')}</h2>
        <ol className="timeline" data-testid="timeline">
          {n.timeline.map((e) => (
            <li key={`${e.type}-${e.id}`} className={`entry entry-${e.type} from-${e.type === 'message' ? e.author : e.madeBy}`}>
              <div className="muted small">
                {label('tradeRole', e.type === 'message' ? e.author : e.madeBy)} · {formatDateTime(e.createdAt, locale)}
              </div>
              {e.type === 'message' ? (
                <p className="pre">{e.body}</p>
              ) : (
                <p>
                  <strong>
                    {t('negotiation.offer')} <Money amount={e.amount} />
                  </strong>{' '}
                  · {label('mode', e.transactionMode)} · <StatusBadge group="offerStatus" status={e.status} />
                  {e.note ? <span className="pre"> — {e.note}</span> : null}
                  {e.responseNote ? <span className="muted"> ({e.responseNote})</span> : null}
                </p>
              )}
            </li>
          ))}
        </ol>
        {offer && open ? (
          <div className="actions">
            {theirs ? (
              <>
                <ActionButton className="primary" onAction={() => update(api.post<Negotiation>(`/negotiations/${n.id}/offers/${offer.id}/accept`, {}))}>
                  {t('negotiation.acceptOffer', { amount: formatYuan(offer.amount) ?? '' })}
                </ActionButton>
                <ReasonAction label={t('negotiation.rejectOffer')} optional onSubmit={(reason) => update(api.post<Negotiation>(`/negotiations/${n.id}/offers/${offer.id}/reject`, reason ? { note: reason } : {}))} />
              </>
            ) : (
              <ActionButton onAction={() => update(api.post<Negotiation>(`/negotiations/${n.id}/offers/${offer.id}/withdraw`, {}))}>{t('negotiation.withdrawOffer')}</ActionButton>
            )}
          </div>
        ) : null}
      </section>
      <ErrorBanner error={error} claimed={['body', 'amount', 'transactionMode', 'note']} />
      {party && n.status !== 'closed' ? (
        <div className="grid-2">
          <form
            className="panel"
            noValidate
            onSubmit={async (event) => {
              event.preventDefault();
              if (await update(api.post<Negotiation>(`/negotiations/${n.id}/messages`, { body: message.trim() }))) setMessage('');
            }}
          >
            <Field label={t('negotiation.message')} name="body" error={error} required>
              {(p) => <textarea {...p} rows={3} maxLength={4000} value={message} onChange={(e) => setMessage(e.target.value)} />}
            </Field>
            <button type="submit">{t('negotiation.send')}</button>
          </form>
          {open ? (
            <form
              className="panel"
              noValidate
              onSubmit={async (event) => {
                event.preventDefault();
                const body = { amount: amount.trim(), transactionMode: mode || modes[0], ...(note.trim() ? { note: note.trim() } : {}) };
                if (await update(api.post<Negotiation>(`/negotiations/${n.id}/offers`, body))) {
                  setAmount('');
                  setNote('');
                }
              }}
            >
              <h2>{offer ? t('negotiation.counter') : t('negotiation.makeOffer')}</h2>
              <div className="grid-2">
                <Field label={t('negotiation.amount')} name="amount" error={error} required>
                  {(p) => <input {...p} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="1180000.00" />}
                </Field>
                <Field label={t('listing.modes')} name="transactionMode" error={error} required>
                  {(p) => (
                    <select {...p} value={mode || modes[0] || ''} onChange={(e) => setMode(e.target.value)}>
                      {modes.map((m) => (
                        <option key={m} value={m}>
                          {label('mode', m)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              <Field label={t('negotiation.note')} name="note" error={error}>
                {(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} />}
              </Field>
              <button type="submit" className="primary">
                {t('negotiation.sendOffer')}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      {open ? <ReasonAction danger label={t('negotiation.end')} onSubmit={(reason) => update(api.post<Negotiation>(`/negotiations/${n.id}/withdraw`, { reason }))} /> : null}
    </article>
  );
}

/**
 * The other side of an interest: the seller sees who is interested; the buyer sees the seller only
 * once its interest was accepted (the API sends no seller before, and the console asks for nothing more).
 */
function InterestParties({ interest }: { interest: Interest }) {
  const { label } = useI18n();
  if (interest.viewerRole === 'buyer') {
    return interest.sellerOrganisationId ? (
      <span data-party="seller">
        {label('tradeRole', 'seller')} <OrganisationName id={interest.sellerOrganisationId} />
      </span>
    ) : null;
  }
  return (
    <span data-party="buyer">
      {label('tradeRole', 'buyer')} <OrganisationName id={interest.buyerOrganisationId} />
    </span>
  );
}
