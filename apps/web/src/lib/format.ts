/**
 * Money arrives as a decimal string of yuan ("1250000.00") and is shown without ever becoming a
 * floating-point number; times are shown in China Standard Time, the platform's time zone.
 */
const YUAN = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** "1250000.5" → "¥1,250,000.50"; null → null (the caller says "negotiable"). Anything else is shown as given. */
export function formatYuan(amount: string | null | undefined): string | null {
  if (amount === null || amount === undefined) return null;
  const match = YUAN.exec(amount.trim());
  if (!match) return amount;
  const [, sign, whole, fraction = ''] = match;
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${grouped}.${fraction.padEnd(2, '0')}`;
}

/** Whether the text is an amount the API accepts: non-negative yuan with at most 2 decimals. */
export function isYuanAmount(text: string): boolean {
  return /^(0|[1-9]\d{0,12})(\.\d{1,2})?$/.test(text);
}

/** Compares two yuan amounts exactly (as integers of fen): negative, zero or positive. */
export function compareYuan(a: string, b: string): number {
  const fen = (s: string) => {
    const m = YUAN.exec(s.trim());
    if (!m) throw new Error(`not an amount: ${s}`);
    return BigInt(`${m[1]}${m[2]}${(m[3] ?? '').padEnd(2, '0')}`);
  };
  const d = fen(a) - fen(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    timeZone: PLATFORM_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(date);
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { timeZone: PLATFORM_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** Milliseconds left as "1:02:03" or "02:03"; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** A `datetime-local` input's value (the browser's local time) as an ISO instant, or null. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An instant as a `datetime-local` value in the browser's local time, to the second. */
export function isoToLocalInput(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
