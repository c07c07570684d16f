import { FormEvent, useEffect, useState } from 'react';
import type { CatalogueResult } from '../api/types';
import { Empty, ErrorBanner, Loading, Money, Pager } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { safeHighlight } from '../lib/highlight';
import { useAsync } from '../lib/use-async';
import { TECHNICAL_FIELDS, TRANSACTION_MODES } from '../lib/vocabulary';
import { Link, navigate, useLocation } from '../router';
import { api } from '../session';

const LIST_KEYS = ['field', 'mode', 'grade'] as const;
const GRADES = ['A', 'B', 'C', 'D'] as const;
const KEYS = ['q', 'direction', 'trlMin', 'trlMax', 'ipc', 'priceMin', 'priceMax', 'hasEvaluation', 'sort', 'page'] as const;
const SORTS = ['relevance', 'newest', 'price_asc', 'price_desc', 'trl_desc'] as const;

type Filters = Record<(typeof KEYS)[number], string> & Record<(typeof LIST_KEYS)[number], string[]>;

function filtersOf(query: URLSearchParams): Filters {
  const filters = Object.fromEntries(KEYS.map((k) => [k, query.get(k) ?? ''])) as unknown as Filters;
  for (const key of LIST_KEYS) filters[key] = (query.get(key) ?? '').split(',').filter(Boolean);
  return filters;
}

function urlOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]);
  for (const key of LIST_KEYS) if (filters[key].length) params.set(key, filters[key].join(','));
  const text = params.toString();
  return text ? `/?${text}` : '/';
}

