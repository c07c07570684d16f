import { DomainError } from '@lib/errors';
import { assertDeadline, assertReplaceable, deadlineVerdict, DeadlineState, reminderAtOf } from './deadlines';

const NOW = new Date('2026-11-26T08:00:00Z');
const at = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);
const DAY = 24 * 3_600_000;

const code = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('deadlines', () => {
  it('must be in the future and at most 180 days ahead', () => {
    expect(code(() => assertDeadline(at(1), NOW))).toBeNull();
    expect(code(() => assertDeadline(NOW, NOW))).toBe('REQUEST.INVALID');
    expect(code(() => assertDeadline(at(-1), NOW))).toBe('REQUEST.INVALID');
    expect(code(() => assertDeadline(at(180 * 24), NOW))).toBeNull();
    expect(code(() => assertDeadline(at(180 * 24 + 1), NOW))).toBe('REQUEST.INVALID');
  });

  it('reminds the lead time before the deadline, or halfway when the deadline is closer than that', () => {
    expect(reminderAtOf(NOW, at(7 * 24), DAY)).toEqual(at(6 * 24));
    expect(reminderAtOf(NOW, at(12), DAY)).toEqual(at(6));
    expect(reminderAtOf(NOW, at(24), DAY)).toEqual(at(12));
    expect(reminderAtOf(NOW, new Date(NOW.getTime() + 4000), DAY)).toEqual(new Date(NOW.getTime() + 2000));
  });

  describe('what a job does', () => {
    const waiting: DeadlineState = { status: 'assigned', deadline: at(24), reminderAt: at(12), remindedAt: null, missedAt: null };

    it('reminds once, at its time, before the deadline', () => {
      expect(deadlineVerdict(waiting, 'reminder', at(11))).toEqual({ act: false, answer: 'not_due', dueAt: at(12) });
      expect(deadlineVerdict(waiting, 'reminder', at(12))).toEqual({ act: true });
      expect(deadlineVerdict({ ...waiting, remindedAt: at(12) }, 'reminder', at(13))).toMatchObject({ act: false, answer: 'done' });
      expect(deadlineVerdict(waiting, 'reminder', at(24))).toMatchObject({ act: false, answer: 'not_applicable' });
    });

    it('flags a missed deadline once, at the deadline', () => {
      expect(deadlineVerdict(waiting, 'missed', at(23))).toEqual({ act: false, answer: 'not_due', dueAt: at(24) });
      expect(deadlineVerdict(waiting, 'missed', at(24))).toEqual({ act: true });
      expect(deadlineVerdict({ ...waiting, missedAt: at(24) }, 'missed', at(25))).toMatchObject({ act: false, answer: 'done' });
    });

    it.each(['submitted', 'replaced', 'withdrawn'])('does nothing for a %s assignment', (status) => {
      expect(deadlineVerdict({ ...waiting, status }, 'reminder', at(12))).toMatchObject({ act: false, answer: 'not_applicable' });
      expect(deadlineVerdict({ ...waiting, status }, 'missed', at(30))).toMatchObject({ act: false, answer: 'not_applicable' });
    });
  });

  it('lets an operator replace only an expert whose deadline passed without a review', () => {
    expect(code(() => assertReplaceable({ status: 'assigned', deadline: at(0) }, NOW))).toBeNull();
    expect(code(() => assertReplaceable({ status: 'assigned', deadline: at(1) }, NOW))).toBe('ASSIGNMENT.DEADLINE_NOT_PASSED');
    expect(code(() => assertReplaceable({ status: 'submitted', deadline: at(-1) }, NOW))).toBe('ASSIGNMENT.NOT_REPLACEABLE');
    expect(code(() => assertReplaceable({ status: 'replaced', deadline: at(-1) }, NOW))).toBe('ASSIGNMENT.NOT_REPLACEABLE');
  });
});
