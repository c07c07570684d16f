import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { TECHNICAL_FIELDS, TechnicalField } from '../shared/technical-field';
import { TRANSACTION_MODES, TransactionMode } from '../listings/listing-enums';
import { IsYuanAmount } from '../listings/money';

/**
 * NATS message patterns answered by the trades part of the auction service. Trades live beside the
 * deposit ledger because a trade's payment moves money through the same ledger and payment gateway.
 */
export const TradePatterns = {
  get: 'trade.get',
  list: 'trade.list',
  proposeTerms: 'trade.terms',
  sign: 'trade.sign',
  confirmPayment: 'trade.confirm-payment',
  complete: 'trade.complete',
  dispute: 'trade.dispute',
  resolveDispute: 'trade.resolve-dispute',
  /** Worker: flag trades left unsigned past the deadline (idempotent). */
  flagOverdueSignatures: 'trade.flag-overdue-signatures',
  /** Matching: an agreed negotiation offer becomes a trade (idempotent on negotiationId). */
  openNegotiated: 'trade.open-negotiated',
  /** Evaluation (market method): settled trades in the same field and TRL band. */
  comparables: 'trade.comparables',
  /** Evaluation (conflicts of interest): organisations that bid for or traded a listing. */
  participantsOfListing: 'trade.participants-of-listing',
} as const;

export class OpenNegotiatedTradeCommand {
  @IsUUID() negotiationId: string;
  @IsUUID() listingId: string;
  @IsUUID() sellerOrganisationId: string;
  @IsUUID() buyerOrganisationId: string;
  /** Decimal string in yuan, e.g. "1250000.00". */
  @IsString() @IsYuanAmount() amount: string;
  @IsIn(TRANSACTION_MODES) transactionMode: TransactionMode;
}

export interface OpenNegotiatedTradeAnswer {
  tradeId: string;
  /** False when the same negotiation had already opened its trade (a retry). */
  created: boolean;
}

export class ComparablesQuery {
  @IsIn(TECHNICAL_FIELDS) field: TechnicalField;
  /** Inclusive TRL band, 1–9. */
  @IsInt() @Min(1) @Max(9) trlMin: number;
  @IsInt() @Min(1) @Max(9) trlMax: number;
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
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

export class ParticipantsOfListingQuery {
  @IsUUID() listingId: string;
}

export interface ParticipantsOfListingAnswer {
  /** Organisations registered for any auction of the listing, or party to a trade of it. */
  organisationIds: string[];
}
