import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, assertOrganisationObjectOwned, MEMBER_ROLES, Role } from '@lib/auth';
import {
  AssignmentListingView,
  EvaluationDecisionCommand,
  EvaluationView,
  ListEvaluationsQuery,
  ListingView,
  Page,
  RequestEvaluationDto,
} from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { assertListingEvaluable, assertOwnerMayCancel, nextEvaluationStatus, OPEN_EVALUATION_STATUSES } from '../domain/evaluation-status';
import { AssignmentEntity, EvaluationEntity, ReviewEntity } from './evaluation.entity';
import { Audience, evaluationViewOf } from './evaluation-views';
import { EvaluationNotices } from './evaluation-notices';
import { PeerServices } from './peer-services';
import { Publication } from './publication';

export const evaluationNotFound = (id: string) => CommonErrors.notFound('evaluation', id);

const alreadyOpen = () =>
  new DomainError('EVALUATION.ALREADY_OPEN', 'conflict', 'This listing already has an evaluation under way', {
    fields: [{ field: 'listingId', messages: ['the listing already has an open evaluation'] }],
  });

/** The listing as the panel will see it: the public part plus the description and patents, never the dossier content. */
export function listingSnapshotOf(listing: ListingView): AssignmentListingView {
  return {
    id: listing.id,
    title: listing.title,
    summary: listing.summary,
    description: listing.description,
    direction: listing.direction,
    field: listing.field,
    trl: listing.trl,
    ipcCodes: listing.ipcCodes,
    patents: listing.patents,
    transactionModes: listing.transactionModes,
    askingPrice: listing.askingPrice,
  };
}

/** What the audit log keeps of an evaluation: its state, never a review's text. */
export const evaluationSnapshot = (e: EvaluationEntity) => ({ status: e.status, round: e.round, statusReason: e.statusReason });

/** Operators see everything; members of the listing's organisation see it as its owner; anyone else gets 404. */
export function audienceOf(actor: Actor, evaluation: EvaluationEntity): Audience {
  if (actor.role === Role.operator) return 'operator';
  if (MEMBER_ROLES.includes(actor.role) && actor.organisationId === evaluation.listingOrganisationId) return 'owner';
  throw evaluationNotFound(evaluation.id);
}

