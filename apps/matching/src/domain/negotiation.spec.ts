import { DomainError } from '@lib/errors';
import {
  assertListingStillPublished,
  assertMayExpressInterest,
  assertMayPostMessage,
  interestIsOpen,
  interestTransition,
  isFinalTradeRefusal,
  offerAnswered,
  offerMade,
  otherSide,
  sideOf,
  ThreadState,
  threadWithdrawn,
  viewerRoleOf,
} from './negotiation';

const SELLER = 'org-seller';
const BUYER = 'org-buyer';
const parties = { sellerOrganisationId: SELLER, buyerOrganisationId: BUYER };

/** The code of the DomainError `work` throws (fails if it throws anything else or nothing). */
function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}
function kindOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('who is who', () => {
  it('places an organisation on its side, and nobody else', () => {
    expect(sideOf(SELLER, parties)).toBe('seller');
    expect(sideOf(BUYER, parties)).toBe('buyer');
    expect(sideOf('org-other', parties)).toBeNull();
    expect(sideOf(null, parties)).toBeNull();
    expect(otherSide('buyer')).toBe('seller');
    expect(otherSide('seller')).toBe('buyer');
  });

  it('lets the two parties and operators read, nobody else (not even an expert or another member of the same role)', () => {
    expect(viewerRoleOf({ role: 'institute', organisationId: SELLER }, parties)).toBe('seller');
    expect(viewerRoleOf({ role: 'enterprise', organisationId: BUYER }, parties)).toBe('buyer');
    expect(viewerRoleOf({ role: 'operator', organisationId: null }, parties)).toBe('operator');
    expect(viewerRoleOf({ role: 'enterprise', organisationId: 'org-other' }, parties)).toBeNull();
    expect(viewerRoleOf({ role: 'expert', organisationId: null }, parties)).toBeNull();
    expect(viewerRoleOf({ role: 'expert', organisationId: 'org-other' }, parties)).toBeNull();
    expect(viewerRoleOf(null, parties)).toBeNull();
  });

  it('reads a party who is also an operator-like role as the party (its organisation decides)', () => {
    expect(viewerRoleOf({ role: 'operator', organisationId: BUYER }, parties)).toBe('buyer');
  });
});

describe('expressing interest', () => {
  const published = (direction: 'mil_to_civ' | 'civ_to_mil', organisationId = SELLER, status = 'published') => ({ organisationId, status, direction });

  it('lets an enterprise approach a published listing of another organisation in either direction', () => {
    expect(() => assertMayExpressInterest({ actorRole: 'enterprise', actorOrganisationId: BUYER, listing: published('mil_to_civ') })).not.toThrow();
    expect(() => assertMayExpressInterest({ actorRole: 'enterprise', actorOrganisationId: BUYER, listing: published('civ_to_mil') })).not.toThrow();
  });

  it('lets an institute approach civ→mil listings only', () => {
    expect(() => assertMayExpressInterest({ actorRole: 'institute', actorOrganisationId: BUYER, listing: published('civ_to_mil') })).not.toThrow();
    expect(codeOf(() => assertMayExpressInterest({ actorRole: 'institute', actorOrganisationId: BUYER, listing: published('mil_to_civ') }))).toBe('INTEREST.DIRECTION_NOT_ALLOWED');
  });

  it('refuses the owner’s own listing before anything else, whatever its direction or status', () => {
    for (const status of ['published', 'draft', 'sold']) {
      for (const direction of ['mil_to_civ', 'civ_to_mil'] as const) {
        expect(codeOf(() => assertMayExpressInterest({ actorRole: 'enterprise', actorOrganisationId: SELLER, listing: published(direction, SELLER, status) }))).toBe('INTEREST.OWN_LISTING');
      }
    }
  });

  it('answers as if it did not exist when another organisation’s listing is not published (no probing drafts by id)', () => {
    for (const status of ['draft', 'pending_review', 'rejected', 'suspended', 'sold', 'withdrawn']) {
      const error = () => assertMayExpressInterest({ actorRole: 'enterprise', actorOrganisationId: BUYER, listing: published('mil_to_civ', SELLER, status) });
      expect(codeOf(error)).toBe('LISTING.NOT_FOUND');
      expect(kindOf(error)).toBe('not_found');
    }
  });

  it('needs the listing still published to go on negotiating', () => {
    expect(() => assertListingStillPublished({ status: 'published' })).not.toThrow();
    for (const status of ['suspended', 'sold', 'withdrawn', 'draft']) {
      expect(codeOf(() => assertListingStillPublished({ status }))).toBe('NEGOTIATION.LISTING_UNAVAILABLE');
    }
  });

  it('refuses roles that do not trade (operators, experts)', () => {
    for (const role of ['operator', 'expert']) {
      expect(codeOf(() => assertMayExpressInterest({ actorRole: role, actorOrganisationId: BUYER, listing: published('civ_to_mil') }))).toBe('AUTH.FORBIDDEN');
    }
  });
});

