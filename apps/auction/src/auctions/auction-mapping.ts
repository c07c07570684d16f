import { AuctionView, formatFen } from '@lib/contracts';
import { AuctionTerms } from '../domain/auction-types';
import { englishMinimumAcceptable, EnglishState } from '../domain/english';
import { AuctionEntity } from './auction.entity';

const fen = (value: string | null): bigint | null => (value === null ? null : BigInt(value));

export function termsOf(auction: AuctionEntity): AuctionTerms {
  return {
    type: auction.type,
    startPrice: BigInt(auction.startPriceFen),
    increment: fen(auction.incrementFen),
    reservePrice: fen(auction.reservePriceFen),
    startsAt: auction.startsAt,
    endsAt: auction.endsAt,
    softClose: auction.softClose
      ? { ...auction.softClose, maxEndsAt: auction.softClose.maxEndsAt ? new Date(auction.softClose.maxEndsAt) : null }
      : null,
    dutch: auction.dutch
      ? { step: BigInt(auction.dutch.stepFen), intervalSeconds: auction.dutch.intervalSeconds, floorPrice: BigInt(auction.dutch.floorPriceFen) }
      : null,
  };
}

/** The English bidding state kept in the lot row (so a bid is: lock row, judge, insert, update). */
export function englishStateOf(auction: AuctionEntity): EnglishState {
  const terms = termsOf(auction);
  const leaderMax = fen(auction.leaderMaxFen);
  return {
    standing:
      auction.leaderRegistrationId && auction.currentPriceFen && auction.leaderBidId
        ? {
            currentPrice: BigInt(auction.currentPriceFen),
            leaderBidderId: auction.leaderRegistrationId,
            leaderBidId: auction.leaderBidId,
            reserveMet: terms.reservePrice === null || (leaderMax !== null && leaderMax >= terms.reservePrice),
          }
        : null,
    leaderMax,
    leaderPlacedAt: auction.leaderPlacedAt,
    runnerUpMax: fen(auction.runnerUpMaxFen),
    endsAt: auction.endsAt,
    lastBidAt: auction.lastBidAt,
  };
}

export function storeEnglishState(auction: AuctionEntity, state: EnglishState): void {
  auction.currentPriceFen = state.standing?.currentPrice.toString() ?? null;
  auction.leaderRegistrationId = state.standing?.leaderBidderId ?? null;
  auction.leaderBidId = state.standing?.leaderBidId ?? null;
  auction.leaderMaxFen = state.leaderMax?.toString() ?? null;
  auction.leaderPlacedAt = state.leaderPlacedAt;
  auction.runnerUpMaxFen = state.runnerUpMax?.toString() ?? null;
  auction.endsAt = state.endsAt;
  auction.lastBidAt = state.lastBidAt;
}

/**
 * The auction as anyone may see it. Sealed auctions show no price and no leader until settled;
 * the reserve is never shown (only whether an English auction has met it), the secret proxy
 * maxima never leave the service, and bidders are per-auction aliases.
 */
export function auctionViewOf(auction: AuctionEntity, leaderAlias: string | null, insider: boolean): AuctionView {
  const sealed = auction.type === 'sealed_first_price' || auction.type === 'sealed_second_price';
  const hideStanding = sealed && auction.status !== 'settled';
  const english = auction.type === 'english';
  const state = english ? englishStateOf(auction) : null;
  const biddingOpen = auction.status === 'open' || auction.status === 'scheduled';
  return {
    id: auction.id,
    listingId: auction.listingId,
    transactionMode: auction.transactionMode,
    type: auction.type,
    status: auction.status,
    statusReason: auction.statusReason,
    startPrice: formatFen(auction.startPriceFen),
    increment: auction.incrementFen === null ? null : formatFen(auction.incrementFen),
    deposit: formatFen(auction.depositFen),
    requiredQualifications: auction.requiredQualifications,
    startsAt: auction.startsAt.toISOString(),
    endsAt: auction.endsAt.toISOString(),
    scheduledEndsAt: auction.scheduledEndsAt.toISOString(),
    softClose: auction.softClose,
    dutch: auction.dutch
      ? { step: formatFen(auction.dutch.stepFen), intervalSeconds: auction.dutch.intervalSeconds, floorPrice: formatFen(auction.dutch.floorPriceFen) }
      : null,
    currentPrice: hideStanding || auction.currentPriceFen === null ? null : formatFen(auction.currentPriceFen),
    leaderAlias: hideStanding ? null : leaderAlias,
    reserveMet: english ? (state?.standing?.reserveMet ?? auction.reservePriceFen === null) : null,
    minimumNextBid:
      english && biddingOpen && state ? formatFen(englishMinimumAcceptable(termsOf(auction), state, '__challenger__')) : null,
    bidCount: auction.bidCount,
    hasReserve: auction.reservePriceFen !== null,
    outcome: (auction.outcome as AuctionView['outcome']) ?? null,
    ...(insider ? { reservePrice: auction.reservePriceFen === null ? null : formatFen(auction.reservePriceFen) } : {}),
  };
}
