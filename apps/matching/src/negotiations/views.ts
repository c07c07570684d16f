import { formatFen, InterestView, MessageView, NegotiationView, OfferView, TimelineEntry, ViewerRole } from '@lib/contracts';
import { Side, sideOf } from '../domain/negotiation';
import { InterestEntity } from '../interests/interest.entity';
import { NegotiationEntity, NegotiationMessageEntity, OfferEntity } from './negotiation.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The interest as `viewer` sees it. The listing owner is not part of a listing's public face, so the
 * interested organisation learns who it is only once its interest is accepted.
 */
export function interestViewOf(interest: InterestEntity, viewer: ViewerRole, negotiationId: string | null): InterestView {
  const outcome = interest.status === 'pending' ? null : interest.status;
  return {
    id: interest.id,
    listingId: interest.listingId,
    listingTitle: interest.listingTitle,
    viewerRole: viewer,
    sellerOrganisationId: viewer !== 'buyer' || interest.status === 'accepted' ? interest.sellerOrganisationId : null,
    buyerOrganisationId: interest.buyerOrganisationId,
    status: interest.status,
    message: interest.message,
    demandRef: interest.demandRef,
    matchRef: interest.matchRef,
    response: outcome && interest.respondedAt ? { outcome, message: interest.responseMessage, at: interest.respondedAt.toISOString() } : null,
    negotiationId,
    createdAt: interest.createdAt.toISOString(),
    updatedAt: interest.updatedAt.toISOString(),
  };
}

function sideOfOrganisation(thread: NegotiationEntity, organisationId: string): Side {
  return sideOf(organisationId, thread) ?? 'buyer';
}

export function offerViewOf(thread: NegotiationEntity, offer: OfferEntity): OfferView {
  return {
    id: offer.id,
    sequence: offer.sequence,
    madeBy: sideOfOrganisation(thread, offer.madeByOrganisationId),
    madeByOrganisationId: offer.madeByOrganisationId,
    amount: formatFen(offer.amountFen),
    transactionMode: offer.transactionMode,
    note: offer.note,
    status: offer.status,
    respondedAt: iso(offer.respondedAt),
    responseNote: offer.responseNote,
    createdAt: offer.createdAt.toISOString(),
  };
}

export function messageViewOf(thread: NegotiationEntity, message: NegotiationMessageEntity): MessageView {
  return {
    id: message.id,
    sequence: message.sequence,
    author: sideOfOrganisation(thread, message.authorOrganisationId),
    authorOrganisationId: message.authorOrganisationId,
    body: message.body,
    createdAt: message.createdAt.toISOString(),
  };
}

export function negotiationViewOf(
  thread: NegotiationEntity,
  viewer: ViewerRole,
  parts: { currentOffer: OfferEntity | null; messages?: NegotiationMessageEntity[]; offers?: OfferEntity[] },
): NegotiationView {
  const timeline: TimelineEntry[] = [
    ...(parts.messages ?? []).map((m) => ({ type: 'message' as const, ...messageViewOf(thread, m) })),
    ...(parts.offers ?? []).map((o) => ({ type: 'offer' as const, ...offerViewOf(thread, o) })),
  ].sort((a, b) => a.sequence - b.sequence);
  return {
    id: thread.id,
    interestId: thread.interestId,
    listingId: thread.listingId,
    listingTitle: thread.listingTitle,
    viewerRole: viewer,
    sellerOrganisationId: thread.sellerOrganisationId,
    buyerOrganisationId: thread.buyerOrganisationId,
    status: thread.status,
    currentOffer: parts.currentOffer ? offerViewOf(thread, parts.currentOffer) : null,
    agreement:
      thread.status === 'agreed' && thread.agreedOfferId && thread.agreedAmountFen && thread.agreedTransactionMode && thread.agreedAt
        ? { offerId: thread.agreedOfferId, amount: formatFen(thread.agreedAmountFen), transactionMode: thread.agreedTransactionMode, agreedAt: thread.agreedAt.toISOString() }
        : null,
    tradeId: thread.tradeId,
    tradeRefusal: thread.tradeRefusedAt ? { reason: thread.tradeRefusedReason ?? '', at: thread.tradeRefusedAt.toISOString() } : null,
    closure:
      thread.status === 'closed' && thread.closedByOrganisationId && thread.closedAt
        ? { byOrganisationId: thread.closedByOrganisationId, reason: thread.closedReason ?? '', at: thread.closedAt.toISOString() }
        : null,
    timeline,
    createdAt: thread.createdAt.toISOString(),
    updatedAt: thread.updatedAt.toISOString(),
  };
}
