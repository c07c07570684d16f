import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceKernelModule } from '@lib/microservice';
import { InterestEntity } from './interests/interest.entity';
import { PartiesHandlers } from './interests/parties.handlers';
import { NegotiationEntity, NegotiationMessageEntity, OfferEntity } from './negotiations/negotiation.entity';
import { NotificationEntity } from './notifications/notification.entity';

@Module({
  imports: [
    ServiceKernelModule.forService('matching'),
    TypeOrmModule.forFeature([InterestEntity, NegotiationEntity, NegotiationMessageEntity, OfferEntity, NotificationEntity]),
  ],
  controllers: [PartiesHandlers],
})
export class MatchingModule {}
