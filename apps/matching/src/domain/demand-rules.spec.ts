import { DomainError } from '@lib/errors';
import { assertDeadlineAcceptable, assertDemandDirectionAllowed, assertDemandEditable, isDemandLive, nextDemandStatus } from './demand-rules';

const failure = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('demand rules', () => {
  it('lets enterprises seek either direction and institutes civ→mil only', () => {
    expect(() => assertDemandDirectionAllowed('enterprise', 'mil_to_civ')).not.toThrow();
    expect(() => assertDemandDirectionAllowed('enterprise', 'civ_to_mil')).not.toThrow();
    expect(() => assertDemandDirectionAllowed('institute', 'civ_to_mil')).not.toThrow();
    const refusal = failure(() => assertDemandDirectionAllowed('institute', 'mil_to_civ'));
    expect(refusal).toMatchObject({ code: 'DEMAND.DIRECTION_NOT_ALLOWED', kind: 'rule_violation' });
    expect(refusal.extra.fields).toEqual([{ field: 'direction', messages: ['an institute may only post civ_to_mil demands'] }]);
  });

  it('accepts deadlines from today to five years ahead, refusing others as bad input on the deadline field', () => {
    expect(() => assertDeadlineAcceptable('2026-11-26', '2026-11-26')).not.toThrow();
    expect(() => assertDeadlineAcceptable('2031-11-25', '2026-11-26')).not.toThrow();
    const past = failure(() => assertDeadlineAcceptable('2026-11-25', '2026-11-26'));
    expect(past).toMatchObject({ code: 'REQUEST.INVALID', kind: 'validation' });
    expect(past.extra.fields).toEqual([{ field: 'deadline', messages: ['deadline must be today (2026-11-26) or later'] }]);
    expect(failure(() => assertDeadlineAcceptable('2031-11-26', '2026-11-26')).extra.fields?.[0].field).toBe('deadline');
  });

  describe('status machine', () => {
    it('closes open and hidden demands', () => {
      expect(nextDemandStatus('open', 'close', undefined)).toBe('closed');
      expect(nextDemandStatus('hidden', 'close', undefined)).toBe('closed');
    });

    it('hides open demands with a reason and restores hidden ones', () => {
      expect(nextDemandStatus('open', 'hide', '含涉密指标')).toBe('hidden');
      expect(nextDemandStatus('hidden', 'restore', undefined)).toBe('open');
    });

    it('refuses to hide without a reason (naming the field)', () => {
      for (const reason of [undefined, '', '   ']) {
        const refusal = failure(() => nextDemandStatus('open', 'hide', reason));
        expect(refusal).toMatchObject({ code: 'DEMAND.REASON_REQUIRED', kind: 'validation' });
        expect(refusal.extra.fields?.[0].field).toBe('reason');
      }
    });

    it.each([
      ['closed', 'close'],
      ['closed', 'hide'],
      ['hidden', 'hide'],
      ['closed', 'restore'],
      ['open', 'restore'],
    ] as const)('refuses to go from %s by %s', (from, action) => {
      expect(failure(() => nextDemandStatus(from, action, 'reason'))).toMatchObject({ code: 'DEMAND.INVALID_TRANSITION', kind: 'conflict' });
    });

    it('lets owners edit open demands only', () => {
      expect(() => assertDemandEditable('open')).not.toThrow();
      expect(failure(() => assertDemandEditable('hidden'))).toMatchObject({ code: 'DEMAND.NOT_EDITABLE' });
      expect(failure(() => assertDemandEditable('closed'))).toMatchObject({ code: 'DEMAND.NOT_EDITABLE' });
    });

    it('counts a demand live while open and on or before its deadline', () => {
      expect(isDemandLive('open', '2026-11-26', '2026-11-26')).toBe(true);
      expect(isDemandLive('open', '2026-11-25', '2026-11-26')).toBe(false);
      expect(isDemandLive('hidden', '2027-01-01', '2026-11-26')).toBe(false);
      expect(isDemandLive('closed', '2027-01-01', '2026-11-26')).toBe(false);
    });
  });
});
