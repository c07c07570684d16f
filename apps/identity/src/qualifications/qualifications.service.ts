import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, assertOrganisationObjectVisible, Role } from '@lib/auth';
import {
  ListQualificationsQuery,
  Page,
  QualificationHeldAnswer,
  QualificationHeldQuery,
  QualificationView,
  ReviewQualificationCommand,
  SubmitQualificationDto,
} from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assertCapability } from '../domain/organisation-status';
import { countsAt } from '../domain/qualification-validity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { qualificationSnapshot, toQualificationView } from '../views';
import { QualificationEntity } from './qualification.entity';

@Injectable()
export class QualificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async submit(actor: Actor, organisationId: string, input: SubmitQualificationDto): Promise<QualificationView> {
    if (input.validUntil < input.validFrom) {
      throw new DomainError('REQUEST.INVALID', 'validation', 'validUntil is before validFrom', {
        fields: [{ field: 'validUntil', messages: ['validUntil must not be before validFrom'] }],
      });
    }
    return this.dataSource.transaction(async (manager) => {
      const organisation = await manager.findOneBy(OrganisationEntity, { id: organisationId });
      if (!organisation) throw CommonErrors.notFound('organisation', organisationId);
      assertCapability(organisation.status, 'submitQualifications');
      const qualification = await manager.save(
        manager.create(QualificationEntity, {
          id: randomUUID(),
          organisationId,
          type: input.type,
          number: input.number,
          grade: input.grade ?? null,
          issuer: input.issuer,
          validFrom: input.validFrom,
          validUntil: input.validUntil,
          status: 'submitted',
          reviewReason: null,
          reviewedBy: null,
          reviewedAt: null,
          submittedBy: actor.userId,
        }),
      );
      await this.audit.append(manager, {
        actor,
        action: 'qualification.submitted',
        entityType: 'qualification',
        entityId: qualification.id,
        organisationId,
        after: qualificationSnapshot(qualification),
      });
      return toQualificationView(qualification, new Date());
    });
  }

  /** Members see their organisation's; operators see any (the review queue with `status=submitted`). */
  async list(actor: Actor, query: ListQualificationsQuery): Promise<Page<QualificationView>> {
    const organisationId = actor.role === Role.operator ? query.organisationId : actor.organisationId;
    if (actor.role !== Role.operator && !organisationId) return { items: [], page: query.page, pageSize: query.pageSize, total: 0 };
    const where = { ...(organisationId ? { organisationId } : {}), ...(query.status ? { status: query.status } : {}) };
    const [items, total] = await this.dataSource.getRepository(QualificationEntity).findAndCount({
      where,
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const now = new Date();
    return { items: items.map((q) => toQualificationView(q, now)), page: query.page, pageSize: query.pageSize, total };
  }

  async get(actor: Actor, id: string): Promise<QualificationView> {
    const qualification = await this.dataSource.getRepository(QualificationEntity).findOneBy({ id });
    if (!qualification) throw CommonErrors.notFound('qualification', id);
    assertOrganisationObjectVisible(actor, qualification.organisationId, 'qualification', id);
    return toQualificationView(qualification, new Date());
  }

  async review(actor: Actor, command: ReviewQualificationCommand): Promise<QualificationView> {
    if (command.decision === 'reject' && !command.reason) {
      throw new DomainError('QUALIFICATION.REASON_REQUIRED', 'validation', 'A reason is required to reject', {
        fields: [{ field: 'reason', messages: ['reason is required to reject'] }],
      });
    }
    return this.dataSource.transaction(async (manager) => {
      const qualification = await manager.findOne(QualificationEntity, {
        where: { id: command.qualificationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!qualification) throw CommonErrors.notFound('qualification', command.qualificationId);
      if (qualification.status !== 'submitted') {
        throw new DomainError('QUALIFICATION.ALREADY_REVIEWED', 'conflict', `This qualification was already ${qualification.status}`);
      }
      const before = qualificationSnapshot(qualification);
      qualification.status = command.decision === 'verify' ? 'verified' : 'rejected';
      qualification.reviewReason = command.reason ?? null;
      qualification.reviewedBy = actor.userId;
      qualification.reviewedAt = new Date();
      await manager.save(qualification);
      await this.audit.append(manager, {
        actor,
        action: `qualification.${qualification.status}`,
        entityType: 'qualification',
        entityId: qualification.id,
        organisationId: qualification.organisationId,
        before,
        after: qualificationSnapshot(qualification),
        reason: command.reason ?? null,
      });
      return toQualificationView(qualification, new Date());
    });
  }

  /** Does the organisation hold a verified qualification of this type whose dates cover `at`? */
  async held(query: QualificationHeldQuery): Promise<QualificationHeldAnswer> {
    const at = new Date(query.at);
    const candidates = await this.dataSource.getRepository(QualificationEntity).find({
      where: { organisationId: query.organisationId, type: query.type, status: 'verified' },
      order: { validUntil: 'DESC' },
    });
    const holding = candidates.find((q) => countsAt(q, at));
    return { held: Boolean(holding), qualificationId: holding?.id ?? null, validUntil: holding?.validUntil ?? null };
  }
}
