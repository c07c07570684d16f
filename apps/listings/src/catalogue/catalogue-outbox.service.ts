import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogueChange } from '@lib/contracts';
import { DataSource, In } from 'typeorm';
import { catalogueDocumentOf } from '../domain/public-projection';
import { ListingEntity } from '../listings/listing.entity';

/**
 * The listings side of the transactional outbox. The worker claims pending changes, receives
 * for each listing its current catalogue document (or null: remove it), applies them to
 * Meilisearch and acknowledges. Documents are built from the listing as it is now, through the
 * one public projection, so a replayed or late change can only ever write the current truth.
 */
@Injectable()
export class CatalogueOutboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async pendingChanges(limit: number): Promise<CatalogueChange[]> {
    const rows: { id: string; listing_id: string }[] = await this.dataSource.query(
      `SELECT id::text, listing_id FROM listings.catalogue_outbox WHERE processed_at IS NULL ORDER BY id LIMIT $1`,
      [limit],
    );
    if (rows.length === 0) return [];
    const listings = await this.dataSource.getRepository(ListingEntity).findBy({ id: In([...new Set(rows.map((r) => r.listing_id))]) });
    const byId = new Map(listings.map((l) => [l.id, l]));
    return rows.map((row) => {
      const listing = byId.get(row.listing_id);
      return { outboxId: row.id, listingId: row.listing_id, document: listing ? catalogueDocumentOf(listing) : null };
    });
  }

  async acknowledge(outboxIds: string[]): Promise<number> {
    if (outboxIds.length === 0) return 0;
    const result = await this.dataSource.query(
      `UPDATE listings.catalogue_outbox SET processed_at = now() WHERE id = ANY($1::bigint[]) AND processed_at IS NULL`,
      [outboxIds],
    );
    return result[1] ?? 0;
  }

  /** For a rebuild: every published listing's document, in pages ordered by id. */
  async publishedDocuments(afterId: string | null, limit: number) {
    const builder = this.dataSource
      .getRepository(ListingEntity)
      .createQueryBuilder('l')
      .where('l.status = :status', { status: 'published' })
      .orderBy('l.id', 'ASC')
      .take(limit);
    if (afterId) builder.andWhere('l.id > :afterId', { afterId });
    const listings = await builder.getMany();
    return listings.map(catalogueDocumentOf).filter((d) => d !== null);
  }

  async countPublished(): Promise<number> {
    return this.dataSource.getRepository(ListingEntity).countBy({ status: 'published' });
  }

  /** Highest outbox id now: changes after it must be re-applied once a rebuilt index is swapped in. */
  async outboxHighWaterMark(): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM listings.catalogue_outbox`);
    return row.id;
  }

  async replayAfter(outboxId: string): Promise<number> {
    const result = await this.dataSource.query(`UPDATE listings.catalogue_outbox SET processed_at = NULL WHERE id > $1`, [outboxId]);
    return result[1] ?? 0;
  }

  /** The catalogue index was lost: one outbox row per published listing, so the relay writes each again. */
  async requeuePublished(): Promise<number> {
    const result = await this.dataSource.query(
      `INSERT INTO listings.catalogue_outbox (listing_id) SELECT id FROM listings.listings WHERE status = 'published'`,
    );
    return result[1] ?? 0;
  }
}
