import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, systemActor } from '@lib/auth';
import { AppConfig } from '@lib/config';
import {
  AssignmentComparablesQuery,
  AssignmentSummaryView,
  AssignmentView,
  ComparablesView,
  IncomeCalculationView,
  IncomeInputsDto,
  ListAssignmentsQuery,
  Page,
  parsePercentToBasisPoints,
  parseYuanToFen,
  SubmitReviewCommand,
} from '@lib/contracts';
import { CommonErrors } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { consensusOf, MINIMUM_PANEL } from '../domain/consensus';
import { nextEvaluationStatus } from '../domain/evaluation-status';
import { discountedRoyalty } from '../domain/income';
import { assertMaySubmit, assertValuation, trlBandOf } from '../domain/review';
import { weightedScoreCenti } from '../domain/rubric';
import { AssignmentEntity, EvaluationEntity, ReviewEntity, StoredIncome } from './evaluation.entity';
import { assignmentViewOf, criterionColumns, incomeViewOf, storedConsensusOf, storedIncomeOf } from './evaluation-views';
import { EvaluationNotices } from './evaluation-notices';
import { evaluationSnapshot, lockEvaluation } from './evaluations.service';
import { PeerServices } from './peer-services';
import { Publication } from './publication';

const assignmentNotFound = (id: string) => CommonErrors.notFound('assignment', id);

