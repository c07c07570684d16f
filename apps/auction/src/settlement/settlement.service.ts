import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { systemActor } from '@lib/auth';
import { AuctionView, formatFen, SettleAnswer } from '@lib/contracts';
import { findOneForUpdate } from '@lib/database';
import { CommonErrors } from '@lib/errors';
import { NotificationOutbox } from '@lib/outbox';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuctionEntity, RegistrationEntity } from '../auctions/auction.entity';
import { auctionViewOf, termsOf } from '../auctions/auction-mapping';
import { dutchClosesAt } from '../domain/dutch';
import { depositMovements, settleAuction } from '../domain/settlement';
import { Ledger, Movement } from '../ledger/ledger';
import { tradeCreatedNotices } from '../trades/trade-notices';

type SettlementBidRow = { id: string; registrationId: string; amountFen: string; placedAt: string };
type SettlementRegistrationRow = Pick<RegistrationEntity, 'id' | 'organisationId' | 'alias' | 'depositFen' | 'depositStatus'>;

/**
 * Settles a closed auction exactly once: under the lot's row lock the status moves to
 * `settled` in the same transaction as the deposit movements (one ledger posting whose cause is
 * the auction), the trade (unique per auction) and the notice to its parties. A second settlement,
 * concurrent or retried, finds it settled and changes nothing.
 */
