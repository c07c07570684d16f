import { FormEvent, useEffect, useState } from 'react';
import type { Auction, Listing, Page } from '../api/types';
import { Empty, ErrorBanner, Field, FieldSet, Loading } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { isoToLocalInput, localInputToIso } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { AUCTION_TYPES, QUALIFICATION_TYPES } from '../lib/vocabulary';
import { Link, navigate, useLocation } from '../router';
import { api } from '../session';
import { AuctionTable } from './auctions';

async function myAuctionListings(): Promise<Listing[]> {
  const [published, sold] = await Promise.all(
    ['published', 'sold'].map((status) => api.get<Page<Listing>>('/listings/mine', { query: { status, pageSize: 100 } })),
  );
  return [...published.items, ...sold.items];
}

/** Auctions of my organisation's listings (the auctions API lists by listing). */
export function MyAuctionsPage() {
  const { t } = useI18n();
  const data = useAsync(async () => {
    const listings = await myAuctionListings();
    const auctions = await Promise.all(listings.map((l) => api.get<Page<Auction>>('/auctions', { query: { listingId: l.id, pageSize: 50 } })));
    return listings.map((l, i) => ({ listing: l, auctions: auctions[i].items })).filter((x) => x.auctions.length > 0 || x.listing.status === 'published');
  }, []);
  return (
    <section>
      <header className="page-head">
        <h1>{t('nav.myAuctions')}</h1>
        <Link className="button primary" to="/my/auctions/new">
          {t('auction.create')}
        </Link>
      </header>
      <p className="muted">{t('myAuctions.lead')}</p>
      <ErrorBanner error={data.error} />
      {data.loading && !data.data ? <Loading /> : null}
      {data.data?.length === 0 ? <Empty>{t('myAuctions.none')}</Empty> : null}
      {data.data?.map(({ listing, auctions }) => (
        <section key={listing.id} className="panel">
          <h2>
            <Link to={`/listings/${listing.id}`}>{listing.title}</Link>
          </h2>
          {auctions.length ? <AuctionTable auctions={auctions} /> : <p className="muted">{t('listing.noAuctions')}</p>}
          {listing.status === 'published' ? (
            <Link className="button" to={`/my/auctions/new?listingId=${listing.id}`}>
              {t('auction.create')}
            </Link>
          ) : null}
        </section>
      ))}
    </section>
  );
}

