import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor } from '@lib/auth';
import { AppConfig } from '@lib/config';
import { AssignPanelCommand, EvaluationView, ReplaceExpertCommand } from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertDeadline, assertReplaceable, reminderAtOf } from '../domain/deadlines';
import { assertListingEvaluable, nextEvaluationStatus } from '../domain/evaluation-status';
import { assertPanelAcceptable, ExpertCandidate } from '../domain/panel';
import { DeadlineScheduler } from './deadline-scheduler';
import { AssignmentEntity, EvaluationEntity } from './evaluation.entity';
import { EvaluationNotices } from './evaluation-notices';
import { evaluationNotFound, evaluationSnapshot, EvaluationsService, listingSnapshotOf, lockEvaluation } from './evaluations.service';
import { PeerServices } from './peer-services';

const aliasOf = (n: number) => `专家 ${String(n).padStart(2, '0')}`;

/** Operators assign a panel of experts, and replace an expert whose deadline passed. */
@Injectable()
export class PanelService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerServices,
    private readonly audit: AuditLog,
    private readonly scheduler: DeadlineScheduler,
    private readonly notices: EvaluationNotices,
    private readonly evaluations: EvaluationsService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Checks everything outside the transaction that needs other services (the listing as it is now,
   * the experts in identity, the organisations with a stake in the listing), then, under the
   * evaluation's row lock, makes sure nothing moved and writes the panel.
   */
  async assign(operator: Actor, command: AssignPanelCommand): Promise<EvaluationView> {
    const found = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ id: command.evaluationId });
    if (!found) throw evaluationNotFound(command.evaluationId);
    nextEvaluationStatus(found.status, 'assign');
    const now = new Date();
    const deadline = new Date(command.deadline);
    assertDeadline(deadline, now);
    const listing = await this.peers.listing(operator, found.listingId);
    if (listing.visibility !== 'full') throw CommonErrors.notFound('listing', found.listingId);
    assertListingEvaluable(listing.status);
    const experts = await this.peers.experts(operator, command.expertIds, listing.field);
    const sources = await this.peers.conflictSources(listing.id, listing.organisationId);
    const panel = assertPanelAcceptable({
      field: listing.field,
      requested: command.expertIds.map((id) => ({ id, expert: experts.get(id) ?? null })),
      alreadyOnPanel: [],
      sources,
      inputField: 'expertIds',
      wholePanel: true,
    });
    const leadMs = this.config.evaluation.reminderLeadHours * 3_600_000;
    const { evaluation, assignments } = await this.dataSource.transaction(async (manager) => {
      const evaluation = await lockEvaluation(manager, command.evaluationId);
      if (evaluation.round !== found.round) throw moved();
      const before = evaluationSnapshot(evaluation);
      evaluation.status = nextEvaluationStatus(evaluation.status, 'assign');
      evaluation.statusReason = null;
      evaluation.listing = listingSnapshotOf(listing);
      evaluation.listingOrganisationId = listing.organisationId;
      evaluation.field = listing.field;
      evaluation.trl = listing.trl;
      await manager.save(evaluation);
      let numbered = await manager.countBy(AssignmentEntity, { evaluationId: evaluation.id });
      const assignedAt = new Date();
      const assignments = panel.map((expert) => newAssignment(manager, evaluation, expert, aliasOf(++numbered), operator, assignedAt, deadline, leadMs));
      await manager.save(assignments);
      await this.audit.append(manager, {
        actor: operator,
        action: 'evaluation.panel_assigned',
        entityType: 'evaluation',
        entityId: evaluation.id,
        organisationId: evaluation.listingOrganisationId,
        before,
        after: {
          ...evaluationSnapshot(evaluation),
          deadline: deadline.toISOString(),
          panel: assignments.map((a) => ({ assignmentId: a.id, expertId: a.expertId, alias: a.alias })),
        },
      });
      await this.notices.assigned(manager, evaluation, assignments);
      return { evaluation, assignments };
    });
    await this.scheduler.schedule(assignments);
    return this.evaluations.get(operator, evaluation.id);
  }

  /** An expert who let the deadline pass without a review is replaced by another of the field, without conflicts. */
  async replace(operator: Actor, command: ReplaceExpertCommand): Promise<EvaluationView> {
    const repository = this.dataSource.getRepository(AssignmentEntity);
    const evaluation = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ id: command.evaluationId });
    const old = await repository.findOneBy({ id: command.assignmentId, evaluationId: command.evaluationId });
    if (!evaluation) throw evaluationNotFound(command.evaluationId);
    if (!old) throw CommonErrors.notFound('assignment', command.assignmentId);
    const now = new Date();
    assertInReview(evaluation, old);
    assertReplaceable(old, now);
    const deadline = new Date(command.deadline);
    assertDeadline(deadline, now);
    const experts = await this.peers.experts(operator, [command.expertId], evaluation.field);
    const sources = await this.peers.conflictSources(evaluation.listingId, evaluation.listingOrganisationId);
    const onPanel = await repository.findBy({ evaluationId: evaluation.id, round: evaluation.round });
    const [expert] = assertPanelAcceptable({
      field: evaluation.field,
      requested: [{ id: command.expertId, expert: experts.get(command.expertId) ?? null }],
      alreadyOnPanel: onPanel.map((a) => a.expertId),
      sources,
      inputField: 'expertId',
      wholePanel: false,
    });
    const leadMs = this.config.evaluation.reminderLeadHours * 3_600_000;
    const reason = command.reason ?? null;
    const result = await this.dataSource.transaction(async (manager) => {
      const locked = await lockEvaluation(manager, evaluation.id);
      const current = await manager.findOne(AssignmentEntity, { where: { id: old.id }, lock: { mode: 'pessimistic_write' } });
      assertInReview(locked, current!);
      assertReplaceable(current!, new Date());
      const numbered = await manager.countBy(AssignmentEntity, { evaluationId: locked.id });
      const replacement = newAssignment(manager, locked, expert, aliasOf(numbered + 1), operator, new Date(), deadline, leadMs);
      await manager.save(replacement);
      await manager.update(AssignmentEntity, { id: current!.id }, { status: 'replaced', replacedAt: new Date(), replacementId: replacement.id, replaceReason: reason });
      await this.audit.append(manager, {
        actor: operator,
        action: 'evaluation.expert_replaced',
        entityType: 'evaluation',
        entityId: locked.id,
        organisationId: locked.listingOrganisationId,
        before: { assignmentId: current!.id, expertId: current!.expertId, alias: current!.alias, status: current!.status, deadline: current!.deadline.toISOString() },
        after: { assignmentId: replacement.id, expertId: replacement.expertId, alias: replacement.alias, deadline: deadline.toISOString() },
        reason,
      });
      await this.notices.assigned(manager, locked, [replacement]);
      await this.notices.replaced(manager, locked, current!);
      return { evaluation: locked, replacement, old: current! };
    });
    await this.scheduler.schedule([result.replacement]);
    return this.evaluations.get(operator, evaluation.id);
  }
}

