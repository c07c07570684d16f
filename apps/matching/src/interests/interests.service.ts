import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { NotificationOutbox } from '@lib/outbox';
import { Actor, requireOrganisation, Role } from '@lib/auth';
import { ExpressInterestDto, InterestView, ListInterestsQuery, Page, RespondToInterestCommand, WithdrawInterestCommand } from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { assertListingStillPublished, assertMayExpressInterest, interestIsOpen, interestTransition, sideOf, viewerRoleOf } from '../domain/negotiation';
import { Notices } from '../domain/negotiation-notices';
import { NegotiationEntity, NegotiationMessageEntity } from '../negotiations/negotiation.entity';
import { PeerServices } from '../negotiations/peer-services';
import { interestViewOf } from '../negotiations/views';
import { InterestEntity } from './interest.entity';

const notFound = (id: string) => CommonErrors.notFound('interest', id);

const interestSnapshot = (i: InterestEntity) => ({ status: i.status, listingId: i.listingId, buyerOrganisationId: i.buyerOrganisationId, isOpen: i.isOpen });

/** The first step of the loop: interest in a listing, and its owner's answer (which may open a negotiation). */
@Injectable()
export class InterestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerServices,
    private readonly audit: AuditLog,
    private readonly outbox: NotificationOutbox,
  ) {}

  async express(actor: Actor, input: ExpressInterestDto): Promise<InterestView> {
    const organisationId = requireOrganisation(actor);
    const listing = await this.peers.listing(input.listingId);
    assertMayExpressInterest({ actorRole: actor.role, actorOrganisationId: organisationId, listing });
    await this.peers.assertMay(organisationId, 'bid');
    let interest: InterestEntity;
    try {
      interest = await this.dataSource.transaction(async (manager) => {
        const created = manager.create(InterestEntity, {
          id: randomUUID(),
          listingId: listing.id,
          listingTitle: listing.title,
          sellerOrganisationId: listing.organisationId,
          buyerOrganisationId: organisationId,
          createdBy: actor.userId,
          message: input.message,
          demandRef: input.demandRef ?? null,
          matchRef: input.matchRef ?? null,
          status: 'pending',
          isOpen: true,
          responseMessage: null,
          respondedBy: null,
          respondedAt: null,
        });
        await manager.save(created);
        await this.audit.append(manager, {
          actor,
          action: 'interest.expressed',
          entityType: 'interest',
          entityId: created.id,
          after: { ...interestSnapshot(created), demandRef: created.demandRef, matchRef: created.matchRef },
        });
        await this.outbox.add(
          manager,
          Notices.interestExpressed({ interestId: created.id, listingTitle: created.listingTitle, sellerOrganisationId: created.sellerOrganisationId, message: created.message }),
        );
        return created;
      });
    } catch (error) {
      if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'interests_one_open_per_buyer') {
        const open = await this.dataSource.getRepository(InterestEntity).findOneBy({ listingId: listing.id, buyerOrganisationId: organisationId, isOpen: true });
        throw new DomainError('INTEREST.ALREADY_OPEN', 'conflict', 'Your organisation already has an open interest in this listing (pending, or in negotiation)', {
          fields: [{ field: 'listingId', messages: ['your organisation already has an open interest in this listing'] }],
          details: { interestId: open?.id ?? null },
        });
      }
      throw error;
    }
    return interestViewOf(interest, 'buyer', null);
  }

  async get(actor: Actor, interestId: string): Promise<InterestView> {
    const interest = await this.dataSource.getRepository(InterestEntity).findOneBy({ id: interestId });
    const viewer = interest ? viewerRoleOf(actor, interest) : null;
    if (!interest || !viewer) throw notFound(interestId);
    return interestViewOf(interest, viewer, await this.negotiationIdOf(this.dataSource.manager, interest.id));
  }

  /** A member sees its organisation's interests (expressed, or received for its listings); an operator sees all. */
  async list(actor: Actor, query: ListInterestsQuery): Promise<Page<InterestView>> {
    const builder = this.dataSource.getRepository(InterestEntity).createQueryBuilder('i');
    if (actor.role !== Role.operator) {
      const organisationId = requireOrganisation(actor);
      builder.where(
        new Brackets((w) => {
          if (query.role !== 'seller') w.orWhere('i.buyer_organisation_id = :organisationId', { organisationId });
          if (query.role !== 'buyer') w.orWhere('i.seller_organisation_id = :organisationId', { organisationId });
        }),
      );
    }
    if (query.status) builder.andWhere('i.status = :status', { status: query.status });
    if (query.listingId) builder.andWhere('i.listing_id = :listingId', { listingId: query.listingId });
    const [items, total] = await builder
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const threads = items.length
      ? await this.dataSource.getRepository(NegotiationEntity).find({ select: { id: true, interestId: true }, where: items.map((i) => ({ interestId: i.id })) })
      : [];
    const threadOf = new Map(threads.map((t) => [t.interestId, t.id]));
    return {
      items: items.map((i) => interestViewOf(i, viewerRoleOf(actor, i) ?? 'operator', threadOf.get(i.id) ?? null)),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  /** The listing's owner accepts (opening the negotiation thread) or declines, with a message. */
  async respond(actor: Actor, command: RespondToInterestCommand): Promise<InterestView> {
    const organisationId = requireOrganisation(actor);
    const found = await this.dataSource.getRepository(InterestEntity).findOneBy({ id: command.interestId });
    const side = found ? sideOf(organisationId, found) : null;
    if (!found || !side) throw notFound(command.interestId);
    if (command.decision === 'accept') {
      // Judge the interest first (a declined one is refused as such), then what acceptance needs.
      interestTransition(found.status, 'accept', side);
      assertListingStillPublished(await this.peers.listing(found.listingId));
      await this.peers.assertMay(organisationId, 'sign');
    }
    const { interest, negotiationId } = await this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(InterestEntity, { where: { id: command.interestId }, lock: { mode: 'pessimistic_write' } });
      const before = interestSnapshot(locked);
      locked.status = interestTransition(locked.status, command.decision, side);
      locked.isOpen = interestIsOpen(locked.status, null);
      locked.responseMessage = command.message ?? null;
      locked.respondedBy = actor.userId;
      locked.respondedAt = new Date();
      await manager.save(locked);
      await this.audit.append(manager, {
        actor,
        action: `interest.${locked.status}`,
        entityType: 'interest',
        entityId: locked.id,
        before,
        after: interestSnapshot(locked),
        reason: command.message ?? null,
      });
      if (locked.status !== 'accepted') {
        await this.outbox.add(
          manager,
          Notices.interestDeclined({ interestId: locked.id, listingTitle: locked.listingTitle, buyerOrganisationId: locked.buyerOrganisationId, message: locked.responseMessage ?? '' }),
        );
        return { interest: locked, negotiationId: null };
      }
      const thread = manager.create(NegotiationEntity, {
        id: randomUUID(),
        interestId: locked.id,
        listingId: locked.listingId,
        listingTitle: locked.listingTitle,
        sellerOrganisationId: locked.sellerOrganisationId,
        buyerOrganisationId: locked.buyerOrganisationId,
        status: 'open',
        nextSequence: 1,
        currentOfferId: null,
        agreedOfferId: null,
        agreedAmountFen: null,
        agreedTransactionMode: null,
        agreedAt: null,
        tradeId: null,
        tradeOpenedAt: null,
        tradeAttempts: 0,
        tradeLastError: null,
        closedByOrganisationId: null,
        closedReason: null,
        closedAt: null,
      });
      // The acceptance message opens the thread's timeline.
      if (command.message) {
        thread.nextSequence = 2;
        await manager.save(thread);
        await manager.save(
          manager.create(NegotiationMessageEntity, { id: randomUUID(), negotiationId: thread.id, sequence: 1, authorOrganisationId: organisationId, authorUserId: actor.userId, body: command.message }),
        );
      } else {
        await manager.save(thread);
      }
      await this.audit.append(manager, {
        actor,
        action: 'negotiation.opened',
        entityType: 'negotiation',
        entityId: thread.id,
        after: { interestId: locked.id, listingId: thread.listingId, sellerOrganisationId: thread.sellerOrganisationId, buyerOrganisationId: thread.buyerOrganisationId, status: 'open' },
      });
      await this.outbox.add(
        manager,
        Notices.interestAccepted({ interestId: locked.id, negotiationId: thread.id, listingTitle: locked.listingTitle, buyerOrganisationId: locked.buyerOrganisationId, message: locked.responseMessage }),
      );
      return { interest: locked, negotiationId: thread.id };
    });
    return interestViewOf(interest, side, negotiationId);
  }

  /** The interested organisation takes back its pending interest. */
  async withdraw(actor: Actor, command: WithdrawInterestCommand): Promise<InterestView> {
    const organisationId = requireOrganisation(actor);
    const interest = await this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOne(InterestEntity, { where: { id: command.interestId }, lock: { mode: 'pessimistic_write' } });
      const side = locked ? sideOf(organisationId, locked) : null;
      if (!locked || !side) throw notFound(command.interestId);
      const before = interestSnapshot(locked);
      locked.status = interestTransition(locked.status, 'withdraw', side);
      locked.isOpen = false;
      locked.responseMessage = command.message ?? null;
      locked.respondedBy = actor.userId;
      locked.respondedAt = new Date();
      await manager.save(locked);
      await this.audit.append(manager, { actor, action: 'interest.withdrawn', entityType: 'interest', entityId: locked.id, before, after: interestSnapshot(locked), reason: command.message ?? null });
      await this.outbox.add(
        manager,
        Notices.interestWithdrawn({ interestId: locked.id, listingTitle: locked.listingTitle, sellerOrganisationId: locked.sellerOrganisationId, message: locked.responseMessage }),
      );
      return locked;
    });
    return interestViewOf(interest, 'buyer', null);
  }

  private async negotiationIdOf(manager: EntityManager, interestId: string): Promise<string | null> {
    const thread = await manager.findOne(NegotiationEntity, { select: { id: true }, where: { interestId } });
    return thread?.id ?? null;
  }
}
