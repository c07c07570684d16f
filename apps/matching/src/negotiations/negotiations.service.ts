import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { NotificationOutbox } from '@lib/outbox';
import { Actor, requireOrganisation, Role } from '@lib/auth';
import {
  formatFen,
  ListNegotiationsQuery,
  MakeOfferCommand,
  NegotiationView,
  Page,
  parseYuanToFen,
  PostMessageCommand,
  RespondToOfferCommand,
  WithdrawNegotiationCommand,
} from '@lib/contracts';
import { CommonErrors } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import {
  assertListingStillPublished,
  assertMayPostMessage,
  assertThreadOpen,
  offerAnswered,
  offerMade,
  otherSide,
  Side,
  sideOf,
  ThreadState,
  threadWithdrawn,
  viewerRoleOf,
} from '../domain/negotiation';
import { Notices } from '../domain/negotiation-notices';
import { InterestEntity } from '../interests/interest.entity';
import { NegotiationEntity, NegotiationMessageEntity, OfferEntity } from './negotiation.entity';
import { PeerServices } from './peer-services';
import { TradeOpener } from './trade-opener';
import { negotiationViewOf } from './views';

const notFound = (id: string) => CommonErrors.notFound('negotiation', id);

const threadSnapshot = (t: NegotiationEntity) => ({
  status: t.status,
  currentOfferId: t.currentOfferId,
  agreedOfferId: t.agreedOfferId,
  agreedAmount: t.agreedAmountFen === null ? null : formatFen(t.agreedAmountFen),
  agreedTransactionMode: t.agreedTransactionMode,
  tradeId: t.tradeId,
});

