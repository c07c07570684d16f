import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, canSeeOrganisationObject, requireOrganisation, Role, systemActor } from '@lib/auth';
import { AuctionView, CreateAuctionDto, formatFen, ListAuctionsQuery, Page, parseYuanToFen, RegistrationView, TopUpDto, WalletView } from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuctionTerms, assertValidTerms } from '../domain/auction-types';
import { Ledger, OperatorConfirmedPayments } from '../ledger/ledger';
import { dutchClosesAt } from '../domain/dutch';
import { LifecycleScheduler } from './lifecycle-scheduler';
import { AuctionEntity, RegistrationEntity } from './auction.entity';
import { auctionViewOf } from './auction-mapping';
import { PeerServices } from './peer-services';

const yuanOrNull = (value: string | undefined) => (value === undefined ? null : parseYuanToFen(value));

@Injectable()
export class AuctionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerServices,
    private readonly ledger: Ledger,
    private readonly payments: OperatorConfirmedPayments,
    private readonly audit: AuditLog,
    private readonly lifecycle: LifecycleScheduler,
  ) {}

  /** The owner of a published listing puts it up for auction. */
  async create(actor: Actor, input: CreateAuctionDto): Promise<AuctionView> {
    const organisationId = requireOrganisation(actor);
    await this.peers.assertMay(organisationId, 'publish');
    const listing = await this.peers.listing(actor, input.listingId);
    if (listing.visibility !== 'full' || listing.organisationId !== organisationId) throw CommonErrors.notFound('listing', input.listingId);
    if (listing.status !== 'published') {
      throw new DomainError('AUCTION.LISTING_NOT_PUBLISHED', 'rule_violation', `Only a published listing can be auctioned; this one is ${listing.status}`, {
        fields: [{ field: 'listingId', messages: ['the listing must be published'] }],
      });
    }
    const transactionMode = input.transactionMode ?? listing.transactionModes[0];
    if (!listing.transactionModes.includes(transactionMode)) {
      throw new DomainError('AUCTION.MODE_NOT_OFFERED', 'validation', 'The listing does not offer this transaction mode', {
        fields: [{ field: 'transactionMode', messages: [`one of ${listing.transactionModes.join(', ')}`] }],
      });
    }
    const now = new Date();
    const terms: AuctionTerms = {
      type: input.type,
      startPrice: parseYuanToFen(input.startPrice),
      increment: yuanOrNull(input.increment),
      reservePrice: yuanOrNull(input.reservePrice),
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      softClose: input.softClose
        ? { windowSeconds: input.softClose.windowSeconds, extensionSeconds: input.softClose.extensionSeconds, maxEndsAt: input.softClose.maxEndsAt ? new Date(input.softClose.maxEndsAt) : null }
        : null,
      dutch: input.dutch
        ? { step: parseYuanToFen(input.dutch.step), intervalSeconds: input.dutch.intervalSeconds, floorPrice: parseYuanToFen(input.dutch.floorPrice) }
        : null,
    };
    assertValidTerms(terms, new Date(now.getTime() - 1000));
    try {
      const view = await this.dataSource.transaction(async (manager) => {
        const auction = manager.create(AuctionEntity, {
          id: randomUUID(),
          listingId: input.listingId,
          organisationId,
          createdBy: actor.userId,
          type: input.type,
          status: terms.startsAt.getTime() > now.getTime() ? 'scheduled' : 'open',
          statusReason: null,
          startPriceFen: terms.startPrice.toString(),
          incrementFen: terms.increment?.toString() ?? null,
          reservePriceFen: terms.reservePrice?.toString() ?? null,
          depositFen: parseYuanToFen(input.deposit).toString(),
          requiredQualifications: input.requiredQualifications,
          startsAt: terms.startsAt,
          endsAt: terms.endsAt,
          scheduledEndsAt: terms.endsAt,
          softClose: input.softClose ? { ...input.softClose, maxEndsAt: input.softClose.maxEndsAt ?? null } : null,
          dutch: terms.dutch ? { stepFen: terms.dutch.step.toString(), intervalSeconds: terms.dutch.intervalSeconds, floorPriceFen: terms.dutch.floorPrice.toString() } : null,
          currentPriceFen: null,
          leaderRegistrationId: null,
          leaderBidId: null,
          leaderMaxFen: null,
          leaderPlacedAt: null,
          runnerUpMaxFen: null,
          lastBidAt: null,
          bidCount: 0,
          outcome: null,
          settledAt: null,
          transactionMode,
          listingSnapshot: { title: listing.title, field: listing.field, trl: listing.trl, direction: listing.direction, publishedAt: listing.publishedAt },
        });
        await manager.save(auction);
        await this.audit.append(manager, {
          actor,
          action: 'auction.created',
          entityType: 'auction',
          entityId: auction.id,
          after: { listingId: auction.listingId, type: auction.type, startsAt: auction.startsAt, endsAt: auction.endsAt, status: auction.status },
        });
        return auctionViewOf(auction, null, true);
      });
      if (view.status === 'scheduled') await this.lifecycle.openAt(view.id, terms.startsAt);
      await this.lifecycle.settleAt(view.id, terms.type === 'dutch' ? dutchClosesAt(terms) : terms.endsAt);
      return view;
    } catch (error) {
      if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'auctions_one_live_per_listing') {
        throw new DomainError('AUCTION.ALREADY_RUNNING', 'conflict', 'This listing already has an auction that has not ended', {
          fields: [{ field: 'listingId', messages: ['the listing already has a live auction'] }],
        });
      }
      throw error;
    }
  }

  /** A scheduled auction whose start has come is open (idempotent; a bid also opens it). */
  async open(auctionId: string): Promise<{ opened: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const auction = await manager.findOne(AuctionEntity, { where: { id: auctionId }, lock: { mode: 'pessimistic_write' } });
      if (!auction) throw CommonErrors.notFound('auction', auctionId);
      if (auction.status !== 'scheduled' || auction.startsAt.getTime() > Date.now()) return { opened: false };
      auction.status = 'open';
      await manager.save(auction);
      await this.audit.append(manager, {
        actor: systemActor('auction-lifecycle'),
        action: 'auction.opened',
        entityType: 'auction',
        entityId: auctionId,
        organisationId: auction.organisationId,
        before: { status: 'scheduled' },
        after: { status: 'open' },
      });
      return { opened: true };
    });
  }

  async get(actor: Actor | null, auctionId: string): Promise<AuctionView> {
    const auction = await this.dataSource.getRepository(AuctionEntity).findOneBy({ id: auctionId });
    if (!auction) throw CommonErrors.notFound('auction', auctionId);
    const insider = canSeeOrganisationObject(actor, auction.organisationId);
    return auctionViewOf(auction, await this.aliasOf(this.dataSource.manager, auction.leaderRegistrationId), insider);
  }

  async list(actor: Actor | null, query: ListAuctionsQuery): Promise<Page<AuctionView>> {
    const where = { ...(query.status ? { status: query.status } : {}), ...(query.listingId ? { listingId: query.listingId } : {}) };
    const [items, total] = await this.dataSource.getRepository(AuctionEntity).findAndCount({
      where,
      order: { endsAt: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const views = await Promise.all(
      items.map(async (auction) =>
        auctionViewOf(
          auction,
          await this.aliasOf(this.dataSource.manager, auction.leaderRegistrationId),
          canSeeOrganisationObject(actor, auction.organisationId),
        ),
      ),
    );
    return { items: views, page: query.page, pageSize: query.pageSize, total };
  }

  /**
   * Registers the actor's organisation as a bidder: not the seller, verified, eligible, and able
   * to hold the deposit, which moves from its wallet to a hold for this auction. Idempotent.
   */
  async register(actor: Actor, auctionId: string): Promise<RegistrationView> {
    const organisationId = requireOrganisation(actor);
    const auction = await this.dataSource.getRepository(AuctionEntity).findOneBy({ id: auctionId });
    if (!auction) throw CommonErrors.notFound('auction', auctionId);
    if (auction.organisationId === organisationId) {
      throw new DomainError('AUCTION.OWN_LISTING', 'forbidden', 'An organisation cannot bid on its own listing');
    }
    await this.peers.assertMay(organisationId, 'bid');
    await this.peers.assertQualified(organisationId, auction.requiredQualifications, new Date());
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(AuctionEntity, { where: { id: auctionId }, lock: { mode: 'pessimistic_write' } });
      const existing = await manager.findOneBy(RegistrationEntity, { auctionId, organisationId });
      if (existing) return registrationViewOf(existing);
      const now = new Date();
      if (!(locked.status === 'scheduled' || locked.status === 'open') || now >= locked.endsAt) {
        throw new DomainError('AUCTION.REGISTRATION_CLOSED', 'conflict', `Registration is closed: the auction is ${locked.status}`);
      }
      const count = await manager.countBy(RegistrationEntity, { auctionId });
      const registration = manager.create(RegistrationEntity, {
        id: randomUUID(),
        auctionId,
        organisationId,
        registeredBy: actor.userId,
        alias: `竞买人 ${String(count + 1).padStart(2, '0')}`,
        depositFen: locked.depositFen,
        depositStatus: 'held',
      });
      await manager.save(registration);
      const deposit = BigInt(locked.depositFen);
      if (deposit > 0n) {
        await this.ledger.post(manager, {
          causeType: 'deposit_hold',
          causeId: registration.id,
          createdBy: actor.userId,
          movements: [
            { kind: 'wallet', organisationId, auctionId: null, amountFen: -deposit },
            { kind: 'deposit_hold', organisationId, auctionId, amountFen: deposit },
          ],
        });
      }
      await this.audit.append(manager, {
        actor,
        action: 'auction.bidder_registered',
        entityType: 'auction',
        entityId: auctionId,
        after: { registrationId: registration.id, alias: registration.alias, deposit: formatFen(deposit) },
      });
      return registrationViewOf(registration);
    });
  }

  async myRegistration(actor: Actor, auctionId: string): Promise<RegistrationView> {
    const registration = await this.dataSource.getRepository(RegistrationEntity).findOneBy({ auctionId, organisationId: requireOrganisation(actor) });
    if (!registration) throw new DomainError('REGISTRATION.NOT_FOUND', 'not_found', 'Your organisation is not registered for this auction');
    return registrationViewOf(registration);
  }

  wallet(actor: Actor): Promise<WalletView> {
    return this.ledger.wallet(requireOrganisation(actor));
  }

  /** An operator confirms a payment received from an organisation: its wallet is credited once per reference. */
  async topUp(operator: Actor, input: TopUpDto): Promise<WalletView> {
    if (parseYuanToFen(input.amount) <= 0n) {
      throw new DomainError('REQUEST.INVALID', 'validation', 'Invalid input: amount', {
        fields: [{ field: 'amount', messages: ['amount must be more than 0.00'] }],
      });
    }
    await this.peers.assertOrganisationExists(input.organisationId);
    await this.dataSource.transaction(async (manager) => {
      const posted = await this.payments.confirmIncoming(manager, {
        organisationId: input.organisationId,
        amountFen: parseYuanToFen(input.amount),
        reference: input.reference,
        confirmedBy: operator.userId,
      });
      if (!posted) {
        throw new DomainError('PAYMENT.ALREADY_CONFIRMED', 'conflict', `The payment ${input.reference} was already confirmed`, {
          fields: [{ field: 'reference', messages: ['this reference was already confirmed'] }],
        });
      }
      await this.audit.append(manager, {
        actor: operator,
        action: 'wallet.topped_up',
        entityType: 'wallet',
        entityId: input.organisationId,
        organisationId: input.organisationId,
        after: { amount: input.amount, reference: input.reference },
      });
    });
    return this.ledger.wallet(input.organisationId);
  }

  private async aliasOf(manager: EntityManager, registrationId: string | null): Promise<string | null> {
    if (!registrationId) return null;
    return (await manager.findOneBy(RegistrationEntity, { id: registrationId }))?.alias ?? null;
  }
}

export function registrationViewOf(registration: RegistrationEntity): RegistrationView {
  return {
    id: registration.id,
    auctionId: registration.auctionId,
    alias: registration.alias,
    deposit: formatFen(registration.depositFen),
    depositStatus: registration.depositStatus,
    createdAt: registration.createdAt.toISOString(),
  };
}
