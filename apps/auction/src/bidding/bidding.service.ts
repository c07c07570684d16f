import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, requireOrganisation } from '@lib/auth';
import { BidReceipt, BidView, formatFen, parseYuanToFen, PlaceBidCommand } from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuctionEntity, BidEntity, RegistrationEntity } from '../auctions/auction.entity';
import { auctionViewOf, englishStateOf, storeEnglishState, termsOf } from '../auctions/auction-mapping';
import { PeerServices } from '../auctions/peer-services';
import { LifecycleScheduler } from '../auctions/lifecycle-scheduler';
import { AuctionEvents } from '../auctions/auction-events';
import { BidRefusalReason, bidRefusedError } from '../domain/auction-types';
import { judgeDutchAcceptance } from '../domain/dutch';
import { judgeEnglishBid } from '../domain/english';
import { judgeSealedBid } from '../domain/sealed';

/** A refusal as the API states it: the minimum in yuan, like every amount. */
function refused(reason: BidRefusalReason, minimumAcceptable: bigint | null = null): DomainError {
  const error = bidRefusedError(reason, null);
  return new DomainError(error.code, error.kind, error.message, {
    details: { reason, ...(minimumAcceptable !== null ? { minimumAcceptable: formatFen(minimumAcceptable) } : {}) },
  });
}

const amountRequired = () =>
  new DomainError('REQUEST.INVALID', 'validation', 'amount is required', { fields: [{ field: 'amount', messages: ['amount is required for this auction type'] }] });

/**
 * Bids. Each is judged and stored in one transaction holding the lot's row lock, and is
 * committed before it is acknowledged. The same request repeated with the same Idempotency-Key
 * is answered from the stored bid, never applied twice; the key reused for a different request
 * is refused.
 */