@Injectable()
export class SettlementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly audit: AuditLog,
    private readonly outbox: NotificationOutbox,
  ) {}

  async settle(auctionId: string, now = new Date()): Promise<SettleAnswer> {
    return (await this.settleAndView(auctionId, now)).answer;
  }

  /** `settle`, and the auction's public view once this call settled it (to publish without reading it again). */
  async settleAndView(auctionId: string, now = new Date()): Promise<{ answer: SettleAnswer; settledView: AuctionView | null }> {
    return this.dataSource.transaction(async (manager) => {
      const auction = await findOneForUpdate(manager, AuctionEntity, auctionId);
      if (!auction) throw CommonErrors.notFound('auction', auctionId);
      if (auction.status === 'settled') {
        const trade = await manager.query('SELECT id FROM auction.trades WHERE auction_id = $1', [auctionId]);
        const outcome = (auction.outcome?.outcome as 'sold' | 'no_sale') ?? 'no_sale';
        const answer: SettleAnswer = { state: 'settled', outcome, listingId: auction.listingId, tradeId: trade[0]?.id ?? null, transactionMode: auction.transactionMode, alreadySettled: true };
        return { answer, settledView: null };
      }
      if (auction.status === 'cancelled' || auction.status === 'paused') return { answer: { state: 'not_settleable', status: auction.status }, settledView: null };
      const terms = termsOf(auction);
      const acceptedDutch = auction.type === 'dutch' && auction.bidCount > 0;
      const dueAt = auction.type === 'dutch' && !acceptedDutch ? dutchClosesAt(terms) : auction.endsAt;
      if (!acceptedDutch && now.getTime() < dueAt.getTime()) return { answer: { state: 'not_closed', dueAt: dueAt.toISOString() }, settledView: null };

      // The bids in acceptance order and the registrations, in one round trip.
      const [facts]: { bids: SettlementBidRow[]; registrations: SettlementRegistrationRow[] }[] = await manager.query(
        `SELECT (SELECT coalesce(json_agg(json_build_object('id', b.id, 'registrationId', b.registration_id, 'amountFen', b.amount_fen::text, 'placedAt', b.placed_at)
                   ORDER BY b.sequence), '[]') FROM auction.bids b WHERE b.auction_id = $1) AS bids,
                (SELECT coalesce(json_agg(json_build_object('id', r.id, 'organisationId', r.organisation_id, 'alias', r.alias, 'depositFen', r.deposit_fen::text,
                   'depositStatus', r.deposit_status)), '[]') FROM auction.registrations r WHERE r.auction_id = $1) AS registrations`,
        [auctionId],
      );
      const result = settleAuction(
        terms,
        facts.bids.map((b) => ({ bidId: b.id, bidderId: b.registrationId, amount: BigInt(b.amountFen), placedAt: new Date(b.placedAt) })),
        new Date(Math.max(now.getTime(), dueAt.getTime())),
      );
      const registrations = facts.registrations;
      const byId = new Map(registrations.map((r) => [r.id, r]));
      const movements = depositMovements(
        result,
        registrations.filter((r) => r.depositStatus === 'held').map((r) => ({ bidderId: r.id, depositHeld: BigInt(r.depositFen) })),
      );
      const postings: Movement[] = movements.flatMap((m) => {
        const organisationId = byId.get(m.bidderId)!.organisationId;
        return [
          { kind: 'deposit_hold' as const, organisationId, auctionId, amountFen: -m.amount },
          m.kind === 'release'
            ? { kind: 'wallet' as const, organisationId, auctionId: null, amountFen: m.amount }
            : { kind: 'trade_escrow' as const, organisationId, auctionId, amountFen: m.amount },
        ];
      });
      if (postings.length > 0) await this.ledger.post(manager, { causeType: 'auction_settlement', causeId: auctionId, movements: postings });
      if (movements.length > 0) {
        await manager.query(
          `UPDATE auction.registrations r SET deposit_status = m.status FROM unnest($1::uuid[], $2::text[]) AS m(id, status) WHERE r.id = m.id`,
          [movements.map((m) => m.bidderId), movements.map((m) => (m.kind === 'release' ? 'released' : 'applied'))],
        );
      }
      let tradeId: string | null = null;
      if (result.outcome === 'sold') {
        const winner = byId.get(result.winnerBidderId)!;
        const applied = movements.find((m) => m.bidderId === winner.id && m.kind === 'apply_to_trade')?.amount ?? 0n;
        tradeId = randomUUID();
        const listing = auction.listingSnapshot;
        await manager.query(
          `INSERT INTO auction.trades (id, source, auction_id, listing_id, seller_organisation_id, buyer_organisation_id, price_fen, deposit_applied_fen, status,
             transaction_mode, listing_title, field, trl, direction, listing_published_at)
           VALUES ($1, 'auction', $2, $3, $4, $5, $6, $7, 'pending_signature', $8, $9, $10, $11, $12, $13)`,
          [tradeId, auctionId, auction.listingId, auction.organisationId, winner.organisationId, result.price.toString(), applied.toString(),
            auction.transactionMode, listing?.title ?? null, listing?.field ?? null, listing?.trl ?? null, listing?.direction ?? null, listing?.publishedAt ?? null],
        );
        await this.outbox.add(manager, ...tradeCreatedNotices({ id: tradeId, sellerOrganisationId: auction.organisationId, buyerOrganisationId: winner.organisationId }));
        auction.currentPriceFen = result.price.toString();
        auction.outcome = { outcome: 'sold', price: formatFen(result.price), winnerAlias: winner.alias, tradeId };
      } else {
        auction.outcome = { outcome: 'no_sale', reason: result.reason };
      }
      const before = { status: auction.status };
      auction.status = 'settled';
      auction.settledAt = now;
      // One UPDATE of what changed (save() would read the row again first to find out).
      await manager.query(
        `UPDATE auction.auctions SET status = 'settled', settled_at = $2, outcome = $3, current_price_fen = $4, version = version + 1, updated_at = now() WHERE id = $1`,
        [auctionId, now, JSON.stringify(auction.outcome), auction.currentPriceFen],
      );
      await this.audit.append(manager, {
        actor: systemActor('auction-settlement'),
        action: 'auction.settled',
        entityType: 'auction',
        entityId: auctionId,
        organisationId: auction.organisationId,
        before,
        after: { status: 'settled', ...auction.outcome },
      });
      const leaderAlias = auction.leaderRegistrationId ? (byId.get(auction.leaderRegistrationId)?.alias ?? null) : null;
      return {
        answer: { state: 'settled', outcome: result.outcome, listingId: auction.listingId, tradeId, transactionMode: auction.transactionMode, alreadySettled: false },
        settledView: auctionViewOf(auction, leaderAlias, false),
      };
    });
  }

  /** Auctions past their end (or Dutch lots already accepted) that are not settled yet. */
  async due(now: Date, limit: number): Promise<{ auctionId: string; dueAt: string }[]> {
    const rows: { id: string; ends_at: Date }[] = await this.dataSource.query(
      `SELECT id, ends_at FROM auction.auctions
       WHERE status IN ('scheduled', 'open', 'closed') AND (ends_at <= $1 OR (type = 'dutch' AND bid_count > 0))
       ORDER BY ends_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => ({ auctionId: r.id, dueAt: r.ends_at.toISOString() }));
  }

  /** Scheduled auctions whose start has come and that nothing opened yet (a lost job; a bid would open them too). */
  async dueToOpen(now: Date, limit: number): Promise<{ auctionId: string; startsAt: string }[]> {
    const rows: { id: string; starts_at: Date }[] = await this.dataSource.query(
      `SELECT id, starts_at FROM auction.auctions WHERE status = 'scheduled' AND starts_at <= $1 ORDER BY starts_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => ({ auctionId: r.id, startsAt: r.starts_at.toISOString() }));
  }
}
