import type { Direction, InterestStatus, NegotiationStatus, OfferAction, OfferStatus, PartyRole, TransactionMode, ViewerRole } from '@lib/contracts';
import { DomainError } from '@lib/errors';

/**
 * The rules of the matching loop after a match, as plain functions: who may express interest in what,
 * the interest's status machine, the negotiation thread's and its offers' status machines, and who may
 * act when. The service applies them under a row lock and records what they decide.
 *
 *   interest: pending ──accept (owner)──▶ accepted ──▶ opens one negotiation thread
 *                     ──decline (owner)─▶ declined
 *                     ──withdraw (buyer)▶ withdrawn
 *   thread:   open ──accept the other side's current offer──▶ agreed (→ trade) · no further offers
 *                  ──withdraw (either side)──────────────────▶ closed
 *   offer:    open ──the other side offers──▶ countered
 *                  ──its maker offers again─▶ withdrawn (replaced)
 *                  ──the other side accepts─▶ accepted
 *                  ──the other side rejects─▶ rejected
 *                  ──its maker withdraws────▶ withdrawn
 */

export type Side = PartyRole;

export interface Parties {
  sellerOrganisationId: string;
  buyerOrganisationId: string;
}

export interface Viewer {
  role: string;
  organisationId: string | null;
}

/** Which side the organisation is on, or null if it is neither party. */
export function sideOf(organisationId: string | null, parties: Parties): Side | null {
  if (organisationId === null) return null;
  if (organisationId === parties.sellerOrganisationId) return 'seller';
  if (organisationId === parties.buyerOrganisationId) return 'buyer';
  return null;
}

/** How the viewer may read an interest or a thread: as a party, as an operator (read-only), or not at all (null → 404). */
export function viewerRoleOf(viewer: Viewer | null, parties: Parties): ViewerRole | null {
  if (!viewer) return null;
  const side = sideOf(viewer.organisationId, parties);
  if (side) return side;
  return viewer.role === 'operator' ? 'operator' : null;
}

// ─── Interest ──────────────────────────────────────────────────────────────────────────────────────

export interface InterestCandidate {
  actorRole: string;
  actorOrganisationId: string;
  listing: { organisationId: string; status: string; direction: Direction };
}

/**
 * An enterprise may express interest in any published listing of another organisation; an institute
 * only in civ→mil listings (民参军: a civilian technology wanted for defence use).
 */
export function assertMayExpressInterest({ actorRole, actorOrganisationId, listing }: InterestCandidate): void {
  if (actorRole !== 'institute' && actorRole !== 'enterprise') {
    throw new DomainError('AUTH.FORBIDDEN', 'forbidden', 'This action is for: enterprise, institute');
  }
  if (listing.organisationId === actorOrganisationId) {
    throw new DomainError('INTEREST.OWN_LISTING', 'forbidden', 'An organisation cannot express interest in its own listing', {
      fields: [{ field: 'listingId', messages: ['the listing belongs to your organisation'] }],
    });
  }
  // To another organisation an unpublished listing does not exist (as the listings service answers).
  if (listing.status !== 'published') throw new DomainError('LISTING.NOT_FOUND', 'not_found', 'listing not found');
  if (actorRole === 'institute' && listing.direction !== 'civ_to_mil') {
    throw new DomainError('INTEREST.DIRECTION_NOT_ALLOWED', 'forbidden', 'An institute may express interest only in civ→mil (民参军) listings', {
      fields: [{ field: 'listingId', messages: ['institutes may approach civ_to_mil listings only'] }],
    });
  }
}

export type InterestAction = 'accept' | 'decline' | 'withdraw';

