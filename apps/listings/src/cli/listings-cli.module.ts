import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigModule } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { SearchModule } from '@lib/search';
import { CatalogueOutboxService } from '../catalogue/catalogue-outbox.service';
import { CatalogueOutboxEntity, ListingEntity } from '../listings/listing.entity';

/** What the command line needs of listings (rebuilding the catalogue), without NATS. */
@Module({
  imports: [
    AppConfigModule.forRoot('cli'),
    DatabaseModule.forSchema('listings'),
    TypeOrmModule.forFeature([ListingEntity, CatalogueOutboxEntity]),
    SearchModule,
  ],
  providers: [CatalogueOutboxService],
  exports: [CatalogueOutboxService],
})
export class ListingsCliModule {}