/** Experts: their own assignments only (anyone else's is a 404), one final review each, and the valuation aids. */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerServices,
    private readonly audit: AuditLog,
    private readonly publication: Publication,
    private readonly notices: EvaluationNotices,
    private readonly config: AppConfig,
  ) {}

  async mine(expert: Actor, query: ListAssignmentsQuery): Promise<Page<AssignmentSummaryView>> {
    const [items, total] = await this.dataSource.getRepository(AssignmentEntity).findAndCount({
      where: { expertId: expert.userId, ...(query.status ? { status: query.status } : {}) },
      order: { assignedAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const evaluations = items.length
      ? await this.dataSource.getRepository(EvaluationEntity).findBy({ id: In([...new Set(items.map((a) => a.evaluationId))]) })
      : [];
    const byId = new Map(evaluations.map((e) => [e.id, e]));
    return {
      items: items.map((a) => {
        const e = byId.get(a.evaluationId)!;
        return {
          id: a.id,
          evaluationId: a.evaluationId,
          alias: a.alias,
          round: a.round,
          status: a.status,
          deadline: a.deadline.toISOString(),
          missed: a.missedAt !== null,
          assignedAt: a.assignedAt.toISOString(),
          submittedAt: a.submittedAt?.toISOString() ?? null,
          listing: { id: e.listingId, title: e.listing.title, field: e.field, trl: e.trl },
        };
      }),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  /**
   * One assignment with what the panel evaluates (description and patents included). Like a view
   * of a listing's dossier, every view is in the audit log.
   */
  async get(expert: Actor, assignmentId: string): Promise<AssignmentView> {
    return this.dataSource.transaction(async (manager) => {
      const assignment = await manager.findOneBy(AssignmentEntity, { id: assignmentId, expertId: expert.userId });
      if (!assignment) throw assignmentNotFound(assignmentId);
      const evaluation = await manager.findOneByOrFail(EvaluationEntity, { id: assignment.evaluationId });
      const review = await manager.findOneBy(ReviewEntity, { assignmentId });
      await this.audit.append(manager, {
        actor: expert,
        action: 'evaluation.assignment_viewed',
        entityType: 'evaluation',
        entityId: evaluation.id,
        organisationId: evaluation.listingOrganisationId,
        after: { assignmentId, listingId: evaluation.listingId },
      });
      return assignmentViewOf(assignment, evaluation, review);
    });
  }

  /**
   * Submits the expert's review: final once made. Under the evaluation's row lock, so that of two
   * last reviews arriving together exactly one completes the panel and computes the consensus:
   * published at once, or flagged for an operator when the panel disagrees beyond the threshold.
   */
  async submit(expert: Actor, command: SubmitReviewCommand): Promise<AssignmentView> {
    const owned = await this.dataSource.getRepository(AssignmentEntity).findOneBy({ id: command.assignmentId, expertId: expert.userId });
    if (!owned) throw assignmentNotFound(command.assignmentId);
    const { valuation, scores } = command;
    const lowFen = parseYuanToFen(valuation.low);
    const highFen = parseYuanToFen(valuation.high);
    assertValuation({
      lowFen,
      highFen,
      method: valuation.method,
      hasIncomeInputs: !!valuation.income,
      comparableTradeIds: valuation.comparableTradeIds ?? [],
    });
    const income = valuation.income ? this.income(valuation.income, 'valuation.income.') : null;
    const columns = criterionColumns(scores);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const evaluation = await lockEvaluation(manager, owned.evaluationId);
      const assignment = await manager.findOneOrFail(AssignmentEntity, { where: { id: owned.id }, lock: { mode: 'pessimistic_write' } });
      assertMaySubmit(assignment, evaluation);
      const now = new Date();
      const review = manager.create(ReviewEntity, {
        id: randomUUID(),
        assignmentId: assignment.id,
        evaluationId: evaluation.id,
        round: assignment.round,
        expertId: expert.userId,
        ...columns,
        comments: Object.fromEntries(Object.entries(scores).map(([criterion, s]) => [criterion, s.comment])) as ReviewEntity['comments'],
        weightedScoreCenti: weightedScoreCenti(columns),
        valuationLowFen: lowFen.toString(),
        valuationHighFen: highFen.toString(),
        method: valuation.method,
        basis: valuation.basis,
        comparableTradeIds: valuation.comparableTradeIds ?? [],
        income,
        submittedAt: now,
      });
      await manager.insert(ReviewEntity, review);
      assignment.status = 'submitted';
      assignment.submittedAt = now;
      await manager.save(assignment);
      await this.audit.append(manager, {
        actor: expert,
        action: 'evaluation.review_submitted',
        entityType: 'evaluation',
        entityId: evaluation.id,
        organisationId: evaluation.listingOrganisationId,
        after: {
          assignmentId: assignment.id,
          alias: assignment.alias,
          weightedScore: review.weightedScoreCenti / 100,
          valuation: { low: valuation.low, high: valuation.high, method: valuation.method },
        },
      });
      const completed = await this.completeIfDone(manager, evaluation, now);
      if (completed === 'published') await this.notices.published(manager, evaluation);
      if (completed === 'flagged') {
        const panel = await manager.findBy(AssignmentEntity, { evaluationId: evaluation.id, round: evaluation.round });
        await this.notices.flagged(manager, evaluation, panel.map((a) => a.assignedBy));
      }
      return { assignment, evaluation, review, completed };
    });
    if (outcome.completed === 'published') await this.publication.record(outcome.evaluation.id);
    return assignmentViewOf(outcome.assignment, outcome.evaluation, outcome.review);
  }

  /** When every active member of the round's panel (at least three) has submitted: the consensus. */
  private async completeIfDone(manager: EntityManager, evaluation: EvaluationEntity, now: Date): Promise<'published' | 'flagged' | null> {
    const panel = await manager.findBy(AssignmentEntity, { evaluationId: evaluation.id, round: evaluation.round });
    const active = panel.filter((a) => a.status === 'assigned' || a.status === 'submitted');
    if (active.length < MINIMUM_PANEL || active.some((a) => a.status !== 'submitted')) return null;
    const reviews = await manager.findBy(ReviewEntity, { assignmentId: In(active.map((a) => a.id)) });
    const consensus = consensusOf(
      reviews.map((r) => ({
        id: r.assignmentId,
        scores: { technicalAdvancement: r.technicalAdvancement, maturity: r.maturity, ipStrength: r.ipStrength, marketProspect: r.marketProspect, dualUseValue: r.dualUseValue },
        valuationLowFen: BigInt(r.valuationLowFen),
        valuationHighFen: BigInt(r.valuationHighFen),
      })),
      this.config.evaluation.dispersionThreshold,
      now,
    );
    const before = evaluationSnapshot(evaluation);
    evaluation.result = storedConsensusOf(consensus, evaluation.round);
    evaluation.status = nextEvaluationStatus(evaluation.status, consensus.flagged ? 'flag' : 'publish');
    if (consensus.flagged) evaluation.flaggedAt = now;
    else evaluation.publishedAt = now;
    await manager.save(evaluation);
    await this.audit.append(manager, {
      actor: systemActor('evaluation-consensus'),
      action: consensus.flagged ? 'evaluation.flagged' : 'evaluation.published',
      entityType: 'evaluation',
      entityId: evaluation.id,
      organisationId: evaluation.listingOrganisationId,
      before,
      after: { ...evaluationSnapshot(evaluation), result: evaluation.result },
    });
    return consensus.flagged ? 'flagged' : 'published';
  }

  /** Comparable settled trades for the market method: the listing's field, within ± `trlBand` TRL levels. */
  async comparables(expert: Actor, query: AssignmentComparablesQuery): Promise<ComparablesView> {
    const assignment = await this.dataSource.getRepository(AssignmentEntity).findOneBy({ id: query.assignmentId, expertId: expert.userId });
    if (!assignment) throw assignmentNotFound(query.assignmentId);
    const evaluation = await this.dataSource.getRepository(EvaluationEntity).findOneByOrFail({ id: assignment.evaluationId });
    const band = trlBandOf(evaluation.trl, query.trlBand);
    const trades = await this.peers.comparables({ field: evaluation.field, ...band, limit: query.limit });
    return { field: evaluation.field, ...band, trades };
  }

  calculate(inputs: IncomeInputsDto): IncomeCalculationView {
    return incomeViewOf(this.income(inputs, ''));
  }

  private income(inputs: IncomeInputsDto, fieldPrefix: string): StoredIncome {
    const result = discountedRoyalty(
      {
        revenueForecastFen: inputs.revenueForecast.map(parseYuanToFen),
        royaltyBasisPoints: parsePercentToBasisPoints(inputs.royaltyRate),
        discountBasisPoints: parsePercentToBasisPoints(inputs.discountRate),
        years: inputs.years,
      },
      fieldPrefix,
    );
    return storedIncomeOf({ revenueForecast: inputs.revenueForecast, royaltyRate: inputs.royaltyRate, discountRate: inputs.discountRate, years: inputs.years }, result);
  }
}