@Injectable()
export class BiddingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerServices,
    private readonly lifecycle: LifecycleScheduler,
    private readonly events: AuctionEvents,
  ) {}

  async bid(actor: Actor, command: PlaceBidCommand): Promise<BidReceipt> {
    const organisationId = requireOrganisation(actor);
    const fingerprint = createHash('sha256').update(JSON.stringify({ amount: command.amount ?? null, by: organisationId })).digest('hex');
    const registration = await this.dataSource.getRepository(RegistrationEntity).findOneBy({ auctionId: command.auctionId, organisationId });
    if (!registration) {
      const auction = await this.dataSource.getRepository(AuctionEntity).findOneBy({ id: command.auctionId });
      if (!auction) throw CommonErrors.notFound('auction', command.auctionId);
      if (auction.organisationId === organisationId) {
        throw new DomainError('AUCTION.OWN_LISTING', 'forbidden', 'An organisation cannot bid on its own listing');
      }
      throw new DomainError('BID.NOT_REGISTERED', 'forbidden', 'Register for the auction (and hold its deposit) before bidding');
    }
    const replay = await this.replayed(this.dataSource.manager, registration, command, fingerprint, actor);
    if (replay) return replay;
    const auctionTerms = await this.dataSource.getRepository(AuctionEntity).findOneByOrFail({ id: command.auctionId });
    // Eligibility is checked again at bid time: a qualification may have expired since registration.
    await Promise.all([this.peers.assertMay(organisationId, 'bid'), this.peers.assertQualified(organisationId, auctionTerms.requiredQualifications, new Date())]);

    const receipt = await this.dataSource.transaction(async (manager) => {
      const auction = await manager.findOneOrFail(AuctionEntity, { where: { id: command.auctionId }, lock: { mode: 'pessimistic_write' } });
      const again = await this.replayed(manager, registration, command, fingerprint, actor);
      if (again) return again;
      if (auction.type === 'dutch' && auction.bidCount > 0) throw refused('already_sold'); // the loser of a race learns why
      if (auction.status !== 'open' && auction.status !== 'scheduled') throw refused('closed');
      const now = new Date();
      const terms = termsOf(auction);
      const bidId = randomUUID();
      let amountFen: bigint;
      let placedAt = now;
      let kind: 'bid' | 'acceptance' = 'bid';

      if (auction.type === 'english') {
        if (!command.amount) throw amountRequired();
        amountFen = parseYuanToFen(command.amount);
        const judgement = judgeEnglishBid(terms, englishStateOf(auction), { bidId, bidderId: registration.id, maxAmount: amountFen }, now);
        if (!judgement.accepted) throw refused(judgement.reason, judgement.minimumAcceptable);
        storeEnglishState(auction, judgement.state);
        placedAt = judgement.bid.placedAt;
      } else if (auction.type === 'dutch') {
        const judgement = judgeDutchAcceptance(terms, now, auction.bidCount > 0);
        if (!judgement.accepted) throw refused(judgement.reason);
        if (command.amount && parseYuanToFen(command.amount) !== judgement.price) {
          throw new DomainError('BID.PRICE_CHANGED', 'conflict', `The price is now ${formatFen(judgement.price)}`, {
            details: { currentPrice: formatFen(judgement.price) },
          });
        }
        amountFen = judgement.price;
        kind = 'acceptance';
        auction.currentPriceFen = amountFen.toString();
        auction.leaderRegistrationId = registration.id;
        auction.leaderBidId = bidId;
        auction.status = 'closed'; // the first acceptance wins; settlement follows
      } else {
        if (!command.amount) throw amountRequired();
        amountFen = parseYuanToFen(command.amount);
        const alreadyBid = await manager.existsBy(BidEntity, { auctionId: auction.id, registrationId: registration.id });
        const judgement = judgeSealedBid(terms, { bidId, bidderId: registration.id, amount: amountFen }, alreadyBid, now);
        if (!judgement.accepted) throw refused(judgement.reason, judgement.minimumAcceptable);
      }

      if (auction.status === 'scheduled') auction.status = 'open';
      auction.bidCount += 1;
      await manager.insert(BidEntity, {
        id: bidId,
        auctionId: auction.id,
        registrationId: registration.id,
        placedBy: actor.userId,
        kind,
        amountFen: amountFen.toString(),
        placedAt,
        sequence: auction.bidCount,
        idempotencyKey: command.idempotencyKey,
        requestFingerprint: fingerprint,
        priceAfterFen: auction.type === 'english' || auction.type === 'dutch' ? auction.currentPriceFen : null,
        leaderAfter: auction.type === 'english' || auction.type === 'dutch' ? auction.leaderRegistrationId : null,
      });
      await manager.save(auction);
      return this.receipt(manager, auction, bidId, registration, amountFen, false, actor);
    });
    if (!receipt.replayed) {
      // A Dutch acceptance ends the auction: settle now rather than at the scheduled end.
      if (receipt.auction.type === 'dutch') await this.lifecycle.settleAt(command.auctionId, new Date());
      // A bidder is never the seller, so the receipt's view is the public one: publish it as it is.
      await this.events.publish(receipt.auction, 'bid', receipt.auction.endsAt !== auctionTerms.endsAt.toISOString());
    }
    return receipt;
  }

  /** The bid history by alias. English shows the price after each bid (never a maximum); sealed bids stay hidden until settled, except one's own. */
  async history(actor: Actor | null, auctionId: string): Promise<BidView[]> {
    const auction = await this.dataSource.getRepository(AuctionEntity).findOneBy({ id: auctionId });
    if (!auction) throw CommonErrors.notFound('auction', auctionId);
    const sealed = auction.type === 'sealed_first_price' || auction.type === 'sealed_second_price';
    const rows: { id: string; alias: string; kind: 'bid' | 'acceptance'; amount: string; price_after: string | null; leader_alias: string | null; placed_at: Date; organisation_id: string }[] =
      await this.dataSource.query(
        `SELECT b.id, r.alias, b.kind, b.amount_fen::text AS amount, b.price_after_fen::text AS price_after, l.alias AS leader_alias, b.placed_at, r.organisation_id
         FROM auction.bids b
         JOIN auction.registrations r ON r.id = b.registration_id
         LEFT JOIN auction.registrations l ON l.id = b.leader_after
         WHERE b.auction_id = $1 ORDER BY b.sequence`,
        [auctionId],
      );
    const visible = sealed && auction.status !== 'settled' ? rows.filter((row) => actor?.organisationId && row.organisation_id === actor.organisationId) : rows;
    return visible.map((row) => ({
      id: row.id,
      alias: row.alias,
      kind: row.kind,
      price: sealed ? formatFen(row.amount) : row.price_after === null ? null : formatFen(row.price_after),
      leaderAlias: sealed ? null : row.leader_alias,
      placedAt: row.placed_at.toISOString(),
    }));
  }

  private async replayed(
    manager: EntityManager,
    registration: RegistrationEntity,
    command: PlaceBidCommand,
    fingerprint: string,
    actor: Actor,
  ): Promise<BidReceipt | null> {
    const existing = await manager.findOneBy(BidEntity, { auctionId: command.auctionId, registrationId: registration.id, idempotencyKey: command.idempotencyKey });
    if (!existing) return null;
    if (existing.requestFingerprint !== fingerprint) {
      throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'conflict', 'This Idempotency-Key was already used for a different bid');
    }
    const auction = await manager.findOneByOrFail(AuctionEntity, { id: command.auctionId });
    return this.receipt(manager, auction, existing.id, registration, BigInt(existing.amountFen), true, actor);
  }

  private async receipt(
    manager: EntityManager,
    auction: AuctionEntity,
    bidId: string,
    registration: RegistrationEntity,
    amountFen: bigint,
    replayed: boolean,
    actor: Actor,
  ): Promise<BidReceipt> {
    const leader = auction.leaderRegistrationId ? await manager.findOneBy(RegistrationEntity, { id: auction.leaderRegistrationId }) : null;
    const insider = actor.organisationId === auction.organisationId;
    return {
      bidId,
      accepted: true,
      replayed,
      auction: auctionViewOf(auction, leader?.alias ?? null, insider),
      yourMaximum: auction.type === 'english' ? formatFen(amountFen) : null,
    };
  }
}
