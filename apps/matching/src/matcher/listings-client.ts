import { Injectable } from '@nestjs/common';
import { Actor } from '@lib/auth';
import { ListingReadView, ListingsForMatchingPatterns, ListingsPatterns, PublishedListingForMatching } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';

const BATCH = 500;

/** What the matcher asks the listings service: which candidates are published now, and a listing as an actor sees it. */
@Injectable()
export class ListingsClient {
  constructor(private readonly services: ServiceClient) {}

  /** The listings among `ids` that are published at this moment (nothing else is ever answered). */
  async published(ids: readonly string[]): Promise<Map<string, PublishedListingForMatching>> {
    const found = new Map<string, PublishedListingForMatching>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += BATCH) {
      const answer = await this.services.send<PublishedListingForMatching[]>(ListingsForMatchingPatterns.published, {
        actor: null,
        input: { listingIds: unique.slice(i, i + BATCH) },
      });
      for (const item of answer) found.set(item.listing.id, item);
    }
    return found;
  }

  /** The listing as `actor` may see it (404 if they may not). */
  get(actor: Actor, listingId: string): Promise<ListingReadView> {
    return this.services.send<ListingReadView>(ListingsPatterns.get, { actor, input: { listingId } });
  }
}
