import { FormEvent, ReactNode, useId, useState } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { formatYuan } from '../lib/format';

export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled form control with its hint and the API's messages for this field shown right under it
 * (`name` is the API's field path, e.g. `declassification.decisionNumber`).
 */
export function Field({
  label,
  name,
  error,
  hint,
  required,
  children,
}: {
  label: string;
  name: string;
  error?: unknown;
  hint?: string;
  required?: boolean;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  const messages = error instanceof ApiError ? error.messagesFor(name) : [];
  const describedBy = [hint ? `${id}-hint` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${messages.length ? ' field-invalid' : ''}`} data-field={name}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true" className="required"> *</span> : null}
      </label>
      {children({ id, name, 'aria-invalid': messages.length ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {messages.length ? (
        <ul className="field-error" id={`${id}-error`} role="alert">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A group of checkboxes or radios with one legend, and the API's messages for the group. */
export function FieldSet({ legend, name, error, children }: { legend: string; name: string; error?: unknown; children: ReactNode }) {
  const messages = error instanceof ApiError ? error.messagesFor(name) : [];
  return (
    <fieldset className={`field${messages.length ? ' field-invalid' : ''}`} data-field={name} aria-invalid={messages.length ? true : undefined}>
      <legend>{legend}</legend>
      <div className="choices">{children}</div>
      {messages.length ? (
        <ul className="field-error" role="alert">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

/** The error of a request: its message, the field problems no field on the form claimed, and its correlation id. */
export function ErrorBanner({ error, claimed = [] }: { error: unknown; claimed?: string[] }) {
  const { t } = useI18n();
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  const rest = api ? api.unclaimed(claimed) : [];
  const message = api ? (api.code === 'NETWORK' ? t('error.network') : api.message) : String((error as Error)?.message ?? error);
  return (
    <div className="banner banner-error" role="alert">
      <strong>{api?.fields.length ? t('error.checkFields') : message}</strong>
      {api?.fields.length && rest.length === 0 ? null : api?.fields.length ? <div>{message}</div> : null}
      {rest.length ? (
        <ul>
          {rest.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>: {f.messages.join('; ')}
            </li>
          ))}
        </ul>
      ) : null}
      {api?.correlationId ? <div className="muted small">{t('error.reference', { id: api.correlationId })}</div> : null}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="banner banner-ok" role="status">
      {children}
    </div>
  );
}

export function Money({ amount, negotiable }: { amount: string | null | undefined; negotiable?: boolean }) {
  const { t } = useI18n();
  const text = formatYuan(amount);
  return <span className="money">{text ?? (negotiable === false ? '—' : t('price.negotiable'))}</span>;
}

export function StatusBadge({ group, status }: { group: string; status: string }) {
  const { label } = useI18n();
  return <span className={`badge badge-${status}`}>{label(group, status)}</span>;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty muted">{children}</p>;
}

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage(page: number): void }) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t('common.pages')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('common.previous')}
      </button>
      <span>{t('common.pageOf', { page, pages })}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('common.next')}
      </button>
    </nav>
  );
}

/** A button that runs an action once at a time, showing it is busy; errors go to `onError`. */
export function ActionButton({
  onAction,
  children,
  className,
  onError,
  disabled,
}: {
  onAction(): Promise<unknown>;
  children: ReactNode;
  className?: string;
  onError?(error: unknown): void;
  disabled?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={className}
      disabled={busy || disabled}
      aria-busy={busy || undefined}
      onClick={async () => {
        setBusy(true);
        try {
          await onAction();
        } catch (error) {
          onError?.(error);
        } finally {
          setBusy(false);
        }
      }}
    >
      {children}
    </button>
  );
}

/**
 * An action that needs a reason (reject, suspend, pause, cancel, dispute): a button that opens a small
 * labelled form inline, keyboard-usable, instead of a blocking prompt.
 */
export function ReasonAction({
  label,
  onSubmit,
  danger,
  optional,
}: {
  label: string;
  onSubmit(reason: string): Promise<unknown>;
  danger?: boolean;
  optional?: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  if (!open) {
    return (
      <button type="button" className={danger ? 'danger' : undefined} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason.trim());
      setOpen(false);
      setReason('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="reason-form" onSubmit={submit}>
      <label htmlFor={id}>
        {label} · {optional ? t('common.reasonOptional') : t('common.reason')}
      </label>
      <textarea id={id} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required={!optional} autoFocus />
      {error instanceof ApiError && error.messagesFor('reason').length ? (
        <div className="field-error" role="alert">
          {error.messagesFor('reason').join('; ')}
        </div>
      ) : (
        <ErrorBanner error={error} />
      )}
      <div className="actions">
        <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>
          {t('common.confirm')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Horizontal bars in plain SVG: one row per item, value labels at the bar's end. */
export function Bars({ title, rows, format = String }: { title: string; rows: { label: string; value: number }[]; format?(value: number): string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowHeight = 26;
  const labelWidth = 150;
  const width = 560;
  const barSpace = width - labelWidth - 90;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${rows.length * rowHeight + 6}`} role="img" aria-label={title} width="100%">
        {rows.map((row, i) => {
          const y = i * rowHeight + 3;
          const w = Math.round((row.value / max) * barSpace);
          return (
            <g key={row.label}>
              <text x={labelWidth - 8} y={y + 16} textAnchor="end" className="chart-label">
                {row.label}
              </text>
              <rect x={labelWidth} y={y + 3} width={Math.max(w, row.value > 0 ? 2 : 0)} height={rowHeight - 8} rx={3} className="chart-bar" />
              <text x={labelWidth + w + 6} y={y + 16} className="chart-value">
                {format(row.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
