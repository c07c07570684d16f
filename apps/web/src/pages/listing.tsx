import type { Auction, ListingRead, Page } from '../api/types';
import { ErrorBanner, Loading, Money, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDate, formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { Link } from '../router';
import { api, isMember, isOperator, useSession } from '../session';
import { ListingMatchesSection } from './demands';
import { DossierOwner, DossierViewer } from './dossier';
import { ListingEvaluationLink } from './evaluations';
import { ExpressInterest } from './negotiations';

/** A listing: its public part (and evaluation grade) to anyone; everything to its owner organisation and operators. */
export function ListingPage({ id }: { id: string }) {
  const { t, label, locale, list } = useI18n();
  const { me } = useSession();
  const listing = useAsync(() => api.get<ListingRead>(`/listings/${id}`), [id, me?.user.id]);
  const auctions = useAsync(() => api.get<Page<Auction>>('/auctions', { query: { listingId: id, pageSize: 20 } }), [id]);
  if (listing.error) return <ErrorBanner error={listing.error} />;
  if (!listing.data) return <Loading />;
  const l = listing.data;
  const own = l.visibility === 'full' && me?.user.organisationId === l.organisationId;
  return (
    <article className="listing-page">
      <p>
        <Link to="/">← {t('nav.catalogue')}</Link>
      </p>
      <header className="page-head">
        <h1>{l.title}</h1>
        {l.visibility === 'full' ? <StatusBadge group="listingStatus" status={l.status} /> : null}
      </header>
      <p className="lead">{l.summary}</p>
      <div className="grid-2">
        <section className="panel">
          <h2>{t('listing.publicPart')}</h2>
          <dl className="facts">
            <dt>{t('listing.direction')}</dt>
            <dd>{label('direction', l.direction)}</dd>
            <dt>{t('listing.field')}</dt>
            <dd>{label('field', l.field)}</dd>
            <dt>{t('listing.trl')}</dt>
            <dd>{l.trl}</dd>
            <dt>{t('listing.ipc')}</dt>
            <dd>{l.ipcCodes.join(', ') || '—'}</dd>
            <dt>{t('listing.modes')}</dt>
            <dd>{list(l.transactionModes.map((m) => label('mode', m)))}</dd>
            <dt>{t('listing.price')}</dt>
            <dd>
              <Money amount={l.askingPrice} />
            </dd>
            <dt>{t('listing.publishedAt')}</dt>
            <dd>{formatDate(l.publishedAt, locale)}</dd>
          </dl>
        </section>
        <section className="panel evaluation">
          <h2>{t('listing.evaluation')}</h2>
          {l.evaluation ? (
            <>
              <p className="grade" aria-label={t('listing.grade', { grade: l.evaluation.grade })}>
                {l.evaluation.grade}
              </p>
              <dl className="facts">
                <dt>{t('listing.score')}</dt>
                <dd>{l.evaluation.score}</dd>
                <dt>{t('listing.valuation')}</dt>
                <dd>
                  <Money amount={l.evaluation.valuationLow} /> – <Money amount={l.evaluation.valuationHigh} />
                </dd>
                <dt>{t('listing.experts')}</dt>
                <dd>{l.evaluation.experts}</dd>
                <dt>{t('listing.evaluatedAt')}</dt>
                <dd>{formatDate(l.evaluation.evaluatedAt, locale)}</dd>
              </dl>
            </>
          ) : (
            <p className="muted">{t('listing.notEvaluated')}</p>
          )}
          {own && ['draft', 'pending_review', 'published'].includes(l.status) ? <ListingEvaluationLink listingId={l.id} /> : null}
        </section>
      </div>

      {l.visibility === 'full' ? (
        <section className="panel">
          <h2>{t('listing.restricted')}</h2>
          {l.statusReason ? (
            <p>
              {t('listing.statusReason')}: {l.statusReason}
            </p>
          ) : null}
          <dl className="facts">
            <dt>{t('listing.secrecy')}</dt>
            <dd>{label('secrecy', l.secrecyLevel)}</dd>
            {l.declassification ? (
              <>
                <dt>{t('listing.decisionNumber')}</dt>
                <dd>{l.declassification.decisionNumber}</dd>
                <dt>{t('listing.authority')}</dt>
                <dd>{l.declassification.authority}</dd>
                <dt>{t('listing.decisionDate')}</dt>
                <dd>{l.declassification.decisionDate}</dd>
              </>
            ) : null}
            <dt>{t('listing.patents')}</dt>
            <dd>{l.patents.map((p) => `${p.number} (${label('patentKind', p.kind)}${p.nationalDefence ? `, ${t('listing.nationalDefence')}` : ''})`).join('; ') || '—'}</dd>
          </dl>
          <p className="pre">{l.description}</p>
          {own ? (
            <div className="actions">
              {l.status === 'draft' || l.status === 'rejected' ? (
                <Link className="button" to={`/my/listings/${l.id}/edit`}>
                  {t('listing.edit')}
                </Link>
              ) : null}
              {l.status === 'published' ? (
                <Link className="button primary" to={`/my/auctions/new?listingId=${l.id}`}>
                  {t('auction.create')}
                </Link>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}

      {l.visibility === 'full' && l.status === 'published' && (own || isOperator(me)) ? <ListingMatchesSection listingId={l.id} /> : null}

      {own ? <DossierOwner listingId={l.id} /> : null}
      {l.visibility === 'public' && isMember(me) ? <DossierViewer listingId={l.id} member /> : null}
      {l.visibility === 'full' && isOperator(me) ? <DossierViewer listingId={l.id} member={false} /> : null}

      {l.visibility === 'public' && isMember(me) ? <ExpressInterest listingId={l.id} /> : null}

      <section className="panel">
        <h2>{t('listing.auctions')}</h2>
        {auctions.data && auctions.data.items.length === 0 ? <p className="muted">{t('listing.noAuctions')}</p> : null}
        <ul className="plain">
          {auctions.data?.items.map((a) => (
            <li key={a.id}>
              <Link to={`/auctions/${a.id}`}>
                {label('auctionType', a.type)} · <StatusBadge group="auctionStatus" status={a.status} /> · {t('auction.endsAt')} {formatDateTime(a.endsAt, locale)}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
