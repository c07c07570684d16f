import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { AnnualFactsQuery, AuctionFactRow, MarketFacts, REPORT_TIME_ZONE, ReportPatterns, TradeFact } from '@lib/contracts';
import { DataSource } from 'typeorm';

const BOUNDS = `bounds AS (SELECT make_timestamptz($1, 1, 1, 0, 0, 0, $2) AS starts, make_timestamptz($1 + 1, 1, 1, 0, 0, 0, $2) AS ends)`;

/**
 * The market's part of the annual report: auctions held (settled in the year, sold or not) and
 * cleared (sold), and every trade either concluded (created) or completed in the year.
 */
@Controller()
export class MarketFactsHandlers {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @MessagePattern(ReportPatterns.marketFacts)
  async annualFacts(@Payload('input') input: AnnualFactsQuery): Promise<MarketFacts> {
    const params = [input.year, REPORT_TIME_ZONE];
    const auctions: { organisation_id: string; field: AuctionFactRow['field']; direction: AuctionFactRow['direction']; month: number; held: number; cleared: number }[] =
      await this.dataSource.query(
        `WITH ${BOUNDS}
         SELECT a.organisation_id, a.listing_snapshot ->> 'field' AS field, a.listing_snapshot ->> 'direction' AS direction,
                extract(month FROM a.settled_at AT TIME ZONE $2)::int AS month,
                count(*)::int AS held, (count(*) FILTER (WHERE a.outcome ->> 'outcome' = 'sold'))::int AS cleared
         FROM auction.auctions a, bounds
         WHERE a.status = 'settled' AND a.settled_at >= bounds.starts AND a.settled_at < bounds.ends
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
        params,
      );
    const trades: {
      source: TradeFact['source'];
      seller_organisation_id: string;
      buyer_organisation_id: string;
      field: TradeFact['field'];
      direction: TradeFact['direction'];
      deal_month: number | null;
      completed_month: number | null;
      price_fen: string;
      days_to_deal: string | null;
    }[] = await this.dataSource.query(
      `WITH ${BOUNDS}
       SELECT t.source, t.seller_organisation_id, t.buyer_organisation_id, t.field, t.direction, t.price_fen::text AS price_fen,
              CASE WHEN t.created_at >= bounds.starts AND t.created_at < bounds.ends THEN extract(month FROM t.created_at AT TIME ZONE $2)::int END AS deal_month,
              CASE WHEN t.status = 'completed' AND t.completed_at >= bounds.starts AND t.completed_at < bounds.ends
                   THEN extract(month FROM t.completed_at AT TIME ZONE $2)::int END AS completed_month,
              CASE WHEN t.created_at >= bounds.starts AND t.created_at < bounds.ends AND t.listing_published_at IS NOT NULL
                   THEN round((extract(epoch FROM t.created_at - t.listing_published_at) / 86400)::numeric, 1)::text END AS days_to_deal
       FROM auction.trades t, bounds
       WHERE (t.created_at >= bounds.starts AND t.created_at < bounds.ends)
          OR (t.status = 'completed' AND t.completed_at >= bounds.starts AND t.completed_at < bounds.ends)
       ORDER BY t.created_at, t.id`,
      params,
    );
    return {
      auctions: auctions.map((a) => ({ sellerOrganisationId: a.organisation_id, field: a.field, direction: a.direction, month: a.month, held: a.held, cleared: a.cleared })),
      trades: trades.map((t) => ({
        source: t.source,
        sellerOrganisationId: t.seller_organisation_id,
        buyerOrganisationId: t.buyer_organisation_id,
        field: t.field,
        direction: t.direction,
        dealMonth: t.deal_month,
        completedMonth: t.completed_month,
        priceFen: t.price_fen,
        daysToDeal: t.days_to_deal === null ? null : Number(t.days_to_deal),
      })),
    };
  }
}
