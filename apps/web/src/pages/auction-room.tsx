import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, idempotencyKey } from '../api/client';
import type { Auction, AuctionEvent, Bid, BidReceipt, ListingRead, Registration } from '../api/types';
import { ErrorBanner, Field, Loading, Money, Notice, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dutchPriceAt, isBiddable, isSealed } from '../lib/auction';
import { formatCountdown, formatDateTime, formatYuan, isYuanAmount } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { Link } from '../router';
import { api, isMember, useSession } from '../session';

type Connection = 'connecting' | 'live' | 'reconnecting' | 'closed';

/**
 * Follows one auction from its server-sent events (`GET /auctions/:id/events`): the price, the leader's alias,
 * the end time with soft-close extensions, and the bid history, all without reloading.
 */
function useLiveAuction(id: string) {
  const [auction, setAuction] = useState<Auction | null>(null);
  const [bids, setBids] = useState<Bid[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [extendedAt, setExtendedAt] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const loadBids = useCallback(() => api.get<Bid[]>(`/auctions/${id}/bids`).then(setBids).catch(() => undefined), [id]);

  useEffect(() => {
    let closed = false;
    api
      .get<Auction>(`/auctions/${id}`)
      .then((a) => !closed && setAuction((current) => current ?? a))
      .catch((e) => !closed && setError(e));
    void loadBids();
    const source = new EventSource(`/api/v1/auctions/${encodeURIComponent(id)}/events`);
    const onEvent = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as AuctionEvent;
      setAuction(event.auction);
      setConnection('live');
      if (event.extended) setExtendedAt(event.auction.endsAt);
      if (event.kind !== 'status' || event.auction.bidCount > 0) void loadBids();
      if (event.kind === 'settled' || event.auction.status === 'cancelled') {
        source.close();
        setConnection('closed');
      }
    };
    for (const kind of ['status', 'bid', 'settled']) source.addEventListener(kind, onEvent as EventListener);
    source.onopen = () => setConnection('live');
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    return () => {
      closed = true;
      source.close();
    };
  }, [id, loadBids]);

  return { auction, setAuction, bids, connection, extendedAt, error, loadBids };
}

