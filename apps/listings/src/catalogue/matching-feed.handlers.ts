import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { ListingsForMatchingPatterns, PublishedForMatchingQuery, PublishedListingForMatching } from '@lib/contracts';
import { DataSource, In } from 'typeorm';
import { publicListingOf } from '../domain/public-projection';
import { ListingEntity } from '../listings/listing.entity';

/**
 * Service-to-service, for the matcher: which of these listings are published at this moment, each with
 * its public part (through the one public projection) and its owner organisation, so the matcher never
 * pairs an organisation with itself and can notify the owner. Anything not published is left out.
 */
@Controller()
export class MatchingFeedHandlers {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @MessagePattern(ListingsForMatchingPatterns.published)
  async published(@Payload('input') input: PublishedForMatchingQuery): Promise<PublishedListingForMatching[]> {
    const listings = await this.dataSource.getRepository(ListingEntity).findBy({ id: In(input.listingIds), status: 'published' });
    return listings.flatMap((listing) => {
      const view = publicListingOf(listing);
      return view ? [{ organisationId: listing.organisationId, listing: view }] : [];
    });
  }
}