describe('the interest status machine', () => {
  it('lets the owner accept or decline a pending interest, and the buyer withdraw it', () => {
    expect(interestTransition('pending', 'accept', 'seller')).toBe('accepted');
    expect(interestTransition('pending', 'decline', 'seller')).toBe('declined');
    expect(interestTransition('pending', 'withdraw', 'buyer')).toBe('withdrawn');
  });

  it('refuses the wrong side: the buyer cannot accept its own interest, the owner cannot withdraw it', () => {
    expect(codeOf(() => interestTransition('pending', 'accept', 'buyer'))).toBe('INTEREST.NOT_ALLOWED');
    expect(codeOf(() => interestTransition('pending', 'decline', 'buyer'))).toBe('INTEREST.NOT_ALLOWED');
    expect(codeOf(() => interestTransition('pending', 'withdraw', 'seller'))).toBe('INTEREST.NOT_ALLOWED');
  });

  it('answers each interest once: nothing moves out of accepted, declined or withdrawn', () => {
    for (const status of ['accepted', 'declined', 'withdrawn'] as const) {
      expect(codeOf(() => interestTransition(status, 'accept', 'seller'))).toBe('INTEREST.NOT_PENDING');
      expect(codeOf(() => interestTransition(status, 'decline', 'seller'))).toBe('INTEREST.NOT_PENDING');
      expect(codeOf(() => interestTransition(status, 'withdraw', 'buyer'))).toBe('INTEREST.NOT_PENDING');
    }
  });

  it('says plainly that a declined interest cannot open a negotiation', () => {
    try {
      interestTransition('declined', 'accept', 'seller');
      throw new Error('not refused');
    } catch (error) {
      expect((error as DomainError).message).toMatch(/declined interest cannot open a negotiation/);
      expect((error as DomainError).kind).toBe('conflict');
    }
  });

  it('counts an interest as open while pending, or accepted with its thread open', () => {
    expect(interestIsOpen('pending', null)).toBe(true);
    expect(interestIsOpen('accepted', 'open')).toBe(true);
    expect(interestIsOpen('accepted', null)).toBe(true);
    expect(interestIsOpen('accepted', 'agreed')).toBe(false);
    expect(interestIsOpen('accepted', 'closed')).toBe(false);
    expect(interestIsOpen('declined', null)).toBe(false);
    expect(interestIsOpen('withdrawn', null)).toBe(false);
  });
});

describe('offers', () => {
  const MODES = ['transfer', 'non_exclusive_licence'] as const;
  const open = (currentOffer: ThreadState['currentOffer'] = null): ThreadState => ({ status: 'open', currentOffer });

  it('lets either side open the bidding in a mode the listing offers', () => {
    expect(offerMade(open(), 'buyer', 'transfer', MODES)).toEqual({ replaced: null });
    expect(offerMade(open(), 'seller', 'non_exclusive_licence', MODES)).toEqual({ replaced: null });
  });

  it('refuses a mode the listing does not offer, naming the field (a 400)', () => {
    const error = () => offerMade(open(), 'buyer', 'equity_investment', MODES);
    expect(codeOf(error)).toBe('OFFER.MODE_NOT_OFFERED');
    expect(kindOf(error)).toBe('validation');
    try {
      error();
    } catch (e) {
      expect((e as DomainError).extra.fields).toEqual([{ field: 'transactionMode', messages: [expect.stringContaining('transfer, non_exclusive_licence')] }]);
    }
  });

  it('marks the other side’s open offer countered, and the same side’s own offer withdrawn (replaced)', () => {
    expect(offerMade(open({ id: 'o1', madeBy: 'seller' }), 'buyer', 'transfer', MODES)).toEqual({ replaced: { id: 'o1', status: 'countered' } });
    expect(offerMade(open({ id: 'o1', madeBy: 'buyer' }), 'buyer', 'transfer', MODES)).toEqual({ replaced: { id: 'o1', status: 'withdrawn' } });
  });

  it('refuses any offer after agreement, and after the thread closed', () => {
    for (const side of ['buyer', 'seller'] as const) {
      expect(codeOf(() => offerMade({ status: 'agreed', currentOffer: null }, side, 'transfer', MODES))).toBe('NEGOTIATION.AGREED');
      expect(codeOf(() => offerMade({ status: 'closed', currentOffer: null }, side, 'transfer', MODES))).toBe('NEGOTIATION.CLOSED');
    }
    // The thread's state is judged before the mode: an agreed thread refuses even a well-formed offer.
    expect(codeOf(() => offerMade({ status: 'agreed', currentOffer: null }, 'buyer', 'equity_investment', MODES))).toBe('NEGOTIATION.AGREED');
  });
});