@Injectable()
export class EvaluationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerServices,
    private readonly audit: AuditLog,
    private readonly publication: Publication,
    private readonly notices: EvaluationNotices,
  ) {}

  /** The listing's owner (or an operator) asks for an evaluation: one open evaluation per listing. */
  async request(actor: Actor, input: RequestEvaluationDto): Promise<EvaluationView> {
    const listing = await this.peers.listing(actor, input.listingId);
    if (listing.visibility !== 'full') throw CommonErrors.notFound('listing', input.listingId);
    const byOperator = actor.role === Role.operator;
    if (!byOperator) {
      assertOrganisationObjectOwned(actor, listing.organisationId, 'listing', input.listingId);
      await this.peers.assertMay(listing.organisationId, 'draft');
    }
    assertListingEvaluable(listing.status);
    const open = await this.dataSource.getRepository(EvaluationEntity).existsBy({ listingId: listing.id, status: In(OPEN_EVALUATION_STATUSES) });
    if (open) throw alreadyOpen();
    try {
      return await this.dataSource.transaction(async (manager) => {
        const evaluation = manager.create(EvaluationEntity, {
          id: randomUUID(),
          listingId: listing.id,
          listingOrganisationId: listing.organisationId,
          listing: listingSnapshotOf(listing),
          field: listing.field,
          trl: listing.trl,
          status: 'requested',
          statusReason: null,
          round: 1,
          note: input.note ?? null,
          requestedBy: actor.userId,
          requestedByRole: byOperator ? 'operator' : 'owner',
          result: null,
          flaggedAt: null,
          publishedAt: null,
          listingRecordedAt: null,
        });
        await manager.save(evaluation);
        await this.audit.append(manager, {
          actor,
          action: 'evaluation.requested',
          entityType: 'evaluation',
          entityId: evaluation.id,
          organisationId: evaluation.listingOrganisationId,
          after: { listingId: evaluation.listingId, ...evaluationSnapshot(evaluation), requestedBy: evaluation.requestedByRole },
        });
        return evaluationViewOf(evaluation, [], [], byOperator ? 'operator' : 'owner');
      });
    } catch (error) {
      // Two requests at once: the partial unique index lets one through.
      if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'evaluations_one_open_per_listing') throw alreadyOpen();
      throw error;
    }
  }

  async get(actor: Actor, evaluationId: string): Promise<EvaluationView> {
    const evaluation = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ id: evaluationId });
    if (!evaluation) throw evaluationNotFound(evaluationId);
    const audience = audienceOf(actor, evaluation);
    const [view] = await this.viewsOf(this.dataSource.manager, [evaluation], audience);
    return view;
  }

  /** Operators: every evaluation (by status, listing); members: their organisation's. */
  async list(actor: Actor, query: ListEvaluationsQuery): Promise<Page<EvaluationView>> {
    const operator = actor.role === Role.operator;
    if (!operator && !actor.organisationId) return { items: [], page: query.page, pageSize: query.pageSize, total: 0 };
    const where = {
      ...(operator ? {} : { listingOrganisationId: actor.organisationId! }),
      ...(query.status ? { status: query.status } : {}),
      ...(query.listingId ? { listingId: query.listingId } : {}),
    };
    const [items, total] = await this.dataSource.getRepository(EvaluationEntity).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: await this.viewsOf(this.dataSource.manager, items, operator ? 'operator' : 'owner'), page: query.page, pageSize: query.pageSize, total };
  }

  /** Operators confirm or send back a flagged result; the owner (before a panel) or an operator cancels. */
  async decide(actor: Actor, command: EvaluationDecisionCommand): Promise<EvaluationView> {
    const operator = actor.role === Role.operator;
    const reason = command.reason?.trim() || null;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const evaluation = await lockEvaluation(manager, command.evaluationId);
      if (!operator) {
        if (command.action !== 'cancel') throw evaluationNotFound(evaluation.id);
        assertOrganisationObjectOwned(actor, evaluation.listingOrganisationId, 'evaluation', evaluation.id);
      }
      const next = nextEvaluationStatus(evaluation.status, command.action, reason);
      if (!operator) assertOwnerMayCancel(evaluation.status);
      const before = evaluationSnapshot(evaluation);
      const now = new Date();
      let withdrawn: AssignmentEntity[] = [];
      evaluation.status = next;
      if (command.action === 'confirm') {
        evaluation.publishedAt = now;
        evaluation.statusReason = reason;
      } else if (command.action === 'send_back') {
        evaluation.round += 1;
        evaluation.result = null;
        evaluation.flaggedAt = null;
        evaluation.statusReason = reason;
      } else {
        evaluation.statusReason = reason;
        withdrawn = await manager.find(AssignmentEntity, { where: { evaluationId: evaluation.id, round: evaluation.round, status: 'assigned' } });
        for (const assignment of withdrawn) await manager.update(AssignmentEntity, { id: assignment.id }, { status: 'withdrawn' });
      }
      await manager.save(evaluation);
      await this.audit.append(manager, {
        actor,
        action: `evaluation.${{ confirm: 'confirmed', send_back: 'sent_back', cancel: 'cancelled' }[command.action]}`,
        entityType: 'evaluation',
        entityId: evaluation.id,
        organisationId: evaluation.listingOrganisationId,
        before,
        after: { ...evaluationSnapshot(evaluation), ...(command.action === 'confirm' ? { publishedAt: now.toISOString() } : {}) },
        reason,
      });
      if (command.action === 'confirm') await this.notices.published(manager, evaluation);
      if (command.action === 'cancel') await this.notices.withdrawn(manager, evaluation, withdrawn);
      return { evaluation, withdrawn };
    });
    if (command.action === 'confirm') await this.publication.record(outcome.evaluation.id);
    return this.get(actor, outcome.evaluation.id);
  }

  async viewsOf(manager: EntityManager, evaluations: EvaluationEntity[], audience: Audience): Promise<EvaluationView[]> {
    if (evaluations.length === 0) return [];
    const ids = evaluations.map((e) => e.id);
    const [assignments, reviews] = await Promise.all([
      manager.find(AssignmentEntity, { where: { evaluationId: In(ids) } }),
      manager.find(ReviewEntity, { where: { evaluationId: In(ids) } }),
    ]);
    return evaluations.map((e) =>
      evaluationViewOf(
        e,
        assignments.filter((a) => a.evaluationId === e.id),
        reviews.filter((r) => r.evaluationId === e.id),
        audience,
      ),
    );
  }
}

export async function lockEvaluation(manager: EntityManager, evaluationId: string): Promise<EvaluationEntity> {
  const evaluation = await manager.findOne(EvaluationEntity, { where: { id: evaluationId }, lock: { mode: 'pessimistic_write' } });
  if (!evaluation) throw evaluationNotFound(evaluationId);
  return evaluation;
}
