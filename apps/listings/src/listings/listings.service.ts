import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, assertOrganisationObjectOwned, canSeeOrganisationObject, Role, systemActor, SystemActor } from '@lib/auth';
import {
  CreateListingDto,
  EvaluationSummaryView,
  ListingReadView,
  ListingTransitionCommand,
  ListingView,
  ListListingsQuery,
  Page,
  parseYuanToFen,
  UpdateListingCommand,
} from '@lib/contracts';
import { findOneForUpdate } from '@lib/database';
import { CommonErrors, DomainError } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueTrigger } from '../catalogue/catalogue-trigger';
import { assertEditable, nextListingStatus, performerOf } from '../domain/listing-status';
import { publicListingOf } from '../domain/public-projection';
import { assertSubmittable } from '../domain/submission';
import { CatalogueOutboxEntity, ListingEntity } from './listing.entity';
import { fullListingOf, listingSnapshot } from './listing-views';
import { OrganisationStandingClient } from './organisation-standing';

const notFound = (id: string) => CommonErrors.notFound('listing', id);

@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly standing: OrganisationStandingClient,
    private readonly catalogue: CatalogueTrigger,
  ) {}

  async create(actor: Actor, input: CreateListingDto): Promise<ListingView> {
    const organisationId = actor.organisationId!;
    assertDirectionAllowed(actor, input.direction);
    await this.standing.assertMay(organisationId, 'draft');
    return this.dataSource.transaction(async (manager) => {
      const listing = manager.create(ListingEntity, {
        id: randomUUID(),
        organisationId,
        createdBy: actor.userId,
        status: 'draft',
        statusReason: null,
        title: input.title,
        summary: input.summary,
        description: input.description,
        direction: input.direction,
        field: input.field,
        ipcCodes: input.ipcCodes,
        trl: input.trl,
        patents: input.patents.map((p) => ({ number: p.number, kind: p.kind, nationalDefence: p.nationalDefence, title: p.title ?? null })),
        transactionModes: input.transactionModes,
        askingPriceFen: input.askingPrice === null ? null : parseYuanToFen(input.askingPrice).toString(),
        secrecyLevel: input.secrecyLevel,
        declassification: input.declassification ?? null,
        dossierAccess: input.dossierAccess ?? 'by_grant',
        dossierContent: null,
        dossierUpdatedAt: null,
        evaluation: null,
        publishedAt: null,
        submittedAt: null,
      });
      await manager.save(listing);
      await this.audit.append(manager, {
        actor,
        action: 'listing.created',
        entityType: 'listing',
        entityId: listing.id,
        after: listingSnapshot(listing),
      });
      return fullListingOf(listing);
    });
  }

  async update(actor: Actor, command: UpdateListingCommand): Promise<ListingView> {
    const { listingId, ...changes } = command;
    if (changes.direction) assertDirectionAllowed(actor, changes.direction);
    return this.dataSource.transaction(async (manager) => {
      const listing = await this.lockOwned(manager, actor, listingId);
      assertEditable(listing.status);
      const before = listingSnapshot(listing);
      const revised = listing.status === 'rejected';
      Object.assign(listing, {
        ...pick(changes, ['title', 'summary', 'description', 'direction', 'field', 'ipcCodes', 'trl', 'transactionModes', 'secrecyLevel', 'dossierAccess']),
        ...(changes.patents ? { patents: changes.patents.map((p) => ({ number: p.number, kind: p.kind, nationalDefence: p.nationalDefence, title: p.title ?? null })) } : {}),
        ...(changes.askingPrice !== undefined ? { askingPriceFen: changes.askingPrice === null ? null : parseYuanToFen(changes.askingPrice).toString() } : {}),
        ...(changes.declassification !== undefined ? { declassification: changes.declassification } : {}),
      });
      if (revised) {
        listing.status = nextListingStatus('rejected', 'revise', undefined);
        listing.statusReason = null;
      }
      await manager.save(listing);
      await this.audit.append(manager, {
        actor,
        action: revised ? 'listing.revised' : 'listing.updated',
        entityType: 'listing',
        entityId: listing.id,
        organisationId: listing.organisationId,
        before,
        after: listingSnapshot(listing),
      });
      return fullListingOf(listing);
    });
  }

  /** Every status change: checked against the machine, the performer, the gate; audited; outboxed. */
  async transition(actor: Actor, command: ListingTransitionCommand): Promise<ListingView> {
    const performer = performerOf(command.action);
    if (performer === 'operator' && actor.role !== Role.operator) throw CommonErrors.notFound('listing', command.listingId);
    const result = await this.dataSource.transaction(async (manager) => {
      const listing =
        performer === 'owner' ? await this.lockOwned(manager, actor, command.listingId) : await this.lock(manager, command.listingId);
      const next = nextListingStatus(listing.status, command.action, command.reason);
      if (command.action === 'submit') assertSubmittable(listing, new Date());
      if (command.action === 'submit' || command.action === 'approve' || command.action === 'reinstate') {
        await this.standing.assertMay(listing.organisationId, 'publish');
      }
      const before = listingSnapshot(listing);
      const wasPublic = publicListingOf(listing) !== null;
      listing.status = next;
      listing.statusReason = command.reason ?? null;
      if (next === 'published' && !listing.publishedAt) listing.publishedAt = new Date();
      if (command.action === 'submit') listing.submittedAt = new Date();
      await manager.save(listing);
      const isPublic = publicListingOf(listing) !== null;
      if (wasPublic || isPublic) await manager.insert(CatalogueOutboxEntity, { listingId: listing.id });
      await this.audit.append(manager, {
        actor,
        action: `listing.${PAST[command.action]}`,
        entityType: 'listing',
        entityId: listing.id,
        organisationId: listing.organisationId,
        before,
        after: listingSnapshot(listing),
        reason: command.reason ?? null,
      });
      return { view: fullListingOf(listing), catalogueChanged: wasPublic || isPublic };
    });
    if (result.catalogueChanged) this.catalogue.changed();
    return result.view;
  }

  /**
   * An auction settled with a trade: the listing is sold and leaves the catalogue. Idempotent,
   * because the worker retries until it hears back. A non-exclusive licence can be sold many
   * times, so such a sale leaves the listing published (the trade itself is the record).
   */
  async markSold(listingId: string, cause: { auctionId?: string; tradeId?: string; transactionMode?: string | null }): Promise<{ status: string }> {
    const result = await this.dataSource.transaction(async (manager) => {
      // Without TypeORM building the query: a settlement burst sells hundreds of listings a second.
      const listing = await findOneForUpdate(manager, ListingEntity, listingId);
      if (!listing) throw notFound(listingId);
      if (listing.status === 'sold') return { status: listing.status, changed: false };
      if (cause.transactionMode === 'non_exclusive_licence' && listing.status === 'published') return { status: listing.status, changed: false };
      if (listing.status !== 'published' && listing.status !== 'suspended') {
        throw new DomainError('LISTING.INVALID_TRANSITION', 'conflict', `A listing that is ${listing.status} cannot be sold`);
      }
      const before = listingSnapshot(listing);
      listing.status = 'sold';
      listing.statusReason = null;
      // One statement for what changed and the outbox row (save() would read the row again first;
      // a settlement burst sells hundreds of listings a second).
      await manager.query(
        `WITH sold AS (UPDATE listings.listings SET status = 'sold', status_reason = NULL, version = version + 1, updated_at = now() WHERE id = $1)
         INSERT INTO listings.catalogue_outbox (listing_id) VALUES ($1)`,
        [listingId],
      );
      await this.audit.append(manager, {
        actor: systemActor(cause.auctionId ? 'auction-settlement' : 'negotiated-trade'),
        action: 'listing.sold',
        entityType: 'listing',
        entityId: listingId,
        organisationId: listing.organisationId,
        before,
        after: listingSnapshot(listing),
        reason: cause.auctionId ? `auction ${cause.auctionId}` : `trade ${cause.tradeId}`,
      });
      return { status: listing.status, changed: true };
    });
    if (result.changed) this.catalogue.changed();
    return { status: result.status };
  }

  /**
   * The evaluation service published a result: it becomes the listing's evaluation (public once the
   * listing is published) and reaches the catalogue through the outbox like any listing change.
   * Idempotent, and an older result never replaces a newer one (retries may arrive late).
   */
  async recordEvaluation(listingId: string, evaluationId: string, summary: EvaluationSummaryView): Promise<{ recorded: boolean }> {
    const result = await this.dataSource.transaction(async (manager) => {
      const listing = await this.lock(manager, listingId);
      const current = listing.evaluation;
      if (current && new Date(current.evaluatedAt).getTime() >= new Date(summary.evaluatedAt).getTime()) return { recorded: false, catalogueChanged: false };
      const isPublic = publicListingOf(listing) !== null;
      listing.evaluation = {
        grade: summary.grade,
        score: summary.score,
        valuationLow: summary.valuationLow,
        valuationHigh: summary.valuationHigh,
        evaluatedAt: summary.evaluatedAt,
        experts: summary.experts,
      };
      await manager.save(listing);
      if (isPublic) await manager.insert(CatalogueOutboxEntity, { listingId });
      await this.audit.append(manager, {
        actor: systemActor('evaluation'),
        action: 'listing.evaluation_recorded',
        entityType: 'listing',
        entityId: listingId,
        organisationId: listing.organisationId,
        before: { evaluation: current },
        after: { evaluation: listing.evaluation },
        reason: `evaluation ${evaluationId}`,
      });
      return { recorded: true, catalogueChanged: isPublic };
    });
    if (result.catalogueChanged) this.catalogue.changed();
    return { recorded: result.recorded };
  }

  /** The owner organisation and operators see everything; anyone else the public part of a published listing, or 404. */
  /** Other services ask as a system actor and get the full listing (never forwarded to a user). */
  async get(actor: Actor | SystemActor | null, listingId: string): Promise<ListingReadView> {
    const listing = await this.dataSource.getRepository(ListingEntity).findOneBy({ id: listingId });
    if (!listing) throw notFound(listingId);
    if (actor && (actor.role === 'system' || canSeeOrganisationObject(actor, listing.organisationId))) {
      return { visibility: 'full', ...fullListingOf(listing) };
    }
    const visible = publicListingOf(listing);
    if (!visible) throw notFound(listingId);
    return { visibility: 'public', ...visible };
  }

  async listMine(actor: Actor, query: ListListingsQuery): Promise<Page<ListingView>> {
    const [items, total] = await this.dataSource.getRepository(ListingEntity).findAndCount({
      where: { organisationId: actor.organisationId!, ...(query.status ? { status: query.status } : {}) },
      order: { updatedAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: items.map(fullListingOf), page: query.page, pageSize: query.pageSize, total };
  }

  /** Operators' review queue: submitted listings, oldest first. */
  async reviewQueue(query: ListListingsQuery): Promise<Page<ListingView>> {
    const [items, total] = await this.dataSource.getRepository(ListingEntity).findAndCount({
      where: { status: query.status ?? 'pending_review' },
      order: { submittedAt: { direction: 'ASC', nulls: 'LAST' }, id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: items.map(fullListingOf), page: query.page, pageSize: query.pageSize, total };
  }

  private async lock(manager: EntityManager, listingId: string): Promise<ListingEntity> {
    const listing = await manager.findOne(ListingEntity, { where: { id: listingId }, lock: { mode: 'pessimistic_write' } });
    if (!listing) throw notFound(listingId);
    return listing;
  }

  private async lockOwned(manager: EntityManager, actor: Actor, listingId: string): Promise<ListingEntity> {
    const listing = await this.lock(manager, listingId);
    assertOrganisationObjectOwned(actor, listing.organisationId, 'listing', listingId);
    return listing;
  }
}

const PAST = {
  submit: 'submitted',
  approve: 'approved',
  reject: 'rejected',
  revise: 'revised',
  suspend: 'suspended',
  reinstate: 'reinstated',
  withdraw: 'withdrawn',
} as const;

/** Enterprises list civilian technology for defence use (民参军); institutes may list either way. */
function assertDirectionAllowed(actor: Actor, direction: string): void {
  if (actor.role === Role.enterprise && direction !== 'civ_to_mil') {
    throw new DomainError('LISTING.DIRECTION_NOT_ALLOWED', 'rule_violation', 'Enterprises list civilian technology for defence use (civ_to_mil)', {
      fields: [{ field: 'direction', messages: ['an enterprise may only list civ_to_mil technology'] }],
    });
  }
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const result: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) result[key] = source[key];
  return result;
}