/** The public catalogue: full-text search, facet counts, filters, sorting and highlighted results; the URL holds the state. */
export function CataloguePage() {
  const { t, label } = useI18n();
  const { query } = useLocation();
  const filters = filtersOf(query);
  const key = query.toString();
  const result = useAsync(
    () =>
      api.get<CatalogueResult>('/catalogue', {
        query: { ...filters, sort: filters.sort || 'relevance', page: filters.page || 1, pageSize: 10 },
      }),
    [key],
  );
  // Filters start open beside the results, folded away above them on a phone.
  const [filtersOpen, setFiltersOpen] = useState(() => typeof matchMedia !== 'function' || matchMedia('(min-width: 761px)').matches);
  const [text, setText] = useState(filters.q);
  const [ipc, setIpc] = useState(filters.ipc);
  const [priceMin, setPriceMin] = useState(filters.priceMin);
  const [priceMax, setPriceMax] = useState(filters.priceMax);
  useEffect(() => {
    setText(filters.q);
    setIpc(filters.ipc);
    setPriceMin(filters.priceMin);
    setPriceMax(filters.priceMax);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const apply = (change: Partial<Filters>) => navigate(urlOf({ ...filters, page: '', ...change }));
  const toggle = (name: (typeof LIST_KEYS)[number], value: string) =>
    apply({ [name]: filters[name].includes(value) ? filters[name].filter((v) => v !== value) : [...filters[name], value] });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply({ q: text.trim(), ipc: ipc.trim(), priceMin: priceMin.trim(), priceMax: priceMax.trim() });
  };
  const facets = result.data?.facets;
  const count = (facet: keyof CatalogueResult['facets'], value: string) => facets?.[facet]?.[value] ?? 0;

  return (
    <div className="catalogue">
      <section className="hero">
        <h1>{t('catalogue.title')}</h1>
        <p className="muted">{t('catalogue.lead')}</p>
        <form role="search" className="search-bar" onSubmit={submit}>
          <label htmlFor="catalogue-q" className="visually-hidden">
            {t('catalogue.searchLabel')}
          </label>
          <input id="catalogue-q" name="q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('catalogue.placeholder')} maxLength={200} />
          <button type="submit" className="primary">
            {t('catalogue.search')}
          </button>
        </form>
      </section>

      <div className="catalogue-body">
        <aside className="filters" aria-label={t('catalogue.filters')}>
          <details open={filtersOpen} onToggle={(e) => setFiltersOpen((e.currentTarget as HTMLDetailsElement).open)}>
            <summary>{t('catalogue.filters')}</summary>
            <fieldset>
              <legend>{t('listing.direction')}</legend>
              {['', 'mil_to_civ', 'civ_to_mil'].map((d) => (
                <label key={d || 'all'} className="choice">
                  <input type="radio" name="direction" checked={filters.direction === d} onChange={() => apply({ direction: d })} />
                  {d ? label('direction', d) : t('catalogue.all')}
                  {d ? <span className="facet-count">{count('direction', d)}</span> : null}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('listing.field')}</legend>
              {TECHNICAL_FIELDS.map((f) => (
                <label key={f} className="choice">
                  <input type="checkbox" name="field" value={f} checked={filters.field.includes(f)} onChange={() => toggle('field', f)} />
                  {label('field', f)}
                  <span className="facet-count">{count('field', f)}</span>
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('listing.modes')}</legend>
              {TRANSACTION_MODES.map((m) => (
                <label key={m} className="choice">
                  <input type="checkbox" name="mode" value={m} checked={filters.mode.includes(m)} onChange={() => toggle('mode', m)} />
                  {label('mode', m)}
                  <span className="facet-count">{count('transactionModes', m)}</span>
                </label>
              ))}
            </fieldset>
            <fieldset className="inline-fields">
              <legend>{t('listing.trl')}</legend>
              <label>
                {t('catalogue.from')}
                <select name="trlMin" value={filters.trlMin} onChange={(e) => apply({ trlMin: e.target.value })}>
                  <option value="">—</option>
                  {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('catalogue.to')}
                <select name="trlMax" value={filters.trlMax} onChange={(e) => apply({ trlMax: e.target.value })}>
                  <option value="">—</option>
                  {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
            </fieldset>
            <fieldset>
              <legend>{t('catalogue.grade')}</legend>
              {GRADES.map((g) => (
                <label key={g} className="choice">
                  <input type="checkbox" name="grade" value={g} checked={filters.grade.includes(g)} onChange={() => toggle('grade', g)} />
                  {t('listing.grade', { grade: g })}
                  <span className="facet-count">{count('evaluationGrade', g)}</span>
                </label>
              ))}
            </fieldset>
            <label className="choice">
              <input type="checkbox" name="hasEvaluation" checked={filters.hasEvaluation === 'true'} onChange={(e) => apply({ hasEvaluation: e.target.checked ? 'true' : '' })} />
              {t('catalogue.evaluatedOnly')}
              <span className="facet-count">{count('hasEvaluation', 'true')}</span>
            </label>
            <form onSubmit={submit} className="filter-form">
              <label>
                {t('catalogue.ipc')}
                <input name="ipc" value={ipc} onChange={(e) => setIpc(e.target.value)} placeholder="G01S" />
              </label>
              <div className="inline-fields">
                <label>
                  {t('catalogue.priceMin')}
                  <input name="priceMin" inputMode="decimal" value={priceMin} onChange={(e) => setPriceMin(e.target.value)} />
                </label>
                <label>
                  {t('catalogue.priceMax')}
                  <input name="priceMax" inputMode="decimal" value={priceMax} onChange={(e) => setPriceMax(e.target.value)} />
                </label>
              </div>
              <button type="submit">{t('catalogue.apply')}</button>
            </form>
            <button type="button" className="link-button" onClick={() => navigate('/')}>
              {t('catalogue.clear')}
            </button>
          </details>
        </aside>

        <section className="results" aria-live="polite" aria-busy={result.loading}>
          <div className="results-head">
            <span>{result.data ? t('catalogue.total', { total: result.data.total, ms: result.data.processingTimeMs }) : ''}</span>
            <label>
              {t('catalogue.sort')}{' '}
              <select name="sort" value={filters.sort || 'relevance'} onChange={(e) => apply({ sort: e.target.value })}>
                {SORTS.map((s) => (
                  <option key={s} value={s}>
                    {label('sort', s)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ErrorBanner error={result.error} />
          {result.loading && !result.data ? <Loading /> : null}
          {result.data && result.data.hits.length === 0 ? <Empty>{t('catalogue.none')}</Empty> : null}
          <ol className="hits">
            {result.data?.hits.map(({ listing, highlight }) => (
              <li key={listing.id} className="hit card">
                <h2>
                  <Link to={`/listings/${listing.id}`} dangerouslySetInnerHTML={{ __html: safeHighlight(highlight.title) }} />
                </h2>
                <p className="summary" dangerouslySetInnerHTML={{ __html: safeHighlight(highlight.summary) }} />
                <div className="meta">
                  <span className="tag">{label('direction', listing.direction)}</span>
                  <span className="tag">{label('field', listing.field)}</span>
                  <span className="tag">TRL {listing.trl}</span>
                  {listing.ipcCodes.slice(0, 3).map((c) => (
                    <span key={c} className="tag tag-code">
                      {c}
                    </span>
                  ))}
                  {listing.evaluation ? <span className="tag tag-grade">{t('listing.grade', { grade: listing.evaluation.grade })}</span> : null}
                  <span className="price">
                    <Money amount={listing.askingPrice} />
                  </span>
                </div>
              </li>
            ))}
          </ol>
          {result.data ? <Pager page={result.data.page} pageSize={result.data.pageSize} total={result.data.total} onPage={(p) => navigate(urlOf({ ...filters, page: String(p) }))} /> : null}
        </section>
      </div>
    </div>
  );
}