function newAssignment(
  manager: EntityManager,
  evaluation: EvaluationEntity,
  expert: ExpertCandidate,
  alias: string,
  operator: Actor,
  assignedAt: Date,
  deadline: Date,
  leadMs: number,
): AssignmentEntity {
  return manager.create(AssignmentEntity, {
    id: randomUUID(),
    evaluationId: evaluation.id,
    round: evaluation.round,
    expertId: expert.id,
    expertName: expert.name,
    expertOrganisationId: expert.organisationId,
    alias,
    status: 'assigned',
    deadline,
    reminderAt: reminderAtOf(assignedAt, deadline, leadMs),
    remindedAt: null,
    missedAt: null,
    assignedBy: operator.userId,
    assignedAt,
    submittedAt: null,
    replacedAt: null,
    replacementId: null,
    replaceReason: null,
  });
}

function assertInReview(evaluation: EvaluationEntity, assignment: AssignmentEntity): void {
  if (evaluation.status !== 'in_review' || assignment.round !== evaluation.round) {
    throw new DomainError('EVALUATION.NOT_IN_REVIEW', 'conflict', `The evaluation is ${evaluation.status}: its panel cannot change`, {
      details: { status: evaluation.status },
    });
  }
}

const moved = () => new DomainError('EVALUATION.CHANGED', 'conflict', 'The evaluation changed while the panel was being checked; try again');
