import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfigModule, AppConfig } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { createValidationPipe, HttpErrorFilter } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';
import { ObservabilityModule } from '@lib/observability';
import { RedisModule, RedisConnection } from '@lib/redis';
import { SearchModule } from '@lib/search';
import { DependencyIndicators } from './health/dependency-indicators';
import { HealthController } from './health/health.controller';
import { AccessGuard } from './auth/access.guard';
import { AdminController } from './identity/admin.controller';
import { AuthController } from './identity/auth.controller';
import { IdentityClient } from './identity/identity.client';
import { MyOrganisationController } from './identity/my-organisation.controller';
import { OrganisationNamesController } from './identity/organisation-names.controller';
import { CatalogueSearch } from './catalogue/catalogue-search';
import { CatalogueController } from './catalogue/catalogue.controller';
import { ListingsController } from './listings/listings.controller';
import { AuctionsController } from './auctions/auctions.controller';
import { TradesController } from './trades/trades.controller';
import { ThrottlerModule } from '@nestjs/throttler';
import { rateLimitOptions } from './rate-limits/rate-limits';
import { ReportsController } from './reports/reports.controller';
import { InterestsController } from './matching/interests.controller';
import { NegotiationsController } from './matching/negotiations.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { EvaluationController } from './evaluation/evaluation.controller';
import { DemandsController } from './matching/demands.controller';
import { MatchesController } from './matching/matches.controller';

/**
 * The HTTP edge: authenticates, validates, and asks the domain services over NATS.
 * It owns no tables; its database connection serves readiness checks only.
 */
@Module({
  imports: [
    AppConfigModule.forRoot('gateway'),
    ObservabilityModule.forRoot('http'),
    DatabaseModule.forSchema(undefined),
    RedisModule,
    SearchModule,
    TerminusModule.forRoot({ errorLogStyle: 'pretty', gracefulShutdownTimeoutMs: 0 }),
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({ inject: [AppConfig, RedisConnection], useFactory: rateLimitOptions }),
  ],
  controllers: [
    HealthController,
    AuthController,
    MyOrganisationController,
    OrganisationNamesController,
    AdminController,
    ListingsController,
    CatalogueController,
    AuctionsController,
    TradesController,
    ReportsController,
    InterestsController,
    NegotiationsController,
    NotificationsController,
    EvaluationController,
    DemandsController,
    MatchesController,
  ],
  providers: [
    ServiceClient,
    IdentityClient,
    CatalogueSearch,
    { provide: APP_GUARD, useClass: AccessGuard },
    DependencyIndicators,
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class GatewayModule {}