function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function AuctionRoomPage({ id }: { id: string }) {
  const { t, label, locale, alias } = useI18n();
  const { me } = useSession();
  const { auction, setAuction, bids, connection, extendedAt, error, loadBids } = useLiveAuction(id);
  const listing = useAsync(() => (auction ? api.get<ListingRead>(`/listings/${auction.listingId}`) : Promise.resolve(null)), [auction?.listingId]);
  const now = useNow();

  if (error && !auction) return <ErrorBanner error={error} />;
  if (!auction) return <Loading />;

  const ends = new Date(auction.endsAt).getTime();
  const starts = new Date(auction.startsAt).getTime();
  const dutchPrice = dutchPriceAt(auction, now);
  const shownPrice = auction.type === 'dutch' && auction.status === 'open' ? dutchPrice : auction.currentPrice;
  const extended = auction.endsAt !== auction.scheduledEndsAt;

  return (
    <article className="auction-room">
      <p>
        <Link to="/auctions">← {t('nav.auctions')}</Link>
      </p>
      <header className="page-head">
        <h1>{listing.data ? listing.data.title : t('auction.room')}</h1>
        <StatusBadge group="auctionStatus" status={auction.status} />
        <span className={`live live-${connection}`} role="status" data-connection={connection}>
          {label('connection', connection)}
        </span>
      </header>
      <p className="muted">
        {label('auctionType', auction.type)}
        {auction.transactionMode ? ` · ${label('mode', auction.transactionMode)}` : ''}
        {listing.data ? (
          <>
            {' · '}
            <Link to={`/listings/${auction.listingId}`}>{t('auction.toListing')}</Link>
          </>
        ) : null}
      </p>

      <div className="grid-2">
        <section className="panel price-panel" aria-live="polite">
          <h2 className="visually-hidden">{t('auction.state')}</h2>
          <div className="big-price" data-testid="current-price">
            {shownPrice ? formatYuan(shownPrice) : isSealed(auction) && auction.status !== 'settled' ? t('auction.sealedHidden') : formatYuan(auction.startPrice)}
          </div>
          <div className="muted">{shownPrice ? t('auction.currentPrice') : t('auction.startPrice')}</div>
          <dl className="facts">
            <dt>{t('auction.leader')}</dt>
            <dd data-testid="leader">{alias(auction.leaderAlias)}</dd>
            <dt>{t('auction.bidCount')}</dt>
            <dd data-testid="bid-count">{auction.bidCount}</dd>
            {auction.minimumNextBid ? (
              <>
                <dt>{t('auction.minimumNext')}</dt>
                <dd>
                  <Money amount={auction.minimumNextBid} />
                </dd>
              </>
            ) : null}
            {auction.increment ? (
              <>
                <dt>{t('auction.incrementShort')}</dt>
                <dd>
                  <Money amount={auction.increment} />
                </dd>
              </>
            ) : null}
            {auction.hasReserve ? (
              <>
                <dt>{t('auction.reserve')}</dt>
                <dd>{auction.reserveMet === null ? t('auction.reserveHidden') : auction.reserveMet ? t('auction.reserveMet') : t('auction.reserveNotMet')}</dd>
              </>
            ) : null}
            <dt>{t('auction.depositShort')}</dt>
            <dd>
              <Money amount={auction.deposit} />
            </dd>
          </dl>
        </section>
        <section className="panel time-panel">
          <h2 className="visually-hidden">{t('auction.time')}</h2>
          {auction.status === 'open' || auction.status === 'scheduled' ? (
            <div className="countdown" data-testid="countdown">
              {now < starts ? t('auction.startsIn', { time: formatCountdown(starts - now) }) : t('auction.endsIn', { time: formatCountdown(ends - now) })}
            </div>
          ) : null}
          <dl className="facts">
            <dt>{t('auction.startsAt')}</dt>
            <dd>{formatDateTime(auction.startsAt, locale)}</dd>
            <dt>{t('auction.endsAt')}</dt>
            <dd data-testid="ends-at">{formatDateTime(auction.endsAt, locale)}</dd>
            {extended ? (
              <>
                <dt>{t('auction.scheduledEnd')}</dt>
                <dd>{formatDateTime(auction.scheduledEndsAt, locale)}</dd>
              </>
            ) : null}
            {auction.softClose ? (
              <>
                <dt>{t('auction.softClose')}</dt>
                <dd>{t('auction.softCloseRule', { window: auction.softClose.windowSeconds, extension: auction.softClose.extensionSeconds })}</dd>
              </>
            ) : null}
            {auction.dutch ? (
              <>
                <dt>{t('auction.dutchRule')}</dt>
                <dd>
                  {t('auction.dutchSchedule', { step: formatYuan(auction.dutch.step) ?? '', interval: auction.dutch.intervalSeconds, floor: formatYuan(auction.dutch.floorPrice) ?? '' })}
                </dd>
              </>
            ) : null}
          </dl>
          {extendedAt ? <Notice>{t('auction.extended', { time: formatDateTime(extendedAt, locale) })}</Notice> : null}
          {auction.statusReason ? (
            <p>
              {t('listing.statusReason')}: {auction.statusReason}
            </p>
          ) : null}
          {auction.outcome ? (
            <div className="outcome" data-testid="outcome">
              {auction.outcome.outcome === 'sold'
                ? t('auction.sold', { price: formatYuan(auction.outcome.price ?? null) ?? '', alias: auction.outcome.winnerAlias ? alias(auction.outcome.winnerAlias) : '' })
                : t('auction.noSale', { reason: auction.outcome.reason ?? '' })}
            </div>
          ) : null}
        </section>
      </div>

      {isMember(me) ? <BidderPanel auction={auction} now={now} onReceipt={(r) => (setAuction(r.auction), void loadBids())} /> : null}
      {!me ? (
        <p className="muted">
          <Link to={`/login?next=/auctions/${id}`}>{t('auction.loginToBid')}</Link>
        </p>
      ) : null}

      <section className="panel">
        <h2>{t('auction.history')}</h2>
        {bids.length === 0 ? <p className="muted">{t('auction.noBids')}</p> : null}
        <table className="table" data-testid="bid-history">
          <thead>
            <tr>
              <th>{t('auction.bidder')}</th>
              <th>{t('auction.priceAfter')}</th>
              <th>{t('auction.leader')}</th>
              <th>{t('auction.time')}</th>
            </tr>
          </thead>
          <tbody>
            {[...bids].reverse().map((b) => (
              <tr key={b.id}>
                <td>{alias(b.alias)}</td>
                <td>{b.price ? <Money amount={b.price} /> : b.kind === 'acceptance' ? t('auction.acceptance') : '—'}</td>
                <td>{alias(b.leaderAlias)}</td>
                <td>{formatDateTime(b.placedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}

/** Registration (holds the deposit) and bidding: a proxy maximum (English), a sealed bid, or accepting the Dutch price. */
function BidderPanel({ auction, now, onReceipt }: { auction: Auction; now: number; onReceipt(receipt: BidReceipt): void }) {
  const { t, alias } = useI18n();
  const registration = useAsync(
    () => api.get<Registration>(`/auctions/${auction.id}/registration`).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))),
    [auction.id],
  );
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<BidReceipt | null>(null);
  // One key per intended bid: a retry after a lost answer reuses it and is applied once.
  const key = useRef(idempotencyKey());

  const register = async () => {
    setBusy(true);
    setError(null);
    try {
      registration.setData(await api.post<Registration>(`/auctions/${auction.id}/registrations`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const bid = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (auction.type !== 'dutch' && !isYuanAmount(amount.trim())) {
      setError(new ApiError(400, 'VALIDATION', t('auction.amountInvalid'), [{ field: 'amount', messages: [t('auction.amountInvalid')] }]));
      return;
    }
    setBusy(true);
    try {
      const answer = await api.post<BidReceipt>(`/auctions/${auction.id}/bids`, auction.type === 'dutch' ? {} : { amount: amount.trim() }, {
        headers: { 'Idempotency-Key': key.current },
      });
      key.current = idempotencyKey();
      setReceipt(answer);
      setAmount('');
      onReceipt(answer);
    } catch (e) {
      // A refusal is final for this key; a network failure keeps it so the retry is the same bid.
      if (!(e instanceof ApiError && e.code === 'NETWORK')) key.current = idempotencyKey();
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (registration.loading && registration.data === undefined) return <Loading />;
  const reg = registration.data;
  const closed = !['scheduled', 'open', 'paused'].includes(auction.status);
  return (
    <section className="panel bidder-panel">
      <h2>{t('auction.yourBidding')}</h2>
      {reg ? (
        <p data-testid="registration">{t('auction.registeredAs', { alias: alias(reg.alias), deposit: formatYuan(reg.deposit) ?? '', status: t(`depositStatus.${reg.depositStatus}` as never) })}</p>
      ) : closed ? null : (
        <>
          <p>{t('auction.registerLead', { deposit: formatYuan(auction.deposit) ?? '' })}</p>
          <button type="button" className="primary" onClick={register} disabled={busy}>
            {t('auction.register')}
          </button>
        </>
      )}
      {reg && !closed ? (
        <form onSubmit={bid} className="bid-form">
          {auction.type === 'dutch' ? (
            <p>{t('auction.acceptLead', { price: formatYuan(dutchPriceAt(auction, now)) ?? '' })}</p>
          ) : (
            <Field
              label={auction.type === 'english' ? t('auction.yourMaximum') : t('auction.yourSealedBid')}
              name="amount"
              error={error}
              hint={auction.type === 'english' ? t('auction.proxyHint', { min: formatYuan(auction.minimumNextBid ?? auction.startPrice) ?? '' }) : t('auction.sealedHint')}
              required
            >
              {(props) => <input {...props} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="1200000.00" />}
            </Field>
          )}
          <button type="submit" className="primary" disabled={busy || !isBiddable(auction, now)}>
            {auction.type === 'dutch' ? t('auction.accept') : auction.type === 'english' ? t('auction.placeProxy') : t('auction.placeSealed')}
          </button>
        </form>
      ) : null}
      {receipt ? (
        <Notice>
          {t('auction.bidAccepted')}
          {receipt.yourMaximum ? ` ${t('auction.yourMaximumIs', { amount: formatYuan(receipt.yourMaximum) ?? '' })}` : ''}
        </Notice>
      ) : null}
      <ErrorBanner error={error} claimed={['amount']} />
    </section>
  );
}
