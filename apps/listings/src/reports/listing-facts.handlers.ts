import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { AnnualFactsQuery, ListingFactRow, REPORT_TIME_ZONE, ReportPatterns } from '@lib/contracts';
import { DataSource } from 'typeorm';

/**
 * The listings' part of the annual report: how many listings each organisation published, and how
 * many got a published evaluation, per field, direction and month of the year (platform time zone).
 * An evaluation counts in the year of its publication date as recorded on the listing.
 */
@Controller()
export class ListingFactsHandlers {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @MessagePattern(ReportPatterns.listingFacts)
  async annualFacts(@Payload('input') input: AnnualFactsQuery): Promise<ListingFactRow[]> {
    const rows: { organisation_id: string; field: ListingFactRow['field']; direction: ListingFactRow['direction']; month: number; published: number; evaluated: number }[] =
      await this.dataSource.query(
        `WITH bounds AS (SELECT make_timestamptz($1, 1, 1, 0, 0, 0, $2) AS starts, make_timestamptz($1 + 1, 1, 1, 0, 0, 0, $2) AS ends),
              events AS (
                SELECT organisation_id, field, direction, published_at AS at, 1 AS published, 0 AS evaluated
                FROM listings.listings, bounds WHERE published_at >= bounds.starts AND published_at < bounds.ends
                UNION ALL
                SELECT organisation_id, field, direction, (evaluation ->> 'evaluatedAt')::timestamptz, 0, 1
                FROM listings.listings, bounds
                WHERE evaluation IS NOT NULL AND (evaluation ->> 'evaluatedAt')::timestamptz >= bounds.starts AND (evaluation ->> 'evaluatedAt')::timestamptz < bounds.ends)
         SELECT organisation_id, field, direction, extract(month FROM at AT TIME ZONE $2)::int AS month,
                sum(published)::int AS published, sum(evaluated)::int AS evaluated
         FROM events GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
        [input.year, REPORT_TIME_ZONE],
      );
    return rows.map((r) => ({ organisationId: r.organisation_id, field: r.field, direction: r.direction, month: r.month, published: r.published, evaluated: r.evaluated }));
  }
}
