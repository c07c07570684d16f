import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lib/audit';
import { ServiceKernelModule } from '@lib/microservice';
import { NotificationOutbox, notificationOutboxControllerFor } from '@lib/outbox';
import { AuctionEntity, BidEntity, RegistrationEntity } from './auctions/auction.entity';
import { AuctionsHandlers } from './auctions/auctions.handlers';
import { AuctionsService } from './auctions/auctions.service';
import { PeerServices } from './auctions/peer-services';
import { BiddingService } from './bidding/bidding.service';
import { Ledger, OperatorConfirmedPayments } from './ledger/ledger';
import { QueueName, QueuesModule } from '@lib/queues';
import { LifecycleScheduler } from './auctions/lifecycle-scheduler';
import { AuctionEvents } from './auctions/auction-events';
import { AuctionModerationService } from './auctions/moderation.service';
import { SettlementHandlers } from './settlement/settlement.handlers';
import { SettlementService } from './settlement/settlement.service';
import { TradesHandlers } from './trades/trades.handlers';
import { TradesService } from './trades/trades.service';
import { MarketFactsHandlers } from './reports/market-facts.handlers';

/** Auctions, bidder registration with deposits, bidding, settlement, the ledger, and the trades both auctions and negotiations end in. */
@Module({
  imports: [
    ServiceKernelModule.forService('auction'),
    TypeOrmModule.forFeature([AuctionEntity, RegistrationEntity, BidEntity]),
    AuditModule,
    QueuesModule.forRoot([QueueName.auctionLifecycle]),
  ],
  controllers: [AuctionsHandlers, SettlementHandlers, TradesHandlers, MarketFactsHandlers, notificationOutboxControllerFor('auction')],
  providers: [NotificationOutbox, AuctionsService, BiddingService, PeerServices, Ledger, OperatorConfirmedPayments, SettlementService, LifecycleScheduler, AuctionEvents, AuctionModerationService, TradesService],
})
export class AuctionModule {}
