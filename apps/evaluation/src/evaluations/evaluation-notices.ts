import { Injectable } from '@nestjs/common';
import { NotificationOutbox } from '@lib/outbox';
import { EntityManager } from 'typeorm';
import { AssignmentEntity, EvaluationEntity } from './evaluation.entity';

/**
 * The notifications evaluation asks for, written to its outbox in the transaction of the change
 * (the worker relays them to the inbox, one notification per key). Owners are never told who the
 * experts are; experts are never told who the others are.
 */
@Injectable()
export class EvaluationNotices {
  constructor(private readonly outbox: NotificationOutbox) {}

  async assigned(manager: EntityManager, evaluation: EvaluationEntity, assignments: AssignmentEntity[]): Promise<void> {
    for (const a of assignments) {
      await this.outbox.add(manager, {
        key: `evaluation.assigned:${a.id}`,
        kind: 'evaluation.assigned',
        recipientOrganisationIds: [],
        recipientUserIds: [a.expertId],
        title: `评估任务：${evaluation.listing.title}`,
        body: `You are on the panel evaluating “${evaluation.listing.title}”. Your review is due by ${a.deadline.toISOString()}.`,
        subject: { type: 'evaluation', id: evaluation.id },
      });
    }
  }

  async reminder(manager: EntityManager, evaluation: EvaluationEntity, a: AssignmentEntity): Promise<void> {
    await this.outbox.add(manager, {
      key: `evaluation.reminder:${a.id}`,
      kind: 'evaluation.reminder',
      recipientOrganisationIds: [],
      recipientUserIds: [a.expertId],
      title: `评估提醒：${evaluation.listing.title}`,
      body: `Your review of “${evaluation.listing.title}” is due by ${a.deadline.toISOString()}.`,
      subject: { type: 'evaluation', id: evaluation.id },
    });
  }

  async missed(manager: EntityManager, evaluation: EvaluationEntity, a: AssignmentEntity): Promise<void> {
    await this.outbox.add(manager, {
      key: `evaluation.deadline_missed:${a.id}`,
      kind: 'evaluation.deadline_missed',
      recipientOrganisationIds: [],
      recipientUserIds: [...new Set([a.expertId, a.assignedBy])],
      title: `评估逾期：${evaluation.listing.title}`,
      body: `The review by ${a.alias} of “${evaluation.listing.title}” was due at ${a.deadline.toISOString()} and has not been submitted; an operator may replace the expert.`,
      subject: { type: 'evaluation', id: evaluation.id },
    });
  }

  async replaced(manager: EntityManager, evaluation: EvaluationEntity, old: AssignmentEntity): Promise<void> {
    await this.outbox.add(manager, {
      key: `evaluation.replaced:${old.id}`,
      kind: 'evaluation.replaced',
      recipientOrganisationIds: [],
      recipientUserIds: [old.expertId],
      title: `评估任务已改派：${evaluation.listing.title}`,
      body: `Your assignment to evaluate “${evaluation.listing.title}” was given to another expert after its deadline passed.`,
      subject: { type: 'evaluation', id: evaluation.id },
    });
  }

  async withdrawn(manager: EntityManager, evaluation: EvaluationEntity, assignments: AssignmentEntity[]): Promise<void> {
    for (const a of assignments) {
      await this.outbox.add(manager, {
        key: `evaluation.withdrawn:${a.id}`,
        kind: 'evaluation.withdrawn',
        recipientOrganisationIds: [],
        recipientUserIds: [a.expertId],
        title: `评估已取消：${evaluation.listing.title}`,
        body: `The evaluation of “${evaluation.listing.title}” was cancelled; no review is needed.`,
        subject: { type: 'evaluation', id: evaluation.id },
      });
    }
  }

  async flagged(manager: EntityManager, evaluation: EvaluationEntity, operatorIds: string[]): Promise<void> {
    await this.outbox.add(manager, {
      key: `evaluation.flagged:${evaluation.id}:${evaluation.round}`,
      kind: 'evaluation.flagged',
      recipientOrganisationIds: [],
      recipientUserIds: [...new Set(operatorIds)],
      title: `评估待确认：${evaluation.listing.title}`,
      body: `The panel’s scores for “${evaluation.listing.title}” disagree beyond the threshold: confirm the result or send it back.`,
      subject: { type: 'evaluation', id: evaluation.id },
    });
  }

  async published(manager: EntityManager, evaluation: EvaluationEntity): Promise<void> {
    const result = evaluation.result!;
    await this.outbox.add(manager, {
      key: `evaluation.published:${evaluation.id}`,
      kind: 'evaluation.published',
      recipientOrganisationIds: [evaluation.listingOrganisationId],
      recipientUserIds: [],
      title: `评估结果已发布：${evaluation.listing.title}`,
      body: `“${evaluation.listing.title}” was graded ${result.grade} (${(result.scoreTenths / 10).toFixed(1)}) by ${result.experts} experts.`,
      subject: { type: 'evaluation', id: evaluation.id },
    });
  }
}
