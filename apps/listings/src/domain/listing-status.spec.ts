import { LISTING_STATUSES, ListingAction, ListingStatus } from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { assertEditable, isPublicStatus, nextListingStatus, performerOf } from './listing-status';

const ACTIONS = Object.values(ListingAction);

/** The whole machine of BRIEF.md, written out by hand: (from, action) → to. Everything not here is illegal. */
const LEGAL: Record<string, ListingStatus> = {
  'draft/submit': 'pending_review',
  'pending_review/approve': 'published',
  'pending_review/reject': 'rejected',
  'rejected/revise': 'draft',
  'published/suspend': 'suspended',
  'suspended/reinstate': 'published',
  'published/withdraw': 'withdrawn',
};

const REASON_REQUIRED: ListingAction[] = ['reject', 'suspend'];

const allPairs = LISTING_STATUSES.flatMap((status) => ACTIONS.map((action) => ({ status, action, key: `${status}/${action}` })));
const legalPairs = allPairs.filter((pair) => pair.key in LEGAL).map((pair) => ({ ...pair, to: LEGAL[pair.key] }));
const illegalPairs = allPairs.filter((pair) => !(pair.key in LEGAL));

function thrown(attempt: () => unknown): DomainError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('listing status machine', () => {
  it('knows exactly seven statuses and seven actions (the tables below cover every pair)', () => {
    expect([...LISTING_STATUSES].sort()).toEqual(['draft', 'pending_review', 'published', 'rejected', 'sold', 'suspended', 'withdrawn']);
    expect([...ACTIONS].sort()).toEqual(['approve', 'reinstate', 'reject', 'revise', 'submit', 'suspend', 'withdraw']);
    expect(allPairs).toHaveLength(49);
    expect(legalPairs).toHaveLength(7);
    expect(illegalPairs).toHaveLength(42);
  });

  it.each(legalPairs)('$status --$action--> $to', ({ status, action, to }) => {
    expect(nextListingStatus(status, action, 'a reason')).toBe(to);
  });

  it.each(legalPairs.filter(({ action }) => !REASON_REQUIRED.includes(action)))(
    '$status --$action--> $to needs no reason',
    ({ status, action, to }) => {
      expect(nextListingStatus(status, action, undefined)).toBe(to);
      expect(nextListingStatus(status, action, '')).toBe(to);
    },
  );

  it.each(illegalPairs)('refuses to $action a listing that is $status: 409 LISTING.INVALID_TRANSITION', ({ status, action }) => {
    const error = thrown(() => nextListingStatus(status, action, 'a reason'));
    expect(error).toMatchObject({ code: 'LISTING.INVALID_TRANSITION', kind: 'conflict', message: `Cannot ${action} a listing that is ${status}` });
    expect(error.extra.details).toEqual({ status, action });
  });

  it.each(illegalPairs.filter(({ action }) => !REASON_REQUIRED.includes(action)))(
    'refuses to $action a listing that is $status without a reason too',
    ({ status, action }) => {
      expect(thrown(() => nextListingStatus(status, action, undefined)).code).toBe('LISTING.INVALID_TRANSITION');
    },
  );

  describe.each(REASON_REQUIRED)('%s needs a reason', (action) => {
    const from = legalPairs.find((pair) => pair.action === action)!.status;

    it.each([
      ['undefined', undefined],
      ['an empty string', ''],
    ])('refuses %s as the reason with LISTING.REASON_REQUIRED naming reason', (_, reason) => {
      const error = thrown(() => nextListingStatus(from, action, reason));
      expect(error).toMatchObject({ code: 'LISTING.REASON_REQUIRED', kind: 'validation', message: `A reason is required to ${action}` });
      expect(error.extra.fields).toEqual([{ field: 'reason', messages: [`reason is required to ${action}`] }]);
    });

    it.each(LISTING_STATUSES)('checks the reason before the status (from %s)', (status) => {
      expect(thrown(() => nextListingStatus(status, action, undefined)).code).toBe('LISTING.REASON_REQUIRED');
    });
  });

  it.each([
    ['submit', 'owner'],
    ['revise', 'owner'],
    ['withdraw', 'owner'],
    ['approve', 'operator'],
    ['reject', 'operator'],
    ['suspend', 'operator'],
    ['reinstate', 'operator'],
  ] as const)('%s is performed by the %s', (action, performer) => {
    expect(performerOf(action)).toBe(performer);
  });

  it('nothing leads out of sold or withdrawn, and nothing leads into sold', () => {
    for (const action of ACTIONS) {
      for (const terminal of ['sold', 'withdrawn'] as const) expect(() => nextListingStatus(terminal, action, 'r')).toThrow(DomainError);
    }
    expect(Object.values(LEGAL)).not.toContain('sold');
  });
});

describe('assertEditable', () => {
  it.each(['draft', 'rejected'] as const)('lets the owner edit a %s listing', (status) => {
    expect(() => assertEditable(status)).not.toThrow();
  });

  it.each(LISTING_STATUSES.filter((s) => s !== 'draft' && s !== 'rejected'))('refuses to edit a %s listing: 409 LISTING.NOT_EDITABLE', (status) => {
    const error = thrown(() => assertEditable(status));
    expect(error).toMatchObject({ code: 'LISTING.NOT_EDITABLE', kind: 'conflict', message: `A listing that is ${status} cannot be edited` });
    expect(error.extra.details).toEqual({ status });
  });
});

describe('isPublicStatus', () => {
  it.each(LISTING_STATUSES)('%s', (status) => {
    expect(isPublicStatus(status)).toBe(status === 'published');
  });
});