/** The negotiation thread: messages, offers and counter-offers, agreement (→ trade), withdrawal. */
@Injectable()
export class NegotiationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerServices,
    private readonly audit: AuditLog,
    private readonly outbox: NotificationOutbox,
    private readonly trades: TradeOpener,
  ) {}

  async get(actor: Actor, negotiationId: string): Promise<NegotiationView> {
    const thread = await this.dataSource.getRepository(NegotiationEntity).findOneBy({ id: negotiationId });
    const viewer = thread ? viewerRoleOf(actor, thread) : null;
    if (!thread || !viewer) throw notFound(negotiationId);
    const [messages, offers] = await Promise.all([
      this.dataSource.getRepository(NegotiationMessageEntity).find({ where: { negotiationId }, order: { sequence: 'ASC' } }),
      this.dataSource.getRepository(OfferEntity).find({ where: { negotiationId }, order: { sequence: 'ASC' } }),
    ]);
    return negotiationViewOf(thread, viewer, { currentOffer: offers.find((o) => o.id === thread.currentOfferId) ?? null, messages, offers });
  }

  /** A member's threads (as seller, buyer or both); an operator's, all. Without timelines. */
  async list(actor: Actor, query: ListNegotiationsQuery): Promise<Page<NegotiationView>> {
    const builder = this.dataSource.getRepository(NegotiationEntity).createQueryBuilder('n');
    if (actor.role !== Role.operator) {
      const organisationId = requireOrganisation(actor);
      builder.where(
        new Brackets((w) => {
          if (query.role !== 'seller') w.orWhere('n.buyer_organisation_id = :organisationId', { organisationId });
          if (query.role !== 'buyer') w.orWhere('n.seller_organisation_id = :organisationId', { organisationId });
        }),
      );
    }
    if (query.status) builder.andWhere('n.status = :status', { status: query.status });
    if (query.listingId) builder.andWhere('n.listing_id = :listingId', { listingId: query.listingId });
    const [items, total] = await builder
      .orderBy('n.updated_at', 'DESC')
      .addOrderBy('n.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const currentIds = items.map((t) => t.currentOfferId).filter((id): id is string => id !== null);
    const current = currentIds.length ? await this.dataSource.getRepository(OfferEntity).find({ where: currentIds.map((id) => ({ id })) }) : [];
    const byId = new Map(current.map((o) => [o.id, o]));
    return {
      items: items.map((t) => negotiationViewOf(t, viewerRoleOf(actor, t) ?? 'operator', { currentOffer: t.currentOfferId ? (byId.get(t.currentOfferId) ?? null) : null })),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  async postMessage(actor: Actor, command: PostMessageCommand): Promise<NegotiationView> {
    const organisationId = requireOrganisation(actor);
    const { thread } = await this.dataSource.transaction(async (manager) => {
      const { thread, side } = await this.lockedAsParty(manager, command.negotiationId, organisationId);
      assertMayPostMessage(await this.stateOf(manager, thread));
      const message = manager.create(NegotiationMessageEntity, {
        id: randomUUID(),
        negotiationId: thread.id,
        sequence: this.nextSequence(thread),
        authorOrganisationId: organisationId,
        authorUserId: actor.userId,
        body: command.body,
      });
      await manager.save(thread);
      await manager.save(message);
      // The audit records that and who, not what: the content stays between the parties.
      await this.audit.append(manager, {
        actor,
        action: 'negotiation.message-posted',
        entityType: 'negotiation',
        entityId: thread.id,
        after: { messageId: message.id, sequence: message.sequence, side },
      });
      await this.outbox.add(
        manager,
        Notices.messagePosted({ messageId: message.id, negotiationId: thread.id, listingTitle: thread.listingTitle, to: this.organisationOf(thread, otherSide(side)), body: command.body }),
      );
      return { thread };
    });
    return this.get(actor, thread.id);
  }

  /** An offer (or counter-offer) by either party while the thread is open, in a mode the listing offers. */
  async makeOffer(actor: Actor, command: MakeOfferCommand): Promise<NegotiationView> {
    const organisationId = requireOrganisation(actor);
    const seen = await this.asParty(command.negotiationId, organisationId);
    // An agreed or closed thread refuses before anything else is asked.
    assertThreadOpen(await this.stateOf(this.dataSource.manager, seen.thread), 'a new offer');
    const listing = await this.peers.listing(seen.thread.listingId);
    assertListingStillPublished(listing);
    await this.peers.assertMay(organisationId, 'sign');
    const amountFen = parseYuanToFen(command.amount);
    const { thread } = await this.dataSource.transaction(async (manager) => {
      const { thread, side } = await this.lockedAsParty(manager, command.negotiationId, organisationId);
      const { replaced } = offerMade(await this.stateOf(manager, thread), side, command.transactionMode, listing.transactionModes);
      if (replaced) {
        await manager.update(OfferEntity, { id: replaced.id, status: 'open' }, { status: replaced.status, respondedAt: new Date(), respondedByUserId: actor.userId });
      }
      const offer = manager.create(OfferEntity, {
        id: randomUUID(),
        negotiationId: thread.id,
        sequence: this.nextSequence(thread),
        madeByOrganisationId: organisationId,
        madeByUserId: actor.userId,
        amountFen: amountFen.toString(),
        transactionMode: command.transactionMode,
        note: command.note ?? null,
        status: 'open',
        respondedByUserId: null,
        respondedAt: null,
        responseNote: null,
      });
      await manager.save(offer);
      const before = threadSnapshot(thread);
      thread.currentOfferId = offer.id;
      await manager.save(thread);
      await this.audit.append(manager, {
        actor,
        action: 'negotiation.offer-made',
        entityType: 'negotiation',
        entityId: thread.id,
        before,
        after: { ...threadSnapshot(thread), offer: { id: offer.id, side, amount: command.amount, transactionMode: offer.transactionMode }, replaced },
      });
      await this.outbox.add(
        manager,
        Notices.offerMade({
          offerId: offer.id,
          negotiationId: thread.id,
          listingTitle: thread.listingTitle,
          to: this.organisationOf(thread, otherSide(side)),
          amount: formatFen(offer.amountFen),
          mode: offer.transactionMode,
          counter: replaced?.status === 'countered',
        }),
      );
      return { thread };
    });
    return this.get(actor, thread.id);
  }

  /**
   * Accept, reject or withdraw an offer. Accepting the other party's current offer agrees the thread in
   * the same transaction; the trade is opened after commit (and retried until it is), so an agreement
   * is never lost to a trade service that is down.
   */
  async respondToOffer(actor: Actor, command: RespondToOfferCommand): Promise<NegotiationView> {
    const organisationId = requireOrganisation(actor);
    const seen = await this.asParty(command.negotiationId, organisationId);
    const seenOffer = await this.dataSource.getRepository(OfferEntity).findOneBy({ id: command.offerId, negotiationId: seen.thread.id });
    if (!seenOffer) throw CommonErrors.notFound('offer', command.offerId);
    if (command.action === 'accept') {
      // Judge the thread and offer first (offers after agreement are refused as such), then what agreement needs.
      offerAnswered(await this.stateOf(this.dataSource.manager, seen.thread), { ...seenOffer, madeBy: this.sideOfOffer(seen.thread, seenOffer) }, 'accept', seen.side);
      assertListingStillPublished(await this.peers.listing(seen.thread.listingId));
      await this.peers.assertMay(organisationId, 'sign');
    }
    const { thread, outcome } = await this.dataSource.transaction(async (manager) => {
      const { thread, side } = await this.lockedAsParty(manager, command.negotiationId, organisationId);
      const offer = await manager.findOneByOrFail(OfferEntity, { id: command.offerId, negotiationId: thread.id });
      const decided = offerAnswered(await this.stateOf(manager, thread), { ...offer, madeBy: this.sideOfOffer(thread, offer) }, command.action, side);
      const before = threadSnapshot(thread);
      const now = new Date();
      offer.status = decided.offer;
      offer.respondedAt = now;
      offer.respondedByUserId = actor.userId;
      offer.responseNote = command.note ?? null;
      await manager.save(offer);
      thread.currentOfferId = null;
      if (decided.thread === 'agreed') {
        thread.status = 'agreed';
        thread.agreedOfferId = offer.id;
        thread.agreedAmountFen = offer.amountFen;
        thread.agreedTransactionMode = offer.transactionMode;
        thread.agreedAt = now;
        await manager.update(InterestEntity, { id: thread.interestId }, { isOpen: false });
      }
      await manager.save(thread);
      await this.audit.append(manager, {
        actor,
        action: decided.thread === 'agreed' ? 'negotiation.agreed' : `negotiation.offer-${decided.offer}`,
        entityType: 'negotiation',
        entityId: thread.id,
        before,
        after: { ...threadSnapshot(thread), offer: { id: offer.id, status: offer.status, amount: formatFen(offer.amountFen), transactionMode: offer.transactionMode } },
        reason: command.note ?? null,
      });
      const outcome = decided.offer as 'accepted' | 'rejected' | 'withdrawn';
      await this.outbox.add(
        manager,
        Notices.offerAnswered({
          offerId: offer.id,
          negotiationId: thread.id,
          listingTitle: thread.listingTitle,
          to: this.organisationOf(thread, otherSide(side)),
          outcome,
          amount: formatFen(offer.amountFen),
          note: command.note ?? null,
        }),
      );
      return { thread, outcome };
    });
    if (outcome === 'accepted') await this.trades.openNow(thread.id);
    return this.get(actor, thread.id);
  }

  /** Either party ends an open thread without agreement (its open offer is withdrawn). */
  async withdraw(actor: Actor, command: WithdrawNegotiationCommand): Promise<NegotiationView> {
    const organisationId = requireOrganisation(actor);
    const { thread } = await this.dataSource.transaction(async (manager) => {
      const { thread, side } = await this.lockedAsParty(manager, command.negotiationId, organisationId);
      const decided = threadWithdrawn(await this.stateOf(manager, thread));
      const before = threadSnapshot(thread);
      const now = new Date();
      if (decided.openOffer) {
        await manager.update(OfferEntity, { id: decided.openOffer.id, status: 'open' }, { status: decided.openOffer.status, respondedAt: now, respondedByUserId: actor.userId });
      }
      thread.status = decided.thread;
      thread.currentOfferId = null;
      thread.closedByOrganisationId = organisationId;
      thread.closedReason = command.reason;
      thread.closedAt = now;
      await manager.save(thread);
      await manager.update(InterestEntity, { id: thread.interestId }, { isOpen: false });
      await this.audit.append(manager, { actor, action: 'negotiation.withdrawn', entityType: 'negotiation', entityId: thread.id, before, after: threadSnapshot(thread), reason: command.reason });
      await this.outbox.add(manager, Notices.negotiationWithdrawn({ negotiationId: thread.id, listingTitle: thread.listingTitle, to: this.organisationOf(thread, otherSide(side)), reason: command.reason }));
      return { thread };
    });
    return this.get(actor, thread.id);
  }

  // ─── helpers ─────────────────────────────────────────────────────────────────────────────────────

  /** The thread if the organisation is one of its two parties; otherwise it does not exist (404). */
  private async asParty(negotiationId: string, organisationId: string): Promise<{ thread: NegotiationEntity; side: Side }> {
    const thread = await this.dataSource.getRepository(NegotiationEntity).findOneBy({ id: negotiationId });
    const side = thread ? sideOf(organisationId, thread) : null;
    if (!thread || !side) throw notFound(negotiationId);
    return { thread, side };
  }

  private async lockedAsParty(manager: EntityManager, negotiationId: string, organisationId: string): Promise<{ thread: NegotiationEntity; side: Side }> {
    const thread = await manager.findOne(NegotiationEntity, { where: { id: negotiationId }, lock: { mode: 'pessimistic_write' } });
    const side = thread ? sideOf(organisationId, thread) : null;
    if (!thread || !side) throw notFound(negotiationId);
    return { thread, side };
  }

  private async stateOf(manager: EntityManager, thread: NegotiationEntity): Promise<ThreadState> {
    if (!thread.currentOfferId) return { status: thread.status, currentOffer: null };
    const offer = await manager.findOneByOrFail(OfferEntity, { id: thread.currentOfferId });
    return { status: thread.status, currentOffer: { id: offer.id, madeBy: this.sideOfOffer(thread, offer) } };
  }

  private sideOfOffer(thread: NegotiationEntity, offer: OfferEntity): Side {
    return sideOf(offer.madeByOrganisationId, thread)!;
  }

  /** Takes the thread's next timeline number (the thread row is locked). */
  private nextSequence(thread: NegotiationEntity): number {
    const sequence = thread.nextSequence;
    thread.nextSequence = sequence + 1;
    return sequence;
  }

  private organisationOf(thread: NegotiationEntity, side: Side): string {
    return side === 'seller' ? thread.sellerOrganisationId : thread.buyerOrganisationId;
  }
}