const INTEREST_OUTCOME: Record<InterestAction, InterestStatus> = { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' };

/** The status an interest moves to when `side` does `action`; throws why not. */
export function interestTransition(status: InterestStatus, action: InterestAction, side: Side): InterestStatus {
  const actor: Side = action === 'withdraw' ? 'buyer' : 'seller';
  if (side !== actor) {
    throw new DomainError(
      'INTEREST.NOT_ALLOWED',
      'forbidden',
      actor === 'seller' ? 'Only the listing’s owner may accept or decline an interest' : 'Only the interested organisation may withdraw its interest',
    );
  }
  if (status !== 'pending') {
    const message =
      status === 'declined' && action === 'accept'
        ? 'This interest was declined: a declined interest cannot open a negotiation'
        : `This interest is ${status}: it can no longer be ${INTEREST_OUTCOME[action]}`;
    throw new DomainError('INTEREST.NOT_PENDING', 'conflict', message, { details: { status } });
  }
  return INTEREST_OUTCOME[action];
}

/**
 * Whether an interest still counts as open: pending, or accepted while its thread is open. The database
 * allows one open interest per (listing, organisation); after a declined, withdrawn, agreed or closed
 * one, the organisation may approach the listing again.
 */
export function interestIsOpen(status: InterestStatus, threadStatus: NegotiationStatus | null): boolean {
  if (status === 'pending') return true;
  return status === 'accepted' && (threadStatus === null || threadStatus === 'open');
}

/**
 * Accepting an interest, making or accepting an offer need the listing still published: one sold at
 * auction, suspended or withdrawn meanwhile cannot be negotiated any further.
 */
export function assertListingStillPublished(listing: { status: string }): void {
  if (listing.status !== 'published') {
    throw new DomainError('NEGOTIATION.LISTING_UNAVAILABLE', 'conflict', `The listing is ${listing.status}, no longer published: it cannot be negotiated`, {
      details: { listingStatus: listing.status },
    });
  }
}

// ─── Thread and offers ─────────────────────────────────────────────────────────────────────────────

export interface ThreadState {
  status: NegotiationStatus;
  /** The open offer awaiting an answer, if any (at most one per thread). */
  currentOffer: { id: string; madeBy: Side } | null;
}

export function assertThreadOpen(thread: ThreadState, doing: string): void {
  if (thread.status === 'agreed') {
    throw new DomainError('NEGOTIATION.AGREED', 'conflict', `The parties already agreed: ${doing} is no longer possible`);
  }
  if (thread.status === 'closed') {
    throw new DomainError('NEGOTIATION.CLOSED', 'conflict', `The negotiation is closed: ${doing} is no longer possible`);
  }
}

/** Messages may follow an agreement (to arrange the signature) but not a closed thread. */
export function assertMayPostMessage(thread: ThreadState): void {
  if (thread.status === 'closed') throw new DomainError('NEGOTIATION.CLOSED', 'conflict', 'The negotiation is closed: no further messages');
}

/**
 * Either party may make an offer while the thread is open, in a mode the listing offers. What happens
 * to the open offer it replaces: `countered` if the other side made it, `withdrawn` if the same side did.
 */
export function offerMade(thread: ThreadState, side: Side, mode: TransactionMode, listingModes: readonly TransactionMode[]): { replaced: { id: string; status: OfferStatus } | null } {
  assertThreadOpen(thread, 'a new offer');
  if (!listingModes.includes(mode)) {
    throw new DomainError('OFFER.MODE_NOT_OFFERED', 'validation', `The listing is not offered as ${mode}`, {
      fields: [{ field: 'transactionMode', messages: [`transactionMode must be one the listing offers: ${listingModes.join(', ')}`] }],
      details: { offered: [...listingModes] },
    });
  }
  const current = thread.currentOffer;
  if (!current) return { replaced: null };
  return { replaced: { id: current.id, status: current.madeBy === side ? 'withdrawn' : 'countered' } };
}

export interface OfferState {
  id: string;
  status: OfferStatus;
  madeBy: Side;
}

/**
 * Answering an offer: the other side accepts or rejects the current (open) offer; its maker may withdraw
 * it. Accepting agrees the thread. Returns the offer's and the thread's next status.
 */
export function offerAnswered(thread: ThreadState, offer: OfferState, action: OfferAction, side: Side): { offer: OfferStatus; thread: NegotiationStatus } {
  assertThreadOpen(thread, action === 'accept' ? 'accepting an offer' : action === 'reject' ? 'rejecting an offer' : 'withdrawing an offer');
  if (offer.status !== 'open' || thread.currentOffer?.id !== offer.id) {
    throw new DomainError('OFFER.NOT_OPEN', 'conflict', `This offer is ${offer.status === 'open' ? 'not the current one' : offer.status}: only the latest open offer can be answered`, {
      details: { status: offer.status, currentOfferId: thread.currentOffer?.id ?? null },
    });
  }
  if (action === 'withdraw') {
    if (offer.madeBy !== side) throw new DomainError('OFFER.NOT_YOURS', 'rule_violation', 'Only the party that made an offer may withdraw it');
    return { offer: 'withdrawn', thread: 'open' };
  }
  if (offer.madeBy === side) {
    throw new DomainError('OFFER.OWN_OFFER', 'rule_violation', `A party cannot ${action} its own offer: the other party answers it`);
  }
  return action === 'accept' ? { offer: 'accepted', thread: 'agreed' } : { offer: 'rejected', thread: 'open' };
}

/** Either party may end an open thread without agreement; an agreed one is settled by its trade. */
export function threadWithdrawn(thread: ThreadState): { thread: NegotiationStatus; openOffer: { id: string; status: OfferStatus } | null } {
  assertThreadOpen(thread, 'withdrawing');
  return { thread: 'closed', openOffer: thread.currentOffer ? { id: thread.currentOffer.id, status: 'withdrawn' } : null };
}

/** The other side, who is told about a step. */
export const otherSide = (side: Side): Side => (side === 'buyer' ? 'seller' : 'buyer');

/**
 * Whether the trade side's answer to opening an agreed trade is final. A business rule or a bad
 * request (the listing sold or withdrawn meanwhile, the seller no longer its owner, the mode no longer
 * offered) will be refused the same way on every retry; a dependency that is down or slow, or a
 * defect, may not be, so those stay with the retries and the sweep.
 */
export function isFinalTradeRefusal(error: unknown): error is DomainError {
  if (!(error instanceof DomainError)) return false;
  return error.kind === 'rule_violation' || error.kind === 'validation' || error.kind === 'forbidden' || error.kind === 'not_found';
}
