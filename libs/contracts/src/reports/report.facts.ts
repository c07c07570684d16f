import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Direction } from '../listings/listing-enums';
import type { TechnicalField } from '../shared/technical-field';

/**
 * The annual report is assembled from facts each service keeps about its own objects; these are
 * the service-to-service questions. Years and months are those of the platform's time zone.
 */
export const REPORT_TIME_ZONE = 'Asia/Shanghai';

export const ReportPatterns = {
  /** Listings: published and evaluated per (organisation, field, direction, month). */
  listingFacts: 'listings.report.annual-facts',
  /** Auction service: auctions held and cleared, and every trade concluded or completed in the year. */
  marketFacts: 'auction.report.annual-facts',
  /** Identity: name, kind and region of organisations (for the by-region breakdown and operators' detail). */
  organisationDirectory: 'identity.organisations.directory',
} as const;

export class AnnualFactsQuery {
  @Type(() => Number) @IsInt() @Min(2000) @Max(2999) year: number;
}

export class AnnualReportQuery {
  @ApiProperty({ example: 2026, description: 'Calendar year in China Standard Time' })
  @Type(() => Number) @IsInt({ message: 'year must be an integer' }) @Min(2000) @Max(2999) year: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class OrganisationDirectoryQuery {
  @IsArray() @ArrayMaxSize(50_000) @IsUUID('all', { each: true }) organisationIds: string[];
}

export interface ListingFactRow {
  organisationId: string;
  field: TechnicalField;
  direction: Direction;
  /** 1–12 */
  month: number;
  published: number;
  evaluated: number;
}

export interface AuctionFactRow {
  sellerOrganisationId: string;
  field: TechnicalField | null;
  direction: Direction | null;
  /** Month of the close (settlement), 1–12. */
  month: number;
  held: number;
  cleared: number;
}

export interface TradeFact {
  source: 'auction' | 'negotiation';
  sellerOrganisationId: string;
  buyerOrganisationId: string;
  field: TechnicalField | null;
  direction: Direction | null;
  /** Month the deal was made (trade created) if in the year, else null. */
  dealMonth: number | null;
  /** Month the trade completed if in the year, else null. */
  completedMonth: number | null;
  priceFen: string;
  /** Days from the listing's publication to the deal, for deals made in the year. */
  daysToDeal: number | null;
}

export interface MarketFacts {
  auctions: AuctionFactRow[];
  trades: TradeFact[];
}

export interface OrganisationDirectoryEntry {
  id: string;
  name: string;
  kind: string;
  regionCode: string;
}
