import { SECRECY_LEVELS } from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { assertSubmittable, SubmissionCandidate, submissionProblems } from './submission';

const NOW = new Date('2026-11-26T08:00:00Z');

const DECLASSIFICATION = { decisionNumber: '科工密解〔2024〕118号', authority: '国家国防科技工业局', decisionDate: '2024-06-30' };

const candidate = (overrides: Partial<SubmissionCandidate> = {}): SubmissionCandidate => ({
  secrecyLevel: 'public',
  declassification: null,
  transactionModes: ['transfer'],
  summary: '基于脉冲风洞的高超声速气动测试方法',
  ...overrides,
});

function thrown(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('the declassification gate', () => {
  it('covers every secrecy level the input accepts (and no top secret)', () => {
    expect([...SECRECY_LEVELS].sort()).toEqual(['confidential', 'internal', 'public', 'secret']);
  });

  it('a public achievement needs no declassification record', () => {
    expect(submissionProblems(candidate({ secrecyLevel: 'public', declassification: null }), NOW)).toEqual([]);
    expect(() => assertSubmittable(candidate({ secrecyLevel: 'public', declassification: null }), NOW)).not.toThrow();
  });

  it('a public achievement with a record (declassified long ago) is also fine', () => {
    expect(submissionProblems(candidate({ secrecyLevel: 'public', declassification: DECLASSIFICATION }), NOW)).toEqual([]);
  });

  describe.each(['internal', 'secret', 'confidential'])('a %s achievement', (secrecyLevel) => {
    it.each([
      ['null', null],
      ['undefined', undefined],
    ])('without a record (%s) is refused naming declassification', (_, declassification) => {
      const problems = submissionProblems(candidate({ secrecyLevel, declassification }), NOW);
      expect(problems).toEqual([
        {
          field: 'declassification',
          messages: [`a ${secrecyLevel} achievement needs its declassification record (decision number, authority, date) before submission`],
        },
      ]);
      const error = thrown(() => assertSubmittable(candidate({ secrecyLevel, declassification }), NOW));
      expect(error).toMatchObject({ code: 'LISTING.NOT_SUBMITTABLE', kind: 'rule_violation', message: 'The listing cannot be submitted yet' });
      expect(error.extra.fields).toEqual(problems);
    });

    it('with a record passes the gate', () => {
      expect(submissionProblems(candidate({ secrecyLevel, declassification: DECLASSIFICATION }), NOW)).toEqual([]);
      expect(() => assertSubmittable(candidate({ secrecyLevel, declassification: DECLASSIFICATION }), NOW)).not.toThrow();
    });
  });

  it('refuses a listing without transaction modes, naming transactionModes', () => {
    const problems = submissionProblems(candidate({ transactionModes: [] }), NOW);
    expect(problems).toEqual([{ field: 'transactionModes', messages: ['at least one transaction mode'] }]);
    expect(thrown(() => assertSubmittable(candidate({ transactionModes: [] }), NOW)).extra.fields).toEqual(problems);
  });

  it('names every problem at once, declassification first', () => {
    const problems = submissionProblems(candidate({ secrecyLevel: 'confidential', declassification: null, transactionModes: [] }), NOW);
    expect(problems.map((p) => p.field)).toEqual(['declassification', 'transactionModes']);
  });

  it('the thrown error survives the NATS hop with its fields (the 422 names them)', () => {
    const error = thrown(() => assertSubmittable(candidate({ secrecyLevel: 'secret' }), NOW));
    expect(error.toPayload()).toEqual({
      code: 'LISTING.NOT_SUBMITTABLE',
      kind: 'rule_violation',
      message: 'The listing cannot be submitted yet',
      fields: [{ field: 'declassification', messages: [expect.stringContaining('a secret achievement needs its declassification record')] }],
    });
  });
});

describe('the declassification decision date', () => {
  const secret = { secrecyLevel: 'secret', transactionModes: ['transfer'], summary: 's' };
  it('may be today in Beijing but not tomorrow', () => {
    const today = { decisionNumber: 'N', authority: 'A', decisionDate: '2026-11-26' };
    const tomorrow = { ...today, decisionDate: '2026-11-27' };
    expect(submissionProblems({ ...secret, declassification: today }, NOW)).toEqual([]);
    expect(submissionProblems({ ...secret, declassification: tomorrow }, NOW)).toEqual([
      { field: 'declassification.decisionDate', messages: ['the declassification decision cannot be dated in the future'] },
    ]);
    // 2026-11-26T16:00Z is already 2026-11-27 in Beijing.
    expect(submissionProblems({ ...secret, declassification: tomorrow }, new Date('2026-11-26T16:00:00Z'))).toEqual([]);
  });
});
