import type { TechnicalField } from '../shared/technical-field';
import type { TransactionMode } from '../listings/listing-enums';

/**
 * NATS message patterns answered by the trades part of the auction service. Trades live beside the
 * deposit ledger because a trade's payment moves money through the same ledger and payment gateway.
 */
export const TradePatterns = {
  /** Matching: an agreed negotiation offer becomes a trade (idempotent on negotiationId). */
  openNegotiated: 'trade.open-negotiated',
  /** Evaluation (market method): settled trades in the same field and TRL band. */
  comparables: 'trade.comparables',
  /** Evaluation (conflicts of interest): organisations that bid for or traded a listing. */
  participantsOfListing: 'trade.participants-of-listing',
} as const;

export interface OpenNegotiatedTradeCommand {
  negotiationId: string;
  listingId: string;
  sellerOrganisationId: string;
  buyerOrganisationId: string;
  /** Decimal string in yuan, e.g. "1250000.00". */
  amount: string;
  transactionMode: TransactionMode;
}

export interface OpenNegotiatedTradeAnswer {
  tradeId: string;
  /** False when the same negotiation had already opened its trade (a retry). */
  created: boolean;
}

export interface ComparablesQuery {
  field: TechnicalField;
  /** Inclusive TRL band, 1–9. */
  trlMin: number;
  trlMax: number;
  limit?: number;
}

/** A settled trade shown to an expert as a comparable: no parties, only what prices it. */
export interface ComparableTrade {
  tradeId: string;
  listingId: string;
  listingTitle: string;
  field: TechnicalField;
  trl: number;
  transactionMode: TransactionMode;
  /** Decimal string in yuan. */
  amount: string;
  source: 'auction' | 'negotiation';
  /** ISO timestamp of the signature (the price was agreed by then). */
  concludedAt: string;
}

export interface ParticipantsOfListingQuery {
  listingId: string;
}

export interface ParticipantsOfListingAnswer {
  /** Organisations registered for any auction of the listing, or party to a trade of it. */
  organisationIds: string[];
}
