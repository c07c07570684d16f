/** Deadlines are calendar dates in China Standard Time: a demand is open through its last day there. */
const CHINA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** `YYYY-MM-DD` of the moment `at` in China Standard Time. */
export function chinaDateOf(at: Date): string {
  return CHINA_DATE.format(at);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (for index filters and day arithmetic). */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** The date `days` days after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `today` to `deadline` (0 on the last day, negative once past). */
export const daysUntil = (today: string, deadline: string) => dayNumber(deadline) - dayNumber(today);

/** Past its last day. */
export const isExpired = (deadline: string, today: string) => deadline < today;
