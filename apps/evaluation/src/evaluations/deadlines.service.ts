import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { systemActor } from '@lib/auth';
import { DeadlineAnswer, DeadlineCommand, DueDeadline } from '@lib/contracts';
import { DataSource } from 'typeorm';
import { deadlineVerdict } from '../domain/deadlines';
import { AssignmentEntity, EvaluationEntity } from './evaluation.entity';
import { EvaluationNotices } from './evaluation-notices';

/** Reminders before a deadline and the missed flag at it, for the worker's jobs. Each happens once. */
@Injectable()
export class DeadlinesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly notices: EvaluationNotices,
  ) {}

  async handle(command: DeadlineCommand): Promise<DeadlineAnswer> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const assignment = await manager.findOne(AssignmentEntity, { where: { id: command.assignmentId }, lock: { mode: 'pessimistic_write' } });
      if (!assignment) return { answer: { state: 'not_applicable', reason: 'no such assignment' } as DeadlineAnswer };
      const now = new Date();
      const verdict = deadlineVerdict(assignment, command.kind, now);
      if (!verdict.act) {
        const answer: DeadlineAnswer =
          verdict.answer === 'not_due'
            ? { state: 'not_due', dueAt: verdict.dueAt.toISOString() }
            : verdict.answer === 'done'
              ? { state: 'done', already: true }
              : { state: 'not_applicable', reason: verdict.reason };
        return { answer };
      }
      const evaluation = await manager.findOneByOrFail(EvaluationEntity, { id: assignment.evaluationId });
      if (command.kind === 'reminder') assignment.remindedAt = now;
      else assignment.missedAt = now;
      await manager.save(assignment);
      await this.audit.append(manager, {
        actor: systemActor('evaluation-deadlines'),
        action: command.kind === 'reminder' ? 'evaluation.expert_reminded' : 'evaluation.deadline_missed',
        entityType: 'evaluation',
        entityId: evaluation.id,
        organisationId: evaluation.listingOrganisationId,
        after: { assignmentId: assignment.id, alias: assignment.alias, expertId: assignment.expertId, deadline: assignment.deadline.toISOString() },
      });
      if (command.kind === 'reminder') await this.notices.reminder(manager, evaluation, assignment);
      else await this.notices.missed(manager, evaluation, assignment);
      return { answer: { state: 'done', already: false } as DeadlineAnswer, evaluation, assignment };
    });
    return outcome.answer;
  }

  /** Reminders and deadlines that are due and not handled: the sweep re-queues them (a job lost with Redis, say). */
  async due(now: Date, limit: number): Promise<DueDeadline[]> {
    const rows: { id: string; kind: 'reminder' | 'missed'; due_at: Date }[] = await this.dataSource.query(
      `SELECT id, 'missed' AS kind, deadline AS due_at FROM evaluation.assignments
        WHERE status = 'assigned' AND missed_at IS NULL AND deadline <= $1
       UNION ALL
       SELECT id, 'reminder' AS kind, reminder_at AS due_at FROM evaluation.assignments
        WHERE status = 'assigned' AND reminded_at IS NULL AND reminder_at <= $1 AND deadline > $1
       ORDER BY due_at
       LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => ({ assignmentId: r.id, kind: r.kind, dueAt: new Date(r.due_at).toISOString() }));
  }
}
