import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lib/audit';
import { ServiceKernelModule } from '@lib/microservice';
import { AuctionEntity, BidEntity, RegistrationEntity } from './auctions/auction.entity';
import { AuctionsHandlers } from './auctions/auctions.handlers';
import { AuctionsService } from './auctions/auctions.service';
import { PeerServices } from './auctions/peer-services';
import { BiddingService } from './bidding/bidding.service';
import { Ledger, OperatorConfirmedPayments } from './ledger/ledger';

/** Auctions, bidder registration with deposits, bidding, and the deposit ledger. */
@Module({
  imports: [ServiceKernelModule.forService('auction'), TypeOrmModule.forFeature([AuctionEntity, RegistrationEntity, BidEntity]), AuditModule],
  controllers: [AuctionsHandlers],
  providers: [AuctionsService, BiddingService, PeerServices, Ledger, OperatorConfirmedPayments],
})
export class AuctionModule {}