/** Put a published listing of mine up for auction: type, prices, deposit, eligibility, times, soft close or Dutch schedule. */
export function CreateAuctionPage() {
  const { t, label } = useI18n();
  const { query } = useLocation();
  const listings = useAsync(() => api.get<Page<Listing>>('/listings/mine', { query: { status: 'published', pageSize: 100 } }), []);
  const [form, setForm] = useState(() => ({
    listingId: query.get('listingId') ?? '',
    type: 'english',
    transactionMode: '',
    startPrice: '',
    increment: '10000.00',
    reservePrice: '',
    deposit: '50000.00',
    requiredQualifications: [] as string[],
    startNow: true,
    startsAt: isoToLocalInput(new Date(Date.now() + 3_600_000)),
    endsAt: isoToLocalInput(new Date(Date.now() + 2 * 86_400_000)),
    softClose: true,
    windowSeconds: '300',
    extensionSeconds: '300',
    step: '10000.00',
    intervalSeconds: '60',
    floorPrice: '',
  }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));
  const listing = listings.data?.items.find((l) => l.id === form.listingId);
  useEffect(() => {
    if (!form.listingId && listings.data?.items.length) set('listingId', listings.data.items[0].id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [listings.data]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const english = form.type === 'english';
    const dutch = form.type === 'dutch';
    // "Now" is a moment from now: the API refuses a start in the past, and the auction opens on its own.
    const startsAt = form.startNow ? new Date(Date.now() + 3000).toISOString() : localInputToIso(form.startsAt);
    try {
      const auction = await api.post<Auction>('/auctions', {
        listingId: form.listingId,
        type: form.type,
        startPrice: form.startPrice.trim(),
        ...(english && form.increment.trim() ? { increment: form.increment.trim() } : {}),
        ...(!dutch && form.reservePrice.trim() ? { reservePrice: form.reservePrice.trim() } : {}),
        deposit: form.deposit.trim(),
        requiredQualifications: form.requiredQualifications,
        startsAt: startsAt ?? form.startsAt,
        endsAt: localInputToIso(form.endsAt) ?? form.endsAt,
        ...(form.transactionMode ? { transactionMode: form.transactionMode } : {}),
        softClose: english && form.softClose ? { windowSeconds: Number(form.windowSeconds), extensionSeconds: Number(form.extensionSeconds) } : null,
        dutch: dutch ? { step: form.step.trim(), intervalSeconds: Number(form.intervalSeconds), floorPrice: form.floorPrice.trim() } : null,
      });
      navigate(`/auctions/${auction.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (listings.loading && !listings.data) return <Loading />;
  if (listings.data?.items.length === 0) return <Empty>{t('auction.noPublishedListing')}</Empty>;
  const claimed = ['listingId', 'type', 'transactionMode', 'startPrice', 'increment', 'reservePrice', 'deposit', 'requiredQualifications', 'startsAt', 'endsAt', 'softClose', 'dutch'];
  return (
    <section>
      <h1>{t('auction.create')}</h1>
      <form onSubmit={submit} noValidate className="auction-form">
        <Field label={t('auction.listing')} name="listingId" error={error} required>
          {(p) => (
            <select {...p} value={form.listingId} onChange={(e) => set('listingId', e.target.value)}>
              {listings.data?.items.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="grid-2">
          <Field label={t('auction.type')} name="type" error={error} required>
            {(p) => (
              <select {...p} value={form.type} onChange={(e) => set('type', e.target.value)}>
                {AUCTION_TYPES.map((a) => (
                  <option key={a} value={a}>
                    {label('auctionType', a)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('auction.transactionMode')} name="transactionMode" error={error} hint={t('auction.transactionModeHint')}>
            {(p) => (
              <select {...p} value={form.transactionMode} onChange={(e) => set('transactionMode', e.target.value)}>
                <option value="">{t('auction.defaultMode')}</option>
                {listing?.transactionModes.map((m) => (
                  <option key={m} value={m}>
                    {label('mode', m)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="grid-3">
          <Field label={t('auction.startPrice')} name="startPrice" error={error} required>
            {(p) => <input {...p} inputMode="decimal" value={form.startPrice} onChange={(e) => set('startPrice', e.target.value)} placeholder="1000000.00" />}
          </Field>
          {form.type === 'english' ? (
            <Field label={t('auction.increment')} name="increment" error={error} required>
              {(p) => <input {...p} inputMode="decimal" value={form.increment} onChange={(e) => set('increment', e.target.value)} />}
            </Field>
          ) : null}
          {form.type !== 'dutch' ? (
            <Field label={t('auction.reservePrice')} name="reservePrice" error={error} hint={t('auction.reserveHint')}>
              {(p) => <input {...p} inputMode="decimal" value={form.reservePrice} onChange={(e) => set('reservePrice', e.target.value)} />}
            </Field>
          ) : null}
          <Field label={t('auction.deposit')} name="deposit" error={error} required>
            {(p) => <input {...p} inputMode="decimal" value={form.deposit} onChange={(e) => set('deposit', e.target.value)} />}
          </Field>
        </div>
        {form.type === 'dutch' ? (
          <div className="grid-3">
            <Field label={t('auction.dutchStep')} name="dutch.step" error={error} required>
              {(p) => <input {...p} inputMode="decimal" value={form.step} onChange={(e) => set('step', e.target.value)} />}
            </Field>
            <Field label={t('auction.dutchInterval')} name="dutch.intervalSeconds" error={error} required>
              {(p) => <input {...p} type="number" min={1} value={form.intervalSeconds} onChange={(e) => set('intervalSeconds', e.target.value)} />}
            </Field>
            <Field label={t('auction.dutchFloor')} name="dutch.floorPrice" error={error} required>
              {(p) => <input {...p} inputMode="decimal" value={form.floorPrice} onChange={(e) => set('floorPrice', e.target.value)} />}
            </Field>
          </div>
        ) : null}
        <FieldSet legend={t('auction.requiredQualifications')} name="requiredQualifications" error={error}>
          {QUALIFICATION_TYPES.map((q) => (
            <label key={q} className="choice">
              <input
                type="checkbox"
                checked={form.requiredQualifications.includes(q)}
                onChange={(e) => set('requiredQualifications', e.target.checked ? [...form.requiredQualifications, q] : form.requiredQualifications.filter((x) => x !== q))}
              />
              {label('qualType', q)}
            </label>
          ))}
        </FieldSet>
        <div className="grid-2">
          <div>
            <label className="choice">
              <input type="checkbox" name="startNow" checked={form.startNow} onChange={(e) => set('startNow', e.target.checked)} />
              {t('auction.startNow')}
            </label>
            {!form.startNow ? (
              <Field label={t('auction.startsAt')} name="startsAt" error={error} required>
                {(p) => <input {...p} type="datetime-local" step={1} value={form.startsAt} onChange={(e) => set('startsAt', e.target.value)} />}
              </Field>
            ) : error ? (
              <Field label={t('auction.startsAt')} name="startsAt" error={error}>
                {() => null}
              </Field>
            ) : null}
          </div>
          <Field label={t('auction.endsAt')} name="endsAt" error={error} required>
            {(p) => <input {...p} type="datetime-local" step={1} value={form.endsAt} onChange={(e) => set('endsAt', e.target.value)} />}
          </Field>
        </div>
        {form.type === 'english' ? (
          <fieldset className="group">
            <legend>{t('auction.softClose')}</legend>
            <label className="choice">
              <input type="checkbox" name="softClose" checked={form.softClose} onChange={(e) => set('softClose', e.target.checked)} />
              {t('auction.softCloseOn')}
            </label>
            {form.softClose ? (
              <div className="grid-2">
                <Field label={t('auction.windowSeconds')} name="softClose.windowSeconds" error={error}>
                  {(p) => <input {...p} type="number" min={1} value={form.windowSeconds} onChange={(e) => set('windowSeconds', e.target.value)} />}
                </Field>
                <Field label={t('auction.extensionSeconds')} name="softClose.extensionSeconds" error={error}>
                  {(p) => <input {...p} type="number" min={1} value={form.extensionSeconds} onChange={(e) => set('extensionSeconds', e.target.value)} />}
                </Field>
              </div>
            ) : null}
          </fieldset>
        ) : null}
        <ErrorBanner error={error} claimed={claimed} />
        <button type="submit" className="primary" disabled={busy}>
          {t('auction.createButton')}
        </button>
      </form>
    </section>
  );
}
