import { Direction, formatFen, TechnicalField, TradeStatusName, TradeView, TransactionMode } from '@lib/contracts';
import { outstandingFen, TradeState } from '../domain/trade-lifecycle';

/** One row of auction.trades as the pg driver returns it (bigint as text, dates as Date). */
export interface TradeRow {
  id: string;
  source: 'auction' | 'negotiation';
  auction_id: string | null;
  negotiation_id: string | null;
  listing_id: string;
  listing_title: string | null;
  seller_organisation_id: string;
  buyer_organisation_id: string;
  price_fen: string;
  deposit_applied_fen: string;
  transaction_mode: TransactionMode | null;
  field: TechnicalField | null;
  trl: number | null;
  direction: Direction | null;
  listing_published_at: Date | null;
  status: TradeStatusName;
  scope: string | null;
  effective_date: string | null;
  expiry_date: string | null;
  terms_version: number;
  seller_signed_at: Date | null;
  buyer_signed_at: Date | null;
  signed_at: Date | null;
  paid_at: Date | null;
  payment_reference: string | null;
  completed_at: Date | null;
  disputed_at: Date | null;
  disputed_from: 'signed' | 'paid' | null;
  dispute_reason: string | null;
  disputed_by_organisation_id: string | null;
  resolution_reason: string | null;
  resolved_at: Date | null;
  unsigned_flagged_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Dates stay `YYYY-MM-DD` strings: the pg driver is told not to turn `date` into a local midnight. */
export const TRADE_COLUMNS = `t.*, t.effective_date::text AS effective_date, t.expiry_date::text AS expiry_date, t.price_fen::text AS price_fen,
  t.deposit_applied_fen::text AS deposit_applied_fen`;

export function tradeStateOf(row: TradeRow): TradeState {
  return {
    status: row.status,
    termsVersion: row.terms_version,
    sellerSignedAt: row.seller_signed_at,
    buyerSignedAt: row.buyer_signed_at,
    disputedFrom: row.disputed_from,
    priceFen: BigInt(row.price_fen),
    depositAppliedFen: BigInt(row.deposit_applied_fen),
    createdAt: row.created_at,
  };
}

/** Which side an organisation is on, or null when it is on neither. */
export function partyOf(row: Pick<TradeRow, 'seller_organisation_id' | 'buyer_organisation_id'>, organisationId: string | null): 'seller' | 'buyer' | null {
  if (organisationId === null) return null;
  if (organisationId === row.seller_organisation_id) return 'seller';
  if (organisationId === row.buyer_organisation_id) return 'buyer';
  return null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function tradeViewOf(row: TradeRow, viewerOrganisationId: string | null): TradeView {
  const state = tradeStateOf(row);
  const paid = row.paid_at !== null;
  return {
    id: row.id,
    source: row.source,
    auctionId: row.auction_id,
    negotiationId: row.negotiation_id,
    listingId: row.listing_id,
    listingTitle: row.listing_title,
    sellerOrganisationId: row.seller_organisation_id,
    buyerOrganisationId: row.buyer_organisation_id,
    myRole: partyOf(row, viewerOrganisationId),
    amount: formatFen(row.price_fen),
    depositApplied: formatFen(row.deposit_applied_fen),
    outstanding: formatFen(paid ? 0n : outstandingFen(state)),
    transactionMode: row.transaction_mode,
    field: row.field,
    trl: row.trl,
    direction: row.direction,
    status: row.status,
    contract: {
      termsVersion: row.terms_version,
      scope: row.scope,
      effectiveDate: row.effective_date,
      expiryDate: row.expiry_date,
      sellerSignedAt: iso(row.seller_signed_at),
      buyerSignedAt: iso(row.buyer_signed_at),
    },
    signedAt: iso(row.signed_at),
    paidAt: iso(row.paid_at),
    completedAt: iso(row.completed_at),
    dispute: row.disputed_at
      ? {
          disputedAt: row.disputed_at.toISOString(),
          disputedFrom: row.disputed_from!,
          reason: row.dispute_reason!,
          byOrganisationId: row.disputed_by_organisation_id!,
          resolvedAt: iso(row.resolved_at),
          resolutionReason: row.resolution_reason,
        }
      : null,
    unsignedFlaggedAt: iso(row.unsigned_flagged_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
