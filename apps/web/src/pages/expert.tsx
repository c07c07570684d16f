import { FormEvent, useState } from 'react';
import { ApiError } from '../api/client';
import {
  Assignment,
  AssignmentSummary,
  Comparables,
  IncomeCalculation,
  IncomeInputs,
  Page,
  Review,
  RubricCriterion,
  ValuationMethod,
} from '../api/types';
import { Empty, ErrorBanner, Field, FieldSet, Loading, Money, Notice, Pager, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDate, formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { RUBRIC_CRITERIA, VALUATION_METHODS } from '../lib/vocabulary';
import { Link, navigate, useLocation } from '../router';
import { api } from '../session';

const TABS = ['', 'assigned', 'submitted'];

/** An expert's assignments: what to evaluate and by when. */
export function AssignmentsPage() {
  const { t, label, locale, alias } = useI18n();
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const page = Number(query.get('page') ?? 1);
  const list = useAsync(() => api.get<Page<AssignmentSummary>>('/assignments', { query: { status, page, pageSize: 20 } }), [status, page]);
  return (
    <section>
      <h1>{t('nav.assignments')}</h1>
      <div className="tabs" role="tablist" aria-label={t('eval.assignmentStatus')}>
        {TABS.map((s) => (
          <button key={s || 'all'} type="button" role="tab" aria-selected={s === status} onClick={() => navigate(s ? `/expert/assignments?status=${s}` : '/expert/assignments')}>
            {s ? label('assignmentStatus', s) : t('common.all')}
          </button>
        ))}
      </div>
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.items.length === 0 ? <Empty>{t('eval.noAssignments')}</Empty> : null}
      <ul className="cards">
        {list.data?.items.map((a) => (
          <li key={a.id} className="card" data-assignment={a.id}>
            <h2>
              <Link to={`/expert/assignments/${a.id}`}>{a.listing.title}</Link> <StatusBadge group="assignmentStatus" status={a.status} />
              {a.missed ? <span className="badge badge-rejected">{t('eval.missed')}</span> : null}
            </h2>
            <dl className="facts compact">
              <dt>{t('listing.field')}</dt>
              <dd>
                {label('field', a.listing.field)} · TRL {a.listing.trl}
              </dd>
              <dt>{t('eval.alias')}</dt>
              <dd>
                {alias(a.alias)} · {t('eval.roundN', { round: a.round })}
              </dd>
              <dt>{t('eval.deadline')}</dt>
              <dd>{formatDateTime(a.deadline, locale)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      {list.data ? <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => navigate(`/expert/assignments?status=${status}&page=${p}`)} /> : null}
    </section>
  );
}

/** One assignment: the listing as the panel evaluates it (description, patents), and the review form or the submitted review. */
export function AssignmentPage({ id }: { id: string }) {
  const { t, label, locale, alias, list } = useI18n();
  const assignment = useAsync(() => api.get<Assignment>(`/assignments/${id}`), [id]);
  if (assignment.error) return <ErrorBanner error={assignment.error} />;
  if (!assignment.data) return <Loading />;
  const a = assignment.data;
  const l = a.listing;
  return (
    <article>
      <p>
        <Link to="/expert/assignments">← {t('nav.assignments')}</Link>
      </p>
      <header className="page-head">
        <h1>{l.title}</h1>
        <StatusBadge group="assignmentStatus" status={a.status} />
        {a.missed ? <span className="badge badge-rejected">{t('eval.missed')}</span> : null}
      </header>
      <p className="muted">
        {alias(a.alias)} · {t('eval.roundN', { round: a.round })} · {t('eval.deadline')} {formatDateTime(a.deadline, locale)}
      </p>
      {a.note ? (
        <p className="banner">
          {t('eval.note')}: {a.note}
        </p>
      ) : null}
      <p className="lead">{l.summary}</p>
      <div className="grid-2">
        <section className="panel">
          <h2>{t('eval.listing')}</h2>
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
          </dl>
        </section>
        <section className="panel">
          <h2>{t('listing.patents')}</h2>
          {l.patents.length === 0 ? <p className="muted">—</p> : null}
          <ul className="plain patents">
            {l.patents.map((p) => (
              <li key={p.number}>
                <strong>{p.number}</strong> · {label('patentKind', p.kind)}
                {p.nationalDefence ? ` · ${t('listing.nationalDefence')}` : ''}
                {p.title ? <div>{p.title}</div> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="panel">
        <h2>{t('eval.description')}</h2>
        <p className="pre">{l.description}</p>
      </section>
      {a.review ? (
        <>
          <Notice>{t('eval.reviewFinal', { at: formatDateTime(a.review.submittedAt, locale) })}</Notice>
          <ReviewCard review={a.review} />
        </>
      ) : a.status === 'assigned' ? (
        <ReviewForm assignment={a} onSubmitted={(next) => assignment.setData(next)} />
      ) : (
        <p className="banner">{t('eval.assignmentClosed')}</p>
      )}
    </article>
  );
}

interface CriterionDraft {
  score: string;
  comment: string;
}

/** The rubric (five criteria 0–100, each with a comment) and the valuation range with its method and basis. Final once submitted. */
function ReviewForm({ assignment, onSubmitted }: { assignment: Assignment; onSubmitted(next: Assignment): void }) {
  const { t, label } = useI18n();
  const [scores, setScores] = useState<Record<RubricCriterion, CriterionDraft>>(
    () => Object.fromEntries(RUBRIC_CRITERIA.map((c) => [c, { score: '', comment: '' }])) as Record<RubricCriterion, CriterionDraft>,
  );
  const [low, setLow] = useState('');
  const [high, setHigh] = useState('');
  const [method, setMethod] = useState<ValuationMethod>('cost');
  const [basis, setBasis] = useState('');
  const [comparableIds, setComparableIds] = useState<string[]>([]);
  const [income, setIncome] = useState<IncomeInputs | null>(null);
  const [final, setFinal] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const setCriterion = (c: RubricCriterion, patch: Partial<CriterionDraft>) => setScores((s) => ({ ...s, [c]: { ...s[c], ...patch } }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        scores: Object.fromEntries(
          RUBRIC_CRITERIA.map((c) => [c, { score: scores[c].score.trim() === '' ? null : Number(scores[c].score), comment: scores[c].comment }]),
        ),
        valuation: {
          low: low.trim(),
          high: high.trim(),
          method,
          basis,
          ...(method === 'market' && comparableIds.length ? { comparableTradeIds: comparableIds } : {}),
          ...(method === 'income' && income ? { income } : {}),
        },
      };
      onSubmitted(await api.post<Assignment>(`/assignments/${assignment.id}/review`, body));
      window.scrollTo(0, 0);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const claimed = [...RUBRIC_CRITERIA.map((c) => `scores.${c}`), 'valuation.low', 'valuation.high', 'valuation.method', 'valuation.basis', 'valuation.comparableTradeIds', 'valuation.income'];
  return (
    <form className="panel review-form" onSubmit={submit} noValidate aria-labelledby="review-heading">
      <h2 id="review-heading">{t('eval.reviewForm')}</h2>
      <p className="muted">{t('eval.reviewLead')}</p>
      {RUBRIC_CRITERIA.map((c) => (
        <fieldset key={c} className="criterion" data-criterion={c}>
          <legend>
            {label('criterion', c)} <span className="muted small">{t('eval.weight', { weight: WEIGHTS[c] })}</span>
          </legend>
          <div className="criterion-row">
            <Field label={t('eval.score', { criterion: label('criterion', c) })} name={`scores.${c}.score`} error={error} required>
              {(p) => (
                <input {...p} type="number" inputMode="numeric" min={0} max={100} step={1} value={scores[c].score} onChange={(e) => setCriterion(c, { score: e.target.value })} />
              )}
            </Field>
            <Field label={t('eval.comment', { criterion: label('criterion', c) })} name={`scores.${c}.comment`} error={error} required>
              {(p) => <textarea {...p} rows={2} maxLength={2000} value={scores[c].comment} onChange={(e) => setCriterion(c, { comment: e.target.value })} />}
            </Field>
          </div>
          {/* Problems with the criterion as a whole (missing object). */}
          {error instanceof ApiError && error.fields.some((f) => f.field === `scores.${c}`) ? (
            <ul className="field-error" role="alert">
              {error.fields.filter((f) => f.field === `scores.${c}`).flatMap((f) => f.messages).map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </fieldset>
      ))}
      <h3>{t('eval.valuation')}</h3>
      <div className="grid-2">
        <Field label={t('eval.low')} name="valuation.low" error={error} required hint={t('eval.yuanHint')}>
          {(p) => <input {...p} inputMode="decimal" value={low} onChange={(e) => setLow(e.target.value)} />}
        </Field>
        <Field label={t('eval.high')} name="valuation.high" error={error} required>
          {(p) => <input {...p} inputMode="decimal" value={high} onChange={(e) => setHigh(e.target.value)} />}
        </Field>
      </div>
      <FieldSet legend={t('eval.method')} name="valuation.method" error={error}>
        {VALUATION_METHODS.map((m) => (
          <label key={m} className="choice">
            <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} /> {label('valuationMethod', m)}
          </label>
        ))}
      </FieldSet>
      <Field label={t('eval.basis')} name="valuation.basis" error={error} required hint={t('eval.basisHint')}>
        {(p) => <textarea {...p} rows={3} maxLength={2000} value={basis} onChange={(e) => setBasis(e.target.value)} />}
      </Field>
      {method === 'market' ? (
        <ComparablesPanel
          assignmentId={assignment.id}
          selected={comparableIds}
          onToggle={(tradeId) => setComparableIds((ids) => (ids.includes(tradeId) ? ids.filter((x) => x !== tradeId) : [...ids, tradeId]))}
          error={error}
        />
      ) : null}
      {method === 'income' ? (
        <IncomeCalculator
          onComputed={(inputs) => setIncome(inputs)}
          onUse={(pv) => {
            setLow(pv);
            setHigh(pv);
          }}
        />
      ) : null}
      <ErrorBanner error={error} claimed={claimed} />
      <div className="final-check">
        <label className="choice">
          <input type="checkbox" name="final" checked={final} onChange={(e) => setFinal(e.target.checked)} /> {t('eval.finalCheck')}
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !final}>
          {t('eval.submitReview')}
        </button>
      </div>
    </form>
  );
}

export const WEIGHTS: Record<RubricCriterion, number> = { technicalAdvancement: 25, maturity: 20, ipStrength: 20, marketProspect: 20, dualUseValue: 15 };

/** A submitted review: scores with comments, the weighted score, and the valuation. */
export function ReviewCard({ review }: { review: Review }) {
  const { t, label, locale, alias } = useI18n();
  const v = review.valuation;
  return (
    <section className="panel review" data-review={review.alias}>
      <h3>
        {alias(review.alias)}
        {review.expert ? ` · ${review.expert.name}` : ''} · {t('eval.weighted', { score: review.weightedScore })}
      </h3>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('eval.criterion')}</th>
              <th scope="col">{t('eval.scoreHead')}</th>
              <th scope="col">{t('eval.commentHead')}</th>
            </tr>
          </thead>
          <tbody>
            {RUBRIC_CRITERIA.map((c) => (
              <tr key={c}>
                <th scope="row">{label('criterion', c)}</th>
                <td>{review.scores[c].score}</td>
                <td>{review.scores[c].comment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="facts">
        <dt>{t('eval.valuation')}</dt>
        <dd>
          <Money amount={v.low} /> – <Money amount={v.high} />
        </dd>
        <dt>{t('eval.method')}</dt>
        <dd>{label('valuationMethod', v.method)}</dd>
        <dt>{t('eval.basis')}</dt>
        <dd className="pre">{v.basis}</dd>
        {v.comparableTradeIds.length ? (
          <>
            <dt>{t('eval.comparablesUsed')}</dt>
            <dd>{v.comparableTradeIds.length}</dd>
          </>
        ) : null}
        {v.income ? (
          <>
            <dt>{t('eval.incomePv')}</dt>
            <dd>
              <Money amount={v.income.presentValue} />
            </dd>
          </>
        ) : null}
        <dt>{t('eval.submittedAt')}</dt>
        <dd>{formatDateTime(review.submittedAt, locale)}</dd>
      </dl>
    </section>
  );
}

/** Market method: signed trades in the listing's field within a TRL band (never the parties); the expert may pick those relied on. */
function ComparablesPanel({ assignmentId, selected, onToggle, error }: { assignmentId: string; selected: string[]; onToggle(id: string): void; error: unknown }) {
  const { t, label, locale } = useI18n();
  const [band, setBand] = useState(1);
  const comparables = useAsync(() => api.get<Comparables>(`/assignments/${assignmentId}/comparables`, { query: { trlBand: band } }), [assignmentId, band]);
  const messages = error instanceof ApiError ? error.messagesFor('valuation.comparableTradeIds') : [];
  return (
    <section className="sub-panel" aria-labelledby="comparables-heading" data-field="valuation.comparableTradeIds">
      <h3 id="comparables-heading">{t('eval.comparables')}</h3>
      <label className="inline-label">
        {t('eval.trlBand')}{' '}
        <select value={band} onChange={(e) => setBand(Number(e.target.value))}>
          {[0, 1, 2, 3].map((b) => (
            <option key={b} value={b}>
              ±{b}
            </option>
          ))}
        </select>
      </label>
      <ErrorBanner error={comparables.error} />
      {comparables.data ? (
        <p className="muted small">
          {t('eval.comparablesScope', { field: label('field', comparables.data.field), min: comparables.data.trlMin, max: comparables.data.trlMax })}
        </p>
      ) : null}
      {comparables.data?.trades.length === 0 ? <Empty>{t('eval.noComparables')}</Empty> : null}
      {comparables.data?.trades.length ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('eval.relyOn')}</th>
                <th scope="col">{t('eval.tradeTitle')}</th>
                <th scope="col">TRL</th>
                <th scope="col">{t('listing.modes')}</th>
                <th scope="col">{t('eval.amount')}</th>
                <th scope="col">{t('eval.source')}</th>
                <th scope="col">{t('eval.concludedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {comparables.data.trades.map((c) => (
                <tr key={c.tradeId}>
                  <td>
                    <input type="checkbox" aria-label={t('eval.relyOnTrade', { title: c.listingTitle })} checked={selected.includes(c.tradeId)} onChange={() => onToggle(c.tradeId)} />
                  </td>
                  <td>{c.listingTitle}</td>
                  <td>{c.trl}</td>
                  <td>{label('mode', c.transactionMode)}</td>
                  <td>
                    <Money amount={c.amount} />
                  </td>
                  <td>{label('tradeSource', c.source)}</td>
                  <td>{formatDate(c.concludedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {messages.length ? (
        <ul className="field-error" role="alert">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Income method: the present value of the royalties, computed by the API exactly (its yearly lines shown beside the total). */
export function IncomeCalculator({ onComputed, onUse }: { onComputed?(inputs: IncomeInputs): void; onUse?(presentValue: string): void }) {
  const { t } = useI18n();
  const [forecast, setForecast] = useState('');
  const [royalty, setRoyalty] = useState('');
  const [discount, setDiscount] = useState('');
  const [years, setYears] = useState('5');
  const [result, setResult] = useState<IncomeCalculation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const compute = async () => {
    setBusy(true);
    setError(null);
    try {
      const inputs: IncomeInputs = {
        revenueForecast: forecast.split(/[\s,，;；]+/).filter(Boolean),
        royaltyRate: royalty.trim(),
        discountRate: discount.trim(),
        years: Number(years),
      };
      const answer = await api.post<IncomeCalculation>('/evaluations/income-calculator', inputs);
      setResult(answer);
      onComputed?.(answer.inputs);
    } catch (e) {
      setResult(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="sub-panel income" aria-labelledby="income-heading">
      <h3 id="income-heading">{t('eval.income')}</h3>
      <p className="muted small">{t('eval.incomeLead')}</p>
      <Field label={t('eval.forecast')} name="revenueForecast" error={error} hint={t('eval.forecastHint')}>
        {(p) => <textarea {...p} rows={2} value={forecast} onChange={(e) => setForecast(e.target.value)} />}
      </Field>
      <div className="grid-3">
        <Field label={t('eval.royaltyRate')} name="royaltyRate" error={error}>
          {(p) => <input {...p} inputMode="decimal" value={royalty} onChange={(e) => setRoyalty(e.target.value)} />}
        </Field>
        <Field label={t('eval.discountRate')} name="discountRate" error={error}>
          {(p) => <input {...p} inputMode="decimal" value={discount} onChange={(e) => setDiscount(e.target.value)} />}
        </Field>
        <Field label={t('eval.years')} name="years" error={error}>
          {(p) => <input {...p} type="number" min={1} max={20} value={years} onChange={(e) => setYears(e.target.value)} />}
        </Field>
      </div>
      <ErrorBanner error={error} claimed={['revenueForecast', 'royaltyRate', 'discountRate', 'years']} />
      <div className="actions">
        <button type="button" onClick={compute} disabled={busy}>
          {t('eval.compute')}
        </button>
      </div>
      {result ? (
        <div className="income-result" role="status">
          <p>
            {t('eval.presentValue')}: <strong className="big-value">
              <Money amount={result.presentValue} />
            </strong>
            {onUse ? (
              <>
                {' '}
                <button type="button" className="link-button" onClick={() => onUse(result.presentValue)}>
                  {t('eval.usePv')}
                </button>
              </>
            ) : null}
          </p>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('eval.year')}</th>
                  <th scope="col">{t('eval.revenue')}</th>
                  <th scope="col">{t('eval.royalty')}</th>
                  <th scope="col">{t('eval.discountFactor')}</th>
                  <th scope="col">{t('eval.yearPv')}</th>
                </tr>
              </thead>
              <tbody>
                {result.years.map((y) => (
                  <tr key={y.year}>
                    <td>{y.year}</td>
                    <td>
                      <Money amount={y.revenue} />
                    </td>
                    <td>
                      <Money amount={y.royalty} />
                    </td>
                    <td>{y.discountFactor}</td>
                    <td>
                      <Money amount={y.presentValue} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
