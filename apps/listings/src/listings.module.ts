import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lib/audit';
import { ServiceKernelModule } from '@lib/microservice';
import { QueueName, QueuesModule } from '@lib/queues';
import { CatalogueOutboxService } from './catalogue/catalogue-outbox.service';
import { CatalogueTrigger } from './catalogue/catalogue-trigger';
import { CatalogueHandlers } from './catalogue/catalogue.handlers';
import { MatchingFeedHandlers } from './catalogue/matching-feed.handlers';
import { DossierHandlers } from './dossier/dossier.handlers';
import { DossierService } from './dossier/dossier.service';
import { CatalogueOutboxEntity, DossierGrantEntity, ListingEntity, NdaAcceptanceEntity } from './listings/listing.entity';
import { ListingsHandlers } from './listings/listings.handlers';
import { ListingsService } from './listings/listings.service';
import { OrganisationStandingClient } from './listings/organisation-standing';
import { ListingFactsHandlers } from './reports/listing-facts.handlers';

/** Listings, the declassification gate, moderation, the restricted dossier, and the catalogue outbox. */
@Module({
  imports: [
    ServiceKernelModule.forService('listings'),
    TypeOrmModule.forFeature([ListingEntity, NdaAcceptanceEntity, DossierGrantEntity, CatalogueOutboxEntity]),
    AuditModule,
    QueuesModule.forRoot([QueueName.searchIndexing]),
  ],
  controllers: [ListingsHandlers, DossierHandlers, CatalogueHandlers, ListingFactsHandlers, MatchingFeedHandlers],
  providers: [ListingsService, DossierService, CatalogueOutboxService, CatalogueTrigger, OrganisationStandingClient],
})
export class ListingsModule {}
