import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor } from '@lib/auth';
import { AuctionView, ModerateAuctionCommand } from '@lib/contracts';
import { CommonErrors } from '@lib/errors';
import { DataSource } from 'typeorm';
import { moderateAuction } from '../domain/moderation';
import { Ledger } from '../ledger/ledger';
import { AuctionEntity, RegistrationEntity } from './auction.entity';
import { auctionViewOf } from './auction-mapping';
import { AuctionEvents } from './auction-events';
import { LifecycleScheduler } from './lifecycle-scheduler';

/** Operators pause, resume and cancel auctions; a cancellation releases every held deposit. All audited. */
@Injectable()
export class AuctionModerationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly audit: AuditLog,
    private readonly lifecycle: LifecycleScheduler,
    private readonly events: AuctionEvents,
  ) {}

  async moderate(operator: Actor, command: ModerateAuctionCommand): Promise<AuctionView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const auction = await manager.findOne(AuctionEntity, { where: { id: command.auctionId }, lock: { mode: 'pessimistic_write' } });
      if (!auction) throw CommonErrors.notFound('auction', command.auctionId);
      const before = { status: auction.status, endsAt: auction.endsAt.toISOString() };
      const next = moderateAuction(auction, command.action, command.reason, new Date());
      auction.status = next.status;
      auction.endsAt = next.endsAt;
      auction.pausedAt = next.pausedAt;
      auction.statusReason = command.reason?.trim() || null;
      if (next.status === 'cancelled') {
        const held = await manager.find(RegistrationEntity, { where: { auctionId: auction.id, depositStatus: 'held' } });
        const movements = held
          .filter((r) => BigInt(r.depositFen) > 0n)
          .flatMap((r) => [
            { kind: 'deposit_hold' as const, organisationId: r.organisationId, auctionId: auction.id, amountFen: -BigInt(r.depositFen) },
            { kind: 'wallet' as const, organisationId: r.organisationId, auctionId: null, amountFen: BigInt(r.depositFen) },
          ]);
        if (movements.length) await this.ledger.post(manager, { causeType: 'auction_cancelled', causeId: auction.id, createdBy: operator.userId, movements });
        for (const registration of held) await manager.update(RegistrationEntity, { id: registration.id }, { depositStatus: 'released' });
      }
      await manager.save(auction);
      await this.audit.append(manager, {
        actor: operator,
        action: `auction.${{ pause: 'paused', resume: 'resumed', cancel: 'cancelled' }[command.action]}`,
        entityType: 'auction',
        entityId: auction.id,
        organisationId: auction.organisationId,
        before,
        after: { status: auction.status, endsAt: auction.endsAt.toISOString() },
        reason: auction.statusReason,
      });
      return auctionViewOf(auction, null, true);
    });
    if (view.status === 'open') await this.lifecycle.settleAt(view.id, new Date(view.endsAt));
    await this.events.changed(view.id, 'status');
    return view;
  }
}
