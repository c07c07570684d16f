import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuctionEvent, auctionEventsPattern, AuctionView } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { DataSource } from 'typeorm';
import { AuctionEntity, RegistrationEntity } from './auction.entity';
import { auctionViewOf } from './auction-mapping';

/**
 * Publishes an auction's public view on NATS after each committed change, for the gateway
 * replicas serving live views (server-sent events). Built as an outsider sees it.
 */
@Injectable()
export class AuctionEvents {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly services: ServiceClient,
  ) {}

  async changed(auctionId: string, kind: AuctionEvent['kind'], extended = false): Promise<void> {
    const auction = await this.dataSource.getRepository(AuctionEntity).findOneBy({ id: auctionId });
    if (!auction) return;
    const leader = auction.leaderRegistrationId ? await this.dataSource.getRepository(RegistrationEntity).findOneBy({ id: auction.leaderRegistrationId }) : null;
    await this.publish(auctionViewOf(auction, leader?.alias ?? null, false), kind, extended);
  }

  /** Publishes a public view already in hand (a bid's receipt), without reading the lot again. */
  async publish(view: AuctionView, kind: AuctionEvent['kind'], extended = false): Promise<void> {
    const event: AuctionEvent = { kind, auction: view, extended, at: new Date().toISOString() };
    await this.services.publish(auctionEventsPattern(view.id), event);
  }
}
