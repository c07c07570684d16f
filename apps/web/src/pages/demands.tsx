import { FormEvent, useState } from 'react';
import type { Demand, DemandMatches, DemandPublic, DemandRead, DemandSearchResult, ListingMatches, MatchReason, Page } from '../api/types';
import { Empty, ErrorBanner, Field, FieldSet, Loading, Money, Pager, ReasonAction, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDate, formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { DIRECTIONS, TECHNICAL_FIELDS } from '../lib/vocabulary';
import { Link, navigate, useLocation } from '../router';
import { api, isMember, isOperator, useSession } from '../session';
import { ExpressInterest } from './negotiations';

const SORTS = ['relevance', 'newest', 'deadline'];

function DemandFacts({ d }: { d: DemandPublic }) {
  const { t, label } = useI18n();
  return (
    <dl className="facts compact">
      <dt>{t('listing.field')}</dt>
      <dd>{label('field', d.field)}</dd>
      <dt>{t('demand.direction')}</dt>
      <dd>{label('direction', d.direction)}</dd>
      <dt>{t('demand.minTrl')}</dt>
      <dd>{d.minTrl}</dd>
      <dt>{t('listing.ipc')}</dt>
      <dd>{d.ipcCodes.join(', ') || '—'}</dd>
      <dt>{t('demand.budget')}</dt>
      <dd>
        <Money amount={d.budget} />
      </dd>
      <dt>{t('demand.deadline')}</dt>
      <dd>
        {d.deadline}
        {d.expired ? ` · ${t('demand.expired')}` : ''}
      </dd>
    </dl>
  );
}

/** Open demands: full-text search with field, direction, TRL and IPC filters. Registered-only demands appear to members and operators. */
export function DemandsPage() {
  const { t, label } = useI18n();
  const { query } = useLocation();
  const { me } = useSession();
  const q = query.get('q') ?? '';
  const field = query.get('field') ?? '';
  const direction = query.get('direction') ?? '';
  const trl = query.get('trl') ?? '';
  const ipc = query.get('ipc') ?? '';
  const sort = query.get('sort') ?? 'relevance';
  const page = Number(query.get('page') ?? 1);
  const result = useAsync(
    () => api.get<DemandSearchResult>('/demands', { query: { q, field, direction, trl, ipc, sort, page, pageSize: 20 } }),
    [q, field, direction, trl, ipc, sort, page, me?.user.id],
  );
  const [draft, setDraft] = useState({ q, field, direction, trl, ipc });
  const go = (patch: Record<string, string | number>) => {
    const next = new URLSearchParams({ q, field, direction, trl, ipc, sort, ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, String(v)])) });
    for (const [k, v] of [...next.entries()]) if (!v || (k === 'sort' && v === 'relevance') || (k === 'page' && v === '1')) next.delete(k);
    const text = next.toString();
    navigate(text ? `/demands?${text}` : '/demands');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go({ ...draft, page: 1 });
  };
  return (
    <section>
      <header className="page-head">
        <h1>{t('nav.demands')}</h1>
        {isMember(me) ? (
          <Link className="button primary" to="/my/demands/new">
            {t('demand.post')}
          </Link>
        ) : null}
      </header>
      <form className="panel filter-form demand-search" role="search" onSubmit={submit}>
        <div className="grid-3">
          <label>
            {t('demand.searchText')}
            <input type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
          </label>
          <label>
            {t('listing.field')}
            <select value={draft.field} onChange={(e) => setDraft({ ...draft, field: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {TECHNICAL_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {label('field', f)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('demand.direction')}
            <select value={draft.direction} onChange={(e) => setDraft({ ...draft, direction: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {DIRECTIONS.map((d) => (
                <option key={d} value={d}>
                  {label('direction', d)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('demand.myTrl')}
            <select value={draft.trl} onChange={(e) => setDraft({ ...draft, trl: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => (
                <option key={n} value={n}>
                  TRL {n}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('demand.ipcPrefix')}
            <input value={draft.ipc} onChange={(e) => setDraft({ ...draft, ipc: e.target.value })} placeholder="G01M" />
          </label>
          <div className="align-end">
            <button type="submit" className="primary">
              {t('demand.search')}
            </button>
          </div>
        </div>
      </form>
      <div className="results-head">
        <span role="status">{result.data ? t('demand.found', { total: result.data.total }) : ''}</span>
        <label>
          {t('demand.sort')}{' '}
          <select value={sort} onChange={(e) => go({ sort: e.target.value, page: 1 })}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {label('demandSort', s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={result.error} />
      {result.loading && !result.data ? <Loading /> : null}
      {result.data?.hits.length === 0 ? <Empty>{t('demand.none')}</Empty> : null}
      <ul className="cards">
        {result.data?.hits.map((d) => (
          <li key={d.id} className="card" data-demand={d.id}>
            <h2>
              <Link to={`/demands/${d.id}`}>{d.title}</Link>
              {d.visibility === 'registered' ? <span className="badge">{label('visibility', d.visibility)}</span> : null}
            </h2>
            <p className="clamp">{d.description}</p>
            <DemandFacts d={d} />
          </li>
        ))}
      </ul>
      {result.data ? <Pager page={result.data.page} pageSize={result.data.pageSize} total={result.data.total} onPage={(p) => go({ page: p })} /> : null}
    </section>
  );
}

/** A demand: the public part to anyone allowed; its owner edits, closes and sees ranked matches; operators hide and restore. */
export function DemandPage({ id }: { id: string }) {
  const { t, label, locale } = useI18n();
  const { me } = useSession();
  const demand = useAsync(() => api.get<DemandRead>(`/demands/${id}`), [id, me?.user.id]);
  const [error, setError] = useState<unknown>(null);
  if (demand.error) return <ErrorBanner error={demand.error} />;
  if (!demand.data) return <Loading />;
  const d = demand.data;
  const full = d.view === 'full' ? d : null;
  const own = Boolean(full && me?.user.organisationId === full.organisationId);
  const act = async (path: string, body: object) => {
    setError(null);
    try {
      const next = await api.post<Demand>(path, body);
      demand.setData({ view: 'full', ...next });
    } catch (e) {
      setError(e);
      throw e;
    }
  };
  return (
    <article>
      <p>
        <Link to={own ? '/my/demands' : '/demands'}>← {own ? t('nav.myDemands') : t('nav.demands')}</Link>
      </p>
      <header className="page-head">
        <h1>{d.title}</h1>
        {full ? <StatusBadge group="demandStatus" status={full.status} /> : null}
        {d.expired ? <span className="badge badge-rejected">{t('demand.expired')}</span> : null}
      </header>
      <div className="grid-2">
        <section className="panel">
          <h2>{t('demand.details')}</h2>
          <DemandFacts d={d} />
          <p className="muted small">
            {label('visibility', d.visibility)} · {t('demand.postedAt')} {formatDate(d.postedAt, locale)}
          </p>
        </section>
        <section className="panel">
          <h2>{t('demand.description')}</h2>
          <p className="pre">{d.description}</p>
        </section>
      </div>
      {full?.statusReason ? (
        <p className="banner">
          {t('listing.statusReason')}: {full.statusReason}
        </p>
      ) : null}
      <ErrorBanner error={error} />
      {full ? (
        <div className="actions">
          {own && full.status === 'open' ? (
            <>
              <Link className="button" to={`/my/demands/${d.id}/edit`}>
                {t('demand.edit')}
              </Link>
              <ReasonAction optional danger label={t('demand.close')} onSubmit={(reason) => act(`/demands/${d.id}/close`, reason ? { reason } : {})} />
            </>
          ) : null}
          {own && full.status === 'hidden' ? <ReasonAction optional danger label={t('demand.close')} onSubmit={(reason) => act(`/demands/${d.id}/close`, reason ? { reason } : {})} /> : null}
          {isOperator(me) && full.status === 'open' ? <ReasonAction danger label={t('demand.hide')} onSubmit={(reason) => act(`/admin/demands/${d.id}/hide`, { reason })} /> : null}
          {isOperator(me) && full.status === 'hidden' ? (
            <ReasonAction optional label={t('demand.restore')} onSubmit={(reason) => act(`/admin/demands/${d.id}/restore`, reason ? { reason } : {})} />
          ) : null}
        </div>
      ) : null}
      {full && full.status === 'open' && !full.expired ? <DemandMatchesSection demandId={d.id} canExpress={own && isMember(me)} /> : null}
    </article>
  );
}

function Reasons({ reasons }: { reasons: MatchReason[] }) {
  const { t, label } = useI18n();
  return (
    <details className="reasons">
      <summary>{t('match.reasons')}</summary>
      <ul className="plain">
        {reasons.map((r) => (
          <li key={r.factor} className={`reason reason-${r.effect}`}>
            <span className="badge">{label('effect', r.effect)}</span> {label('factor', r.factor)}: {r.text}{' '}
            <span className="muted small">{t('match.fitWeight', { fit: r.fit.toFixed(2), weight: Math.round(r.weight * 100) })}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

const percent = (score: number) => `${Math.round(score * 100)}%`;

/** Published listings ranked for my demand, best first, each with its score and why; interest can be expressed from a match. */
function DemandMatchesSection({ demandId, canExpress }: { demandId: string; canExpress: boolean }) {
  const { t, label, locale } = useI18n();
  const matches = useAsync(() => api.get<DemandMatches>(`/demands/${demandId}/matches`, { query: { limit: 20 } }), [demandId]);
  const [interestIn, setInterestIn] = useState<string | null>(null);
  return (
    <section className="panel matches" aria-labelledby="matches-heading">
      <header className="page-head">
        <h2 id="matches-heading">{t('match.forDemand')}</h2>
        <button type="button" onClick={() => matches.reload()} disabled={matches.loading}>
          {t('match.rerun')}
        </button>
      </header>
      {matches.data ? <p className="muted small">{t('match.ranAt', { at: formatDateTime(matches.data.ranAt, locale) })}</p> : null}
      <ErrorBanner error={matches.error} />
      {matches.loading && !matches.data ? <Loading /> : null}
      {matches.data?.items.length === 0 ? <Empty>{t('match.none')}</Empty> : null}
      <ol className="cards match-list">
        {matches.data?.items.map((m, i) => (
          <li key={m.matchId} className="card match" data-listing={m.listing.id}>
            <h3>
              <span className="rank">{i + 1}.</span> <Link to={`/listings/${m.listing.id}`}>{m.listing.title}</Link>{' '}
              <span className="score" aria-label={t('match.scoreLabel', { score: percent(m.score) })}>
                {percent(m.score)}
              </span>
              {m.notable ? <span className="badge badge-published">{t('match.notable')}</span> : null}
            </h3>
            <p className="explanation">{m.explanation}</p>
            <p className="muted small">
              {label('field', m.listing.field)} · TRL {m.listing.trl} · <Money amount={m.listing.askingPrice} />
              {m.listing.evaluation ? ` · ${t('listing.grade', { grade: m.listing.evaluation.grade })}` : ''}
            </p>
            <Reasons reasons={m.reasons} />
            {canExpress ? (
              interestIn === m.listing.id ? (
                <ExpressInterest listingId={m.listing.id} refs={{ demandRef: demandId, matchRef: m.matchId }} />
              ) : (
                <button type="button" onClick={() => setInterestIn(m.listing.id)}>
                  {t('interest.express')}
                </button>
              )
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Open demands ranked for my published listing. */
export function ListingMatchesSection({ listingId }: { listingId: string }) {
  const { t, label, locale } = useI18n();
  const [shown, setShown] = useState(false);
  const matches = useAsync(
    () => (shown ? api.get<ListingMatches>(`/listings/${listingId}/matches`, { query: { limit: 20 } }) : Promise.resolve(undefined)),
    [listingId, shown],
  );
  return (
    <section className="panel matches" aria-labelledby="listing-matches-heading">
      <header className="page-head">
        <h2 id="listing-matches-heading">{t('match.forListing')}</h2>
        <button type="button" onClick={() => (shown ? matches.reload() : setShown(true))} disabled={matches.loading && shown}>
          {shown ? t('match.rerun') : t('match.find')}
        </button>
      </header>
      {matches.data ? <p className="muted small">{t('match.ranAt', { at: formatDateTime(matches.data.ranAt, locale) })}</p> : null}
      <ErrorBanner error={matches.error} />
      {shown && matches.loading && !matches.data ? <Loading /> : null}
      {matches.data?.items.length === 0 ? <Empty>{t('match.noneDemands')}</Empty> : null}
      <ol className="cards match-list">
        {matches.data?.items.map((m, i) => (
          <li key={m.matchId} className="card match" data-demand={m.demand.id}>
            <h3>
              <span className="rank">{i + 1}.</span> <Link to={`/demands/${m.demand.id}`}>{m.demand.title}</Link>{' '}
              <span className="score" aria-label={t('match.scoreLabel', { score: percent(m.score) })}>
                {percent(m.score)}
              </span>
            </h3>
            <p className="explanation">{m.explanation}</p>
            <p className="muted small">
              {label('field', m.demand.field)} · {t('demand.minTrl')} {m.demand.minTrl} · {t('demand.budget')} <Money amount={m.demand.budget} /> · {t('demand.deadline')}{' '}
              {m.demand.deadline}
            </p>
            <Reasons reasons={m.reasons} />
          </li>
        ))}
      </ol>
    </section>
  );
}

const DEMAND_TABS = ['', 'open', 'hidden', 'closed'];

/** My organisation's demands in every status; operators' list of all demands to hide or restore. */
export function MyDemandsPage({ admin }: { admin?: boolean }) {
  const { t, label, locale } = useI18n();
  const { query } = useLocation();
  const base = admin ? '/admin/demands' : '/my/demands';
  const status = query.get('status') ?? '';
  const page = Number(query.get('page') ?? 1);
  const list = useAsync(() => api.get<Page<Demand>>(admin ? '/admin/demands' : '/demands/mine', { query: { status, page, pageSize: 20 } }), [status, page]);
  const [error, setError] = useState<unknown>(null);
  const act = async (path: string, body: object) => {
    setError(null);
    try {
      await api.post(path, body);
    } catch (e) {
      setError(e);
      throw e;
    }
    await list.reload();
  };
  return (
    <section>
      <header className="page-head">
        <h1>{admin ? t('nav.adminDemands') : t('nav.myDemands')}</h1>
        {admin ? null : (
          <Link className="button primary" to="/my/demands/new">
            {t('demand.post')}
          </Link>
        )}
      </header>
      <div className="tabs" role="tablist" aria-label={t('demand.status')}>
        {DEMAND_TABS.map((s) => (
          <button key={s || 'all'} type="button" role="tab" aria-selected={s === status} onClick={() => navigate(s ? `${base}?status=${s}` : base)}>
            {s ? label('demandStatus', s) : t('common.all')}
          </button>
        ))}
      </div>
      <ErrorBanner error={list.error ?? error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.items.length === 0 ? <Empty>{t('demand.noneMine')}</Empty> : null}
      <ul className="cards">
        {list.data?.items.map((d) => (
          <li key={d.id} className="card" data-demand={d.id}>
            <h2>
              <Link to={`/demands/${d.id}`}>{d.title}</Link> <StatusBadge group="demandStatus" status={d.status} />
              {d.expired ? <span className="badge badge-rejected">{t('demand.expired')}</span> : null}
            </h2>
            <DemandFacts d={d} />
            {d.statusReason ? (
              <p className="small">
                {t('listing.statusReason')}: {d.statusReason}
              </p>
            ) : null}
            <p className="muted small">
              {t('demand.updatedAt')} {formatDateTime(d.updatedAt, locale)}
            </p>
            <div className="actions">
              {!admin && d.status === 'open' ? (
                <Link className="button" to={`/my/demands/${d.id}/edit`}>
                  {t('demand.edit')}
                </Link>
              ) : null}
              {admin && d.status === 'open' ? <ReasonAction danger label={t('demand.hide')} onSubmit={(reason) => act(`/admin/demands/${d.id}/hide`, { reason })} /> : null}
              {admin && d.status === 'hidden' ? (
                <ReasonAction optional label={t('demand.restore')} onSubmit={(reason) => act(`/admin/demands/${d.id}/restore`, reason ? { reason } : {})} />
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {list.data ? <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => navigate(`${base}?status=${status}&page=${p}`)} /> : null}
    </section>
  );
}

interface DemandDraft {
  title: string;
  description: string;
  field: string;
  direction: string;
  ipcCodes: string;
  minTrl: string;
  budget: string;
  negotiable: boolean;
  deadline: string;
  visibility: string;
}

const EMPTY: DemandDraft = {
  title: '',
  description: '',
  field: '',
  direction: 'mil_to_civ',
  ipcCodes: '',
  minTrl: '5',
  budget: '',
  negotiable: false,
  deadline: '',
  visibility: 'public',
};

/** Post a demand, or edit an open one (fields per the API's DemandFieldsDto); the API's field errors are shown under each field. */
export function DemandFormPage({ id }: { id?: string }) {
  const { t, label } = useI18n();
  const [draft, setDraft] = useState<DemandDraft>(EMPTY);
  const existing = useAsync(async () => {
    if (!id) return null;
    const d = await api.get<DemandRead>(`/demands/${id}`);
    setDraft({
      title: d.title,
      description: d.description,
      field: d.field,
      direction: d.direction,
      ipcCodes: d.ipcCodes.join(', '),
      minTrl: String(d.minTrl),
      budget: d.budget ?? '',
      negotiable: d.budget === null,
      deadline: d.deadline,
      visibility: d.visibility,
    });
    return d;
  }, [id]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<DemandDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      title: draft.title,
      description: draft.description,
      field: draft.field || undefined,
      direction: draft.direction,
      ipcCodes: draft.ipcCodes
        .split(/[,，;；\n]+/)
        .map((c) => c.trim())
        .filter(Boolean),
      minTrl: Number(draft.minTrl),
      budget: draft.negotiable ? null : draft.budget.trim(),
      deadline: draft.deadline,
      visibility: draft.visibility,
    };
    try {
      const saved = id ? await api.patch<Demand>(`/demands/${id}`, body) : await api.post<Demand>('/demands', body);
      navigate(`/demands/${saved.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (id && existing.error) return <ErrorBanner error={existing.error} />;
  if (id && !existing.data) return <Loading />;
  const claimed = ['title', 'description', 'field', 'direction', 'ipcCodes', 'minTrl', 'budget', 'deadline', 'visibility'];
  return (
    <form className="panel" onSubmit={submit} noValidate>
      <h1>{id ? t('demand.editTitle') : t('demand.post')}</h1>
      <Field label={t('demand.title')} name="title" error={error} required>
        {(p) => <input {...p} maxLength={200} value={draft.title} onChange={(e) => set({ title: e.target.value })} />}
      </Field>
      <Field label={t('demand.description')} name="description" error={error} required hint={t('demand.descriptionHint')}>
        {(p) => <textarea {...p} rows={5} maxLength={5000} value={draft.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <div className="grid-2">
        <Field label={t('listing.field')} name="field" error={error} required>
          {(p) => (
            <select {...p} value={draft.field} onChange={(e) => set({ field: e.target.value })}>
              <option value="">{t('demand.chooseField')}</option>
              {TECHNICAL_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {label('field', f)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('demand.minTrl')} name="minTrl" error={error} required>
          {(p) => (
            <select {...p} value={draft.minTrl} onChange={(e) => set({ minTrl: e.target.value })}>
              {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <FieldSet legend={t('demand.direction')} name="direction" error={error}>
        {DIRECTIONS.map((d) => (
          <label key={d} className="choice">
            <input type="radio" name="direction" value={d} checked={draft.direction === d} onChange={() => set({ direction: d })} /> {label('direction', d)}
          </label>
        ))}
      </FieldSet>
      <Field label={t('demand.ipcCodes')} name="ipcCodes" error={error} hint={t('demand.ipcHint')}>
        {(p) => <input {...p} value={draft.ipcCodes} onChange={(e) => set({ ipcCodes: e.target.value })} />}
      </Field>
      <div className="grid-2">
        <Field label={t('demand.budgetYuan')} name="budget" error={error} hint={t('demand.budgetHint')}>
          {(p) => <input {...p} inputMode="decimal" disabled={draft.negotiable} value={draft.budget} onChange={(e) => set({ budget: e.target.value })} />}
        </Field>
        <div className="field align-end">
          <label className="choice">
            <input type="checkbox" checked={draft.negotiable} onChange={(e) => set({ negotiable: e.target.checked })} /> {t('demand.negotiable')}
          </label>
        </div>
      </div>
      <Field label={t('demand.deadline')} name="deadline" error={error} required hint={t('demand.deadlineHint')}>
        {(p) => <input {...p} type="date" value={draft.deadline} onChange={(e) => set({ deadline: e.target.value })} />}
      </Field>
      <FieldSet legend={t('demand.visibility')} name="visibility" error={error}>
        {['public', 'registered'].map((v) => (
          <label key={v} className="choice">
            <input type="radio" name="visibility" value={v} checked={draft.visibility === v} onChange={() => set({ visibility: v })} /> {label('visibility', v)}
          </label>
        ))}
      </FieldSet>
      <ErrorBanner error={error} claimed={claimed} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {id ? t('demand.save') : t('demand.publish')}
        </button>
        <Link className="button" to={id ? `/demands/${id}` : '/my/demands'}>
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}
