import { FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import type { Listing, ListingRead } from '../api/types';
import { ErrorBanner, Field, FieldSet, Loading, Notice } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { isYuanAmount } from '../lib/format';
import { DIRECTIONS, PATENT_KINDS, SECRECY_LEVELS, TECHNICAL_FIELDS, TRANSACTION_MODES } from '../lib/vocabulary';
import { navigate } from '../router';
import { api, useSession } from '../session';

interface PatentRow {
  number: string;
  kind: string;
  nationalDefence: boolean;
  title: string;
}

interface FormState {
  title: string;
  summary: string;
  description: string;
  direction: string;
  field: string;
  ipcCodes: string;
  trl: string;
  patents: PatentRow[];
  transactionModes: string[];
  negotiable: boolean;
  askingPrice: string;
  secrecyLevel: string;
  decisionNumber: string;
  authority: string;
  decisionDate: string;
  dossierAccess: string;
}

const EMPTY: FormState = {
  title: '',
  summary: '',
  description: '',
  direction: 'mil_to_civ',
  field: 'aerodynamics',
  ipcCodes: '',
  trl: '5',
  patents: [],
  transactionModes: ['transfer'],
  negotiable: false,
  askingPrice: '',
  secrecyLevel: 'public',
  decisionNumber: '',
  authority: '',
  decisionDate: '',
  dossierAccess: 'by_grant',
};

function stateOf(l: Listing): FormState {
  return {
    title: l.title,
    summary: l.summary,
    description: l.description,
    direction: l.direction,
    field: l.field,
    ipcCodes: l.ipcCodes.join(', '),
    trl: String(l.trl),
    patents: l.patents.map((p) => ({ number: p.number, kind: p.kind, nationalDefence: p.nationalDefence, title: p.title ?? '' })),
    transactionModes: l.transactionModes,
    negotiable: l.askingPrice === null,
    askingPrice: l.askingPrice ?? '',
    secrecyLevel: l.secrecyLevel,
    decisionNumber: l.declassification?.decisionNumber ?? '',
    authority: l.declassification?.authority ?? '',
    decisionDate: l.declassification?.decisionDate ?? '',
    dossierAccess: l.dossierAccess,
  };
}

/** The request body: what the owner typed, shaped as the API's CreateListingDto / UpdateListingDto. */
export function bodyOf(form: FormState) {
  const declassified = form.secrecyLevel !== 'public';
  return {
    title: form.title.trim(),
    summary: form.summary.trim(),
    description: form.description.trim(),
    direction: form.direction,
    field: form.field,
    ipcCodes: form.ipcCodes
      .split(/[,;，；\n]+/)
      .map((c) => c.trim())
      .filter(Boolean),
    trl: Number(form.trl),
    patents: form.patents.map((p) => ({ number: p.number.trim(), kind: p.kind, nationalDefence: p.nationalDefence, ...(p.title.trim() ? { title: p.title.trim() } : {}) })),
    transactionModes: form.transactionModes,
    askingPrice: form.negotiable ? null : form.askingPrice.trim(),
    secrecyLevel: form.secrecyLevel,
    declassification:
      declassified && (form.decisionNumber || form.authority || form.decisionDate)
        ? { decisionNumber: form.decisionNumber.trim(), authority: form.authority.trim(), decisionDate: form.decisionDate }
        : null,
    dossierAccess: form.dossierAccess,
  };
}

const FIELDS = ['title', 'summary', 'description', 'direction', 'field', 'ipcCodes', 'trl', 'patents', 'transactionModes', 'askingPrice', 'secrecyLevel', 'declassification', 'dossierAccess'];

/**
 * Create or edit a listing (drafts and rejected ones), with the declassification record above `public`.
 * The API's field errors (400 on save, 422 on submission) are shown next to each field.
 */
export function ListingFormPage({ id }: { id?: string }) {
  const { t, label } = useI18n();
  const { me } = useSession();
  const [form, setForm] = useState<FormState>(() => ({ ...EMPTY, direction: me?.user.role === 'enterprise' ? 'civ_to_mil' : 'mil_to_civ' }));
  const [listingId, setListingId] = useState<string | undefined>(id);
  const [loading, setLoading] = useState(Boolean(id));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    api
      .get<ListingRead>(`/listings/${id}`)
      .then((l) => {
        if (l.visibility === 'full') setForm(stateOf(l));
      })
      .catch(setError)
      .finally(() => setLoading(false));
  }, [id]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setPatent = (i: number, change: Partial<PatentRow>) => set('patents', form.patents.map((p, j) => (j === i ? { ...p, ...change } : p)));

  const save = async (submit: boolean) => {
    setError(null);
    setSaved(false);
    if (!form.negotiable && !isYuanAmount(form.askingPrice.trim())) {
      setError(new ApiError(400, 'VALIDATION', t('error.checkFields'), [{ field: 'askingPrice', messages: [t('listing.priceInvalid')] }]));
      return;
    }
    setBusy(true);
    try {
      const body = bodyOf(form);
      let saved: Listing;
      if (listingId) saved = await api.patch<Listing>(`/listings/${listingId}`, body);
      else {
        saved = await api.post<Listing>('/listings', body);
        setListingId(saved.id);
        // From here on the form edits this draft: a second save must not create another listing.
        history.replaceState(null, '', `/my/listings/${saved.id}/edit`);
      }
      if (submit) {
        await api.post(`/listings/${saved.id}/submit`);
        navigate(`/listings/${saved.id}`);
        return;
      }
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save(true);
  };

  if (loading) return <Loading />;
  const declassified = form.secrecyLevel !== 'public';
  return (
    <section>
      <h1>{listingId ? t('listing.editTitle') : t('listing.new')}</h1>
      <form onSubmit={onSubmit} className="listing-form" noValidate>
        <fieldset className="group">
          <legend>{t('listing.publicPart')}</legend>
          <Field label={t('listing.title')} name="title" error={error} required>
            {(p) => <input {...p} value={form.title} maxLength={200} onChange={(e) => set('title', e.target.value)} />}
          </Field>
          <Field label={t('listing.summary')} name="summary" error={error} hint={t('listing.summaryHint')} required>
            {(p) => <textarea {...p} rows={3} maxLength={1000} value={form.summary} onChange={(e) => set('summary', e.target.value)} />}
          </Field>
          <FieldSet legend={t('listing.direction')} name="direction" error={error}>
            {DIRECTIONS.map((d) => (
              <label key={d} className="choice">
                <input type="radio" name="direction" value={d} checked={form.direction === d} onChange={() => set('direction', d)} />
                {label('direction', d)}
              </label>
            ))}
          </FieldSet>
          <div className="grid-3">
            <Field label={t('listing.field')} name="field" error={error} required>
              {(p) => (
                <select {...p} value={form.field} onChange={(e) => set('field', e.target.value)}>
                  {TECHNICAL_FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {label('field', f)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('listing.trl')} name="trl" error={error} hint={t('listing.trlHint')} required>
              {(p) => (
                <select {...p} value={form.trl} onChange={(e) => set('trl', e.target.value)}>
                  {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('listing.ipc')} name="ipcCodes" error={error} hint={t('listing.ipcHint')}>
              {(p) => <input {...p} value={form.ipcCodes} onChange={(e) => set('ipcCodes', e.target.value)} placeholder="G01M 9/06, G01S 7/48" spellCheck={false} />}
            </Field>
          </div>
          <FieldSet legend={t('listing.modes')} name="transactionModes" error={error}>
            {TRANSACTION_MODES.map((m) => (
              <label key={m} className="choice">
                <input
                  type="checkbox"
                  name="transactionModes"
                  value={m}
                  checked={form.transactionModes.includes(m)}
                  onChange={(e) => set('transactionModes', e.target.checked ? [...form.transactionModes, m] : form.transactionModes.filter((x) => x !== m))}
                />
                {label('mode', m)}
              </label>
            ))}
          </FieldSet>
          <div className="grid-2">
            <Field label={t('listing.askingPrice')} name="askingPrice" error={error} hint={t('listing.priceHint')}>
              {(p) => <input {...p} inputMode="decimal" value={form.askingPrice} disabled={form.negotiable} onChange={(e) => set('askingPrice', e.target.value)} placeholder="1250000.00" />}
            </Field>
            <label className="choice align-end">
              <input type="checkbox" name="negotiable" checked={form.negotiable} onChange={(e) => set('negotiable', e.target.checked)} />
              {t('price.negotiable')}
            </label>
          </div>
        </fieldset>

        <fieldset className="group">
          <legend>{t('listing.restricted')}</legend>
          <Field label={t('listing.description')} name="description" error={error} hint={t('listing.descriptionHint')} required>
            {(p) => <textarea {...p} rows={6} maxLength={20000} value={form.description} onChange={(e) => set('description', e.target.value)} />}
          </Field>
          <FieldSet legend={t('listing.patents')} name="patents" error={error}>
            {form.patents.map((patent, i) => (
              <div key={i} className="patent-row grid-4">
                <Field label={t('listing.patentNumber')} name={`patents[${i}].number`} error={error} hint={i === 0 ? t('listing.patentHint') : undefined} required>
                  {(p) => <input {...p} value={patent.number} onChange={(e) => setPatent(i, { number: e.target.value })} placeholder="ZL201710601862.3" spellCheck={false} />}
                </Field>
                <Field label={t('listing.patentKind')} name={`patents[${i}].kind`} error={error}>
                  {(p) => (
                    <select {...p} value={patent.kind} onChange={(e) => setPatent(i, { kind: e.target.value })}>
                      {PATENT_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {label('patentKind', k)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('listing.patentTitle')} name={`patents[${i}].title`} error={error}>
                  {(p) => <input {...p} value={patent.title} onChange={(e) => setPatent(i, { title: e.target.value })} />}
                </Field>
                <div className="patent-tools">
                  <label className="choice">
                    <input type="checkbox" checked={patent.nationalDefence} onChange={(e) => setPatent(i, { nationalDefence: e.target.checked })} />
                    {t('listing.nationalDefence')}
                  </label>
                  <button type="button" className="link-button" onClick={() => set('patents', form.patents.filter((_, j) => j !== i))}>
                    {t('listing.removePatent')}
                  </button>
                </div>
              </div>
            ))}
            <button type="button" onClick={() => set('patents', [...form.patents, { number: '', kind: 'invention', nationalDefence: false, title: '' }])}>
              {t('listing.addPatent')}
            </button>
          </FieldSet>
          <Field label={t('listing.secrecy')} name="secrecyLevel" error={error} hint={t('listing.secrecyHint')} required>
            {(p) => (
              <select {...p} value={form.secrecyLevel} onChange={(e) => set('secrecyLevel', e.target.value)}>
                {SECRECY_LEVELS.map((s) => (
                  <option key={s} value={s}>
                    {label('secrecy', s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {declassified ? (
            <fieldset className="group declassification" data-field="declassification">
              <legend>{t('listing.declassification')}</legend>
              <p className="hint">{t('listing.declassificationHint')}</p>
              {error instanceof ApiError && error.fields.some((f) => f.field === 'declassification') ? (
                <ul className="field-error" role="alert">
                  {error.fields
                    .filter((f) => f.field === 'declassification')
                    .flatMap((f) => f.messages)
                    .map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                </ul>
              ) : null}
              <div className="grid-3">
                <Field label={t('listing.decisionNumber')} name="declassification.decisionNumber" error={error} required>
                  {(p) => <input {...p} value={form.decisionNumber} onChange={(e) => set('decisionNumber', e.target.value)} placeholder={t('listing.decisionNumberExample')} />}
                </Field>
                <Field label={t('listing.authority')} name="declassification.authority" error={error} required>
                  {(p) => <input {...p} value={form.authority} onChange={(e) => set('authority', e.target.value)} placeholder={t('listing.authorityExample')} />}
                </Field>
                <Field label={t('listing.decisionDate')} name="declassification.decisionDate" error={error} required>
                  {(p) => <input {...p} type="date" value={form.decisionDate} onChange={(e) => set('decisionDate', e.target.value)} />}
                </Field>
              </div>
            </fieldset>
          ) : null}
          <FieldSet legend={t('listing.dossierAccess')} name="dossierAccess" error={error}>
            {(['by_grant', 'verified_organisations'] as const).map((d) => (
              <label key={d} className="choice">
                <input type="radio" name="dossierAccess" value={d} checked={form.dossierAccess === d} onChange={() => set('dossierAccess', d)} />
                {label('dossierAccess', d)}
              </label>
            ))}
          </FieldSet>
        </fieldset>

        <ErrorBanner error={error} claimed={FIELDS} />
        {saved ? <Notice>{t('listing.saved')}</Notice> : null}
        <div className="actions sticky-actions">
          <button type="button" onClick={() => void save(false)} disabled={busy}>
            {t('listing.saveDraft')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('listing.saveAndSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
