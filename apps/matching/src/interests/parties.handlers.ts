import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { MatchingPartiesPatterns, PartiesOfListingAnswer, PartiesOfListingQuery } from '@lib/contracts';
import { IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';

export class PartiesOfListingInput implements PartiesOfListingQuery {
  @IsUUID('4', { message: 'listingId must be a UUID' }) listingId: string;
}

/**
 * Service-to-service (evaluation's conflict-of-interest check): every organisation that expressed
 * interest in the listing, whatever became of it. A negotiation exists only for an accepted
 * interest, so its buyer is among them.
 */
@Controller()
export class PartiesHandlers {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @MessagePattern(MatchingPartiesPatterns.partiesOfListing)
  async partiesOfListing(@Payload('input') input: PartiesOfListingInput): Promise<PartiesOfListingAnswer> {
    const rows: { organisation_id: string }[] = await this.dataSource.query(
      `SELECT buyer_organisation_id AS organisation_id FROM matching.interests WHERE listing_id = $1
       UNION
       SELECT buyer_organisation_id FROM matching.negotiations WHERE listing_id = $1
       ORDER BY 1`,
      [input.listingId],
    );
    return { organisationIds: rows.map((r) => r.organisation_id) };
  }
}