describe('answering an offer', () => {
  const offer = (madeBy: 'buyer' | 'seller', status: 'open' | 'countered' | 'accepted' | 'rejected' | 'withdrawn' = 'open') => ({ id: 'o1', madeBy, status });
  const thread = (madeBy: 'buyer' | 'seller'): ThreadState => ({ status: 'open', currentOffer: { id: 'o1', madeBy } });

  it('agrees the thread when the other side accepts the current offer', () => {
    expect(offerAnswered(thread('seller'), offer('seller'), 'accept', 'buyer')).toEqual({ offer: 'accepted', thread: 'agreed' });
    expect(offerAnswered(thread('buyer'), offer('buyer'), 'accept', 'seller')).toEqual({ offer: 'accepted', thread: 'agreed' });
  });

  it('keeps the thread open when the other side rejects, or the maker withdraws', () => {
    expect(offerAnswered(thread('seller'), offer('seller'), 'reject', 'buyer')).toEqual({ offer: 'rejected', thread: 'open' });
    expect(offerAnswered(thread('buyer'), offer('buyer'), 'withdraw', 'buyer')).toEqual({ offer: 'withdrawn', thread: 'open' });
  });

  it('refuses accepting or rejecting one’s own offer, and withdrawing the other side’s', () => {
    expect(codeOf(() => offerAnswered(thread('buyer'), offer('buyer'), 'accept', 'buyer'))).toBe('OFFER.OWN_OFFER');
    expect(codeOf(() => offerAnswered(thread('buyer'), offer('buyer'), 'reject', 'buyer'))).toBe('OFFER.OWN_OFFER');
    expect(codeOf(() => offerAnswered(thread('seller'), offer('seller'), 'withdraw', 'buyer'))).toBe('OFFER.NOT_YOURS');
  });

  it('answers only the latest open offer: a countered, rejected, withdrawn or accepted one is refused', () => {
    for (const status of ['countered', 'rejected', 'withdrawn', 'accepted'] as const) {
      expect(codeOf(() => offerAnswered({ status: 'open', currentOffer: null }, offer('seller', status), 'accept', 'buyer'))).toBe('OFFER.NOT_OPEN');
    }
    // An open offer that is not the thread's current one (a stale read) is refused too.
    expect(codeOf(() => offerAnswered({ status: 'open', currentOffer: { id: 'o2', madeBy: 'buyer' } }, offer('seller'), 'accept', 'buyer'))).toBe('OFFER.NOT_OPEN');
  });

  it('refuses every answer once the thread is agreed or closed (a second acceptance cannot agree twice)', () => {
    for (const action of ['accept', 'reject', 'withdraw'] as const) {
      expect(codeOf(() => offerAnswered({ status: 'agreed', currentOffer: null }, offer('seller', 'accepted'), action, 'buyer'))).toBe('NEGOTIATION.AGREED');
      expect(codeOf(() => offerAnswered({ status: 'closed', currentOffer: null }, offer('seller'), action, 'buyer'))).toBe('NEGOTIATION.CLOSED');
    }
  });
});

describe('messages and ending a thread', () => {
  it('allows messages while open and after agreement, not once closed', () => {
    expect(() => assertMayPostMessage({ status: 'open', currentOffer: null })).not.toThrow();
    expect(() => assertMayPostMessage({ status: 'agreed', currentOffer: null })).not.toThrow();
    expect(codeOf(() => assertMayPostMessage({ status: 'closed', currentOffer: null }))).toBe('NEGOTIATION.CLOSED');
  });

  it('closes an open thread, withdrawing its open offer; an agreed or closed one cannot be withdrawn', () => {
    expect(threadWithdrawn({ status: 'open', currentOffer: { id: 'o1', madeBy: 'seller' } })).toEqual({ thread: 'closed', openOffer: { id: 'o1', status: 'withdrawn' } });
    expect(threadWithdrawn({ status: 'open', currentOffer: null })).toEqual({ thread: 'closed', openOffer: null });
    expect(codeOf(() => threadWithdrawn({ status: 'agreed', currentOffer: null }))).toBe('NEGOTIATION.AGREED');
    expect(codeOf(() => threadWithdrawn({ status: 'closed', currentOffer: null }))).toBe('NEGOTIATION.CLOSED');
  });
});

describe('isFinalTradeRefusal: which answers of the trade side end the retries', () => {
  it.each([
    ['rule_violation', 'TRADE.LISTING_NOT_AVAILABLE'],
    ['validation', 'TRADE.MODE_NOT_OFFERED'],
    ['forbidden', 'TRADE.SELLER_NOT_OWNER'],
    ['not_found', 'LISTING.NOT_FOUND'],
  ] as const)('a %s refusal (%s) is final', (kind, code) => {
    expect(isFinalTradeRefusal(new DomainError(code, kind, 'refused'))).toBe(true);
  });

  it.each(['unavailable', 'internal', 'conflict', 'rate_limited', 'unauthenticated'] as const)('a %s answer is retried', (kind) => {
    expect(isFinalTradeRefusal(new DomainError('X.Y', kind, 'try again'))).toBe(false);
  });

  it('an error that is not a domain error (a timeout, a dropped connection) is retried', () => {
    expect(isFinalTradeRefusal(new Error('Timeout has occurred'))).toBe(false);
    expect(isFinalTradeRefusal(undefined)).toBe(false);
  });
});
