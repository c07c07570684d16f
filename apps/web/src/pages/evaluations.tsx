import { FormEvent, useState } from 'react';
import { ApiError } from '../api/client';
import { Evaluation, Listing, Page, PanelMember, User } from '../api/types';
import { ActionButton, Empty, ErrorBanner, Field, Loading, Money, Pager, ReasonAction, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDateTime, isoToLocalInput, localInputToIso } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { RUBRIC_CRITERIA } from '../lib/vocabulary';
import { Link, navigate, useLocation } from '../router';
import { api, isOperator, useSession } from '../session';
import { ReviewCard } from './expert';

const STATUSES = ['requested', 'in_review', 'flagged', 'published', 'cancelled'];

/** Evaluations: operators see all by status (flagged results to confirm, requests to staff); owners see their organisation's and request new ones. */
export function EvaluationsPage({ admin }: { admin?: boolean }) {
  const { t, label, locale } = useI18n();
  const { query } = useLocation();
  const base = admin ? '/admin/evaluations' : '/my/evaluations';
  const status = query.get('status') ?? (admin ? 'requested' : '');
  const page = Number(query.get('page') ?? 1);
  const list = useAsync(() => api.get<Page<Evaluation>>('/evaluations', { query: { status, page, pageSize: 20 } }), [status, page]);
  return (
    <section>
      <h1>{admin ? t('nav.adminEvaluations') : t('nav.myEvaluations')}</h1>
      {admin ? null : <RequestEvaluation preselected={query.get('listingId') ?? ''} />}
      <div className="tabs" role="tablist" aria-label={t('eval.status')}>
        {(admin ? STATUSES : ['', ...STATUSES]).map((s) => (
          <button key={s || 'all'} type="button" role="tab" aria-selected={s === status} onClick={() => navigate(s ? `${base}?status=${s}` : base)}>
            {s ? label('evaluationStatus', s) : t('common.all')}
          </button>
        ))}
      </div>
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.items.length === 0 ? <Empty>{t('eval.none')}</Empty> : null}
      <ul className="cards">
        {list.data?.items.map((e) => (
          <li key={e.id} className="card" data-evaluation={e.id}>
            <h2>
              <Link to={`/evaluations/${e.id}`}>{e.listing.title}</Link> <StatusBadge group="evaluationStatus" status={e.status} />
            </h2>
            <dl className="facts compact">
              <dt>{t('listing.field')}</dt>
              <dd>
                {label('field', e.listing.field)} · TRL {e.listing.trl}
              </dd>
              <dt>{t('eval.progress')}</dt>
              <dd>
                {t('eval.progressN', { submitted: e.progress.submitted, size: e.progress.panelSize })} · {t('eval.roundN', { round: e.round })}
              </dd>
              {e.result ? (
                <>
                  <dt>{t('eval.result')}</dt>
                  <dd>
                    {e.result.grade} · {e.result.score}
                  </dd>
                </>
              ) : null}
              <dt>{t('eval.updatedAt')}</dt>
              <dd>{formatDateTime(e.updatedAt, locale)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      {list.data ? <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => navigate(`${base}?status=${status}&page=${p}`)} /> : null}
    </section>
  );
}

/** The owner asks for an evaluation of one of the organisation's listings (draft, in review or published). */
function RequestEvaluation({ preselected }: { preselected: string }) {
  const { t, label } = useI18n();
  const listings = useAsync(() => api.get<Page<Listing>>('/listings/mine', { query: { pageSize: 100 } }), []);
  const [listingId, setListingId] = useState(preselected);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const eligible = (listings.data?.items ?? []).filter((l) => ['draft', 'pending_review', 'published'].includes(l.status));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<Evaluation>('/evaluations', { listingId, ...(note.trim() ? { note: note.trim() } : {}) });
      navigate(`/evaluations/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="request-eval">
      <h2 id="request-eval">{t('eval.request')}</h2>
      <p className="muted">{t('eval.requestLead')}</p>
      <Field label={t('eval.listingToEvaluate')} name="listingId" error={error} required>
        {(p) => (
          <select {...p} value={listingId} onChange={(e) => setListingId(e.target.value)}>
            <option value="">{t('eval.chooseListing')}</option>
            {eligible.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title} ({label('listingStatus', l.status)})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('eval.noteToPanel')} name="note" error={error}>
        {(p) => <textarea {...p} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <ErrorBanner error={error} claimed={['listingId', 'note']} />
      <button type="submit" className="primary" disabled={busy}>
        {t('eval.requestSubmit')}
      </button>
    </form>
  );
}

/** One evaluation: progress and panel; operators assign the panel, replace missed experts, confirm or send back a flagged result; the owner sees the result and the reviews by alias. */
export function EvaluationPage({ id }: { id: string }) {
  const { t, label, locale, alias } = useI18n();
  const { me } = useSession();
  const operator = isOperator(me);
  const evaluation = useAsync(() => api.get<Evaluation>(`/evaluations/${id}`), [id]);
  const [error, setError] = useState<unknown>(null);
  if (evaluation.error) return <ErrorBanner error={evaluation.error} />;
  if (!evaluation.data) return <Loading />;
  const e = evaluation.data;
  const act = async (path: string, body: object = {}) => {
    setError(null);
    try {
      evaluation.setData(await api.post<Evaluation>(path, body));
    } catch (err) {
      setError(err);
      throw err;
    }
  };
  const cancellable = operator ? ['requested', 'in_review', 'flagged'].includes(e.status) : e.status === 'requested';
  return (
    <article data-evaluation-status={e.status}>
      <p>
        <Link to={operator ? '/admin/evaluations' : '/my/evaluations'}>← {operator ? t('nav.adminEvaluations') : t('nav.myEvaluations')}</Link>
      </p>
      <header className="page-head">
        <h1>{t('eval.titleOf', { title: e.listing.title })}</h1>
        <StatusBadge group="evaluationStatus" status={e.status} />
      </header>
      <dl className="facts">
        <dt>{t('eval.listing')}</dt>
        <dd>
          <Link to={`/listings/${e.listingId}`}>{e.listing.title}</Link> · {label('field', e.listing.field)} · TRL {e.listing.trl}
        </dd>
        <dt>{t('eval.round')}</dt>
        <dd>{e.round}</dd>
        <dt>{t('eval.progress')}</dt>
        <dd>{t('eval.progressN', { submitted: e.progress.submitted, size: e.progress.panelSize })}</dd>
        <dt>{t('eval.requestedBy')}</dt>
        <dd>{label('requestedBy', e.requestedBy)}</dd>
        {e.note ? (
          <>
            <dt>{t('eval.note')}</dt>
            <dd>{e.note}</dd>
          </>
        ) : null}
        {e.statusReason ? (
          <>
            <dt>{t('listing.statusReason')}</dt>
            <dd>{e.statusReason}</dd>
          </>
        ) : null}
        <dt>{t('eval.createdAt')}</dt>
        <dd>{formatDateTime(e.createdAt, locale)}</dd>
      </dl>
      <ErrorBanner error={error} />

      {e.result ? <ConsensusPanel evaluation={e} /> : null}
      {operator && e.status === 'flagged' ? (
        <section className="panel" aria-labelledby="flagged-heading">
          <h2 id="flagged-heading">{t('eval.flaggedTitle')}</h2>
          <p>{t('eval.flaggedLead', { dispersion: e.result?.dispersion ?? '—', threshold: e.result?.dispersionThreshold ?? '—' })}</p>
          <div className="actions">
            <ActionButton className="primary" onAction={() => act(`/admin/evaluations/${e.id}/confirm`)}>
              {t('eval.confirm')}
            </ActionButton>
            <ReasonAction label={t('eval.sendBack')} onSubmit={(reason) => act(`/admin/evaluations/${e.id}/send-back`, { reason })} />
          </div>
        </section>
      ) : null}

      {operator && e.status === 'requested' ? <AssignPanel evaluation={e} onAssigned={(next) => evaluation.setData(next)} /> : null}

      {e.panel.length ? (
        <section className="panel" aria-labelledby="panel-heading">
          <h2 id="panel-heading">{t('eval.panel')}</h2>
          <ul className="cards">
            {e.panel.map((m) => (
              <li key={m.assignmentId} className="card" data-alias={m.alias}>
                <h3>
                  {alias(m.alias)}
                  {m.expert ? ` · ${m.expert.name}` : ''} <StatusBadge group="assignmentStatus" status={m.status} />
                  {m.missed ? <span className="badge badge-rejected">{t('eval.missed')}</span> : null}
                </h3>
                <p className="muted small">
                  {t('eval.deadline')} {formatDateTime(m.deadline, locale)}
                  {m.submittedAt ? ` · ${t('eval.submittedAt')} ${formatDateTime(m.submittedAt, locale)}` : ''}
                </p>
                {operator && m.missed && m.status === 'assigned' && e.status === 'in_review' ? (
                  <ReplaceExpert evaluation={e} member={m} onReplaced={(next) => evaluation.setData(next)} />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {e.reviews.length ? <ReviewsByRound evaluation={e} /> : null}

      {cancellable ? (
        <div className="actions">
          <ReasonAction danger label={t('eval.cancel')} onSubmit={(reason) => act(`/evaluations/${e.id}/cancel`, { reason })} />
        </div>
      ) : null}
    </article>
  );
}

/**
 * The reviews, one round at a time when the API sends several (operators see every round; an owner
 * only the published one): the latest round with reviews first, earlier ones a tab away.
 */
function ReviewsByRound({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useI18n();
  const rounds = [...new Set(evaluation.reviews.map((r) => r.round))].sort((a, b) => a - b);
  const [chosen, setChosen] = useState<number | null>(null);
  const round = chosen !== null && rounds.includes(chosen) ? chosen : rounds[rounds.length - 1];
  return (
    <section aria-labelledby="reviews-heading" data-round={round}>
      <h2 id="reviews-heading">{t('eval.reviews')}</h2>
      {rounds.length > 1 ? (
        <div className="tabs" role="tablist" aria-label={t('eval.rounds')}>
          {rounds.map((r) => (
            <button key={r} type="button" role="tab" aria-selected={r === round} data-round={r} onClick={() => setChosen(r)}>
              {t(r === evaluation.round ? 'eval.roundTabCurrent' : 'eval.roundTab', { round: r })}
            </button>
          ))}
        </div>
      ) : null}
      {evaluation.reviews
        .filter((r) => r.round === round)
        .map((r) => (
          <ReviewCard key={r.assignmentId} review={r} />
        ))}
    </section>
  );
}

function ConsensusPanel({ evaluation }: { evaluation: Evaluation }) {
  const { t, label, locale, alias, list } = useI18n();
  const r = evaluation.result!;
  return (
    <section className="panel evaluation" aria-labelledby="consensus-heading">
      <h2 id="consensus-heading">{t('eval.consensus')}</h2>
      <p className="grade" aria-label={t('listing.grade', { grade: r.grade })}>
        {r.grade}
      </p>
      <dl className="facts">
        <dt>{t('listing.score')}</dt>
        <dd>{r.score}</dd>
        <dt>{t('listing.valuation')}</dt>
        <dd>
          <Money amount={r.valuationLow} /> – <Money amount={r.valuationHigh} />
        </dd>
        <dt>{t('eval.dispersion')}</dt>
        <dd>
          {r.dispersion} / {r.dispersionThreshold}
          {r.flagged ? ` · ${t('eval.flaggedShort')}` : ''}
        </dd>
        <dt>{t('listing.experts')}</dt>
        <dd>{r.experts}</dd>
        {RUBRIC_CRITERIA.map((c) => (
          <div key={c} className="contents">
            <dt>{label('criterion', c)}</dt>
            <dd>{r.criteria[c]}</dd>
          </div>
        ))}
        {r.valuationOutliers.length ? (
          <>
            <dt>{t('eval.outliers')}</dt>
            <dd>{list(r.valuationOutliers.map(alias))}</dd>
          </>
        ) : null}
        <dt>{t('eval.computedAt')}</dt>
        <dd>{formatDateTime(r.computedAt, locale)}</dd>
      </dl>
    </section>
  );
}

interface Conflict {
  expertId: string;
  reason: string;
  message: string;
}

function conflictsOf(error: unknown): Conflict[] {
  if (!(error instanceof ApiError)) return [];
  const list = (error.details as { conflicts?: unknown }).conflicts;
  return Array.isArray(list) ? (list as Conflict[]) : [];
}

/** The experts of the listing's field, from the operator's view of the pool. */
function useFieldExperts(field: string) {
  return useAsync(() => api.get<Page<User>>('/admin/experts', { query: { field, pageSize: 100 } }), [field]);
}

const inDays = (days: number) => isoToLocalInput(new Date(Date.now() + days * 86_400_000));

/** Operators pick 3–9 experts of the listing's field and one deadline; conflicts of interest come back with each expert's reason. */
function AssignPanel({ evaluation, onAssigned }: { evaluation: Evaluation; onAssigned(next: Evaluation): void }) {
  const { t, label, list } = useI18n();
  const experts = useFieldExperts(evaluation.listing.field);
  const [chosen, setChosen] = useState<string[]>([]);
  const [deadline, setDeadline] = useState(() => inDays(14));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const conflicts = conflictsOf(error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onAssigned(await api.post<Evaluation>(`/admin/evaluations/${evaluation.id}/panel`, { expertIds: chosen, deadline: localInputToIso(deadline) ?? deadline }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const expertMessages = error instanceof ApiError && conflicts.length === 0 ? error.messagesFor('expertIds') : [];
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="assign-heading">
      <h2 id="assign-heading">{t('eval.assignPanel')}</h2>
      <p className="muted">{t('eval.assignLead', { field: label('field', evaluation.listing.field) })}</p>
      <ErrorBanner error={experts.error} />
      <fieldset className={`field${expertMessages.length || conflicts.length ? ' field-invalid' : ''}`} data-field="expertIds">
        <legend>{t('eval.experts', { count: chosen.length })}</legend>
        {experts.data?.items.length === 0 ? <Empty>{t('eval.noExperts')}</Empty> : null}
        <ul className="plain expert-list">
          {experts.data?.items.map((x) => {
            const conflict = conflicts.find((c) => c.expertId === x.id);
            return (
              <li key={x.id} data-expert={x.id} className={conflict ? 'conflicted' : undefined}>
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={chosen.includes(x.id)}
                    aria-describedby={conflict ? `conflict-${x.id}` : undefined}
                    aria-invalid={conflict ? true : undefined}
                    onChange={() => setChosen((ids) => (ids.includes(x.id) ? ids.filter((i) => i !== x.id) : [...ids, x.id]))}
                  />{' '}
                  {x.displayName} <span className="muted small">{list(x.expertiseFields.map((f) => label('field', f)))}</span>
                </label>
                {conflict ? (
                  <div className="field-error conflict" id={`conflict-${x.id}`} role="alert">
                    {label('conflict', conflict.reason)} — {conflict.message}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
        {expertMessages.length ? (
          <ul className="field-error" role="alert">
            {expertMessages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        ) : null}
      </fieldset>
      <Field label={t('eval.panelDeadline')} name="deadline" error={error} required hint={t('eval.deadlineHint')}>
        {(p) => <input {...p} type="datetime-local" step={1} value={deadline} onChange={(e) => setDeadline(e.target.value)} />}
      </Field>
      {conflicts.length ? (
        <div className="banner banner-error" role="alert">
          {t('eval.conflictsRefused', { count: conflicts.length })}
        </div>
      ) : (
        <ErrorBanner error={error} claimed={['expertIds', 'deadline']} />
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('eval.assignSubmit')}
      </button>
    </form>
  );
}

/** Replace an expert whose deadline passed without a review: a new expert of the field (same checks), a new deadline. */
function ReplaceExpert({ evaluation, member, onReplaced }: { evaluation: Evaluation; member: PanelMember; onReplaced(next: Evaluation): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('eval.replace')}
      </button>
    );
  }
  return <ReplaceExpertForm evaluation={evaluation} member={member} onReplaced={onReplaced} onClose={() => setOpen(false)} />;
}

function ReplaceExpertForm({ evaluation, member, onReplaced, onClose }: { evaluation: Evaluation; member: PanelMember; onReplaced(next: Evaluation): void; onClose(): void }) {
  const { t, label, alias } = useI18n();
  const experts = useFieldExperts(evaluation.listing.field);
  const [expertId, setExpertId] = useState('');
  const [deadline, setDeadline] = useState(() => inDays(7));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const onPanel = new Set(evaluation.panel.map((m) => m.expert?.id).filter(Boolean));
  const conflicts = conflictsOf(error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onReplaced(
        await api.post<Evaluation>(`/admin/evaluations/${evaluation.id}/assignments/${member.assignmentId}/replace`, {
          expertId,
          deadline: localInputToIso(deadline) ?? deadline,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="reason-form" onSubmit={submit} noValidate>
      <Field label={t('eval.newExpert', { alias: alias(member.alias) })} name="expertId" error={error} required>
        {(p) => (
          <select {...p} value={expertId} onChange={(e) => setExpertId(e.target.value)} autoFocus>
            <option value="">{t('eval.chooseExpert')}</option>
            {experts.data?.items
              .filter((x) => !onPanel.has(x.id))
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.displayName}
                </option>
              ))}
          </select>
        )}
      </Field>
      {conflicts.map((c) => (
        <div key={c.expertId} className="field-error conflict" role="alert">
          {t('eval.conflictOf')}: {label('conflict', c.reason)} — {c.message}
        </div>
      ))}
      <Field label={t('eval.newDeadline')} name="deadline" error={error} required>
        {(p) => <input {...p} type="datetime-local" step={1} value={deadline} onChange={(e) => setDeadline(e.target.value)} />}
      </Field>
      <Field label={t('common.reasonOptional')} name="reason" error={error}>
        {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {conflicts.length ? null : <ErrorBanner error={error} claimed={['expertId', 'deadline', 'reason']} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('eval.replaceSubmit')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Owner's note on a listing page: its evaluation status, and a link to request one. */
export function ListingEvaluationLink({ listingId }: { listingId: string }) {
  const { t, label } = useI18n();
  const list = useAsync(() => api.get<Page<Evaluation>>('/evaluations', { query: { listingId, pageSize: 5 } }), [listingId]);
  const latest = list.data?.items[0];
  const open = latest && ['requested', 'in_review', 'flagged'].includes(latest.status);
  return (
    <p className="actions">
      {latest ? (
        <Link className="button" to={`/evaluations/${latest.id}`}>
          {t('eval.viewEvaluation')} · {label('evaluationStatus', latest.status)}
        </Link>
      ) : null}
      {!open ? (
        <Link className="button" to={`/my/evaluations?listingId=${listingId}`}>
          {t('eval.request')}
        </Link>
      ) : null}
    </p>
  );
}

