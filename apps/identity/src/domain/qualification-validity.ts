import { QualificationEffectiveStatus, QualificationStatus } from '@lib/contracts';

/** Certificates are dated in China Standard Time; a date is valid for the whole day there. */
const CHINA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export function chinaDateOf(at: Date): string {
  return CHINA_DATE.format(at);
}

export interface QualificationDates {
  status: QualificationStatus;
  validFrom: string;
  validUntil: string;
}

/**
 * Whether a qualification counts at `at`: verified by an operator, and `at` falls on or between
 * its first and last day of validity. Expiry needs no job: it is read off the dates.
 */
export function effectiveStatusAt(qualification: QualificationDates, at: Date): QualificationEffectiveStatus {
  if (qualification.status !== 'verified') return qualification.status;
  const day = chinaDateOf(at);
  if (day < qualification.validFrom) return 'not_yet_valid';
  if (day > qualification.validUntil) return 'expired';
  return 'verified';
}

export const countsAt = (qualification: QualificationDates, at: Date) => effectiveStatusAt(qualification, at) === 'verified';
