import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, assertOrganisationObjectVisible, MEMBER_ROLES, Role } from '@lib/auth';
import {
  EligibilityChangedEvent,
  IdentityEvents,
  UsersOfOrganisationsAnswer,
  InvitationView,
  ListOrganisationsQuery,
  MeView,
  ModerateOrganisationCommand,
  OrganisationStanding,
  OrganisationView,
  Page,
  PageQuery,
  ResubmitOrganisationDto,
  UserView,
} from '@lib/contracts';
import { CommonErrors } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';
import { DataSource } from 'typeorm';
import { assertCanResubmit, capabilitiesOf, nextOrganisationStatus } from '../domain/organisation-status';
import { InvitationEntity } from '../users/invitation.entity';
import { UserEntity } from '../users/user.entity';
import { organisationSnapshot, toInvitationView, toOrganisationView, toUserView } from '../views';
import { OrganisationEntity } from './organisation.entity';

const ACTIONS = { verify: 'verified', reject: 'rejected', suspend: 'suspended', reinstate: 'reinstated' } as const;

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    /** Absent in the command line and demo seed (no NATS there): they only ever verify, which no cache has to forget. */
    @Optional() private readonly services?: ServiceClient,
  ) {}

  async me(actor: Actor): Promise<MeView> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: actor.userId });
    if (!user) throw CommonErrors.notFound('user', actor.userId);
    const organisation = user.organisationId
      ? await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: user.organisationId })
      : null;
    return { user: toUserView(user), organisation: organisation ? toOrganisationView(organisation) : null };
  }

  /** One organisation, for its members and operators; 404 for everyone else. */
  async get(actor: Actor, id: string): Promise<OrganisationView> {
    assertOrganisationObjectVisible(actor, id, 'organisation', id);
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id });
    if (!organisation) throw CommonErrors.notFound('organisation', id);
    return toOrganisationView(organisation);
  }

  async members(actor: Actor, organisationId: string): Promise<UserView[]> {
    assertOrganisationObjectVisible(actor, organisationId, 'organisation', organisationId);
    const users = await this.dataSource
      .getRepository(UserEntity)
      .find({ where: { organisationId }, order: { createdAt: 'ASC' } });
    return users.map(toUserView);
  }

  async invitations(actor: Actor, organisationId: string, query: PageQuery): Promise<Page<InvitationView>> {
    assertOrganisationObjectVisible(actor, organisationId, 'organisation', organisationId);
    const [items, total] = await this.dataSource.getRepository(InvitationEntity).findAndCount({
      where: { organisationId },
      order: { createdAt: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: items.map(toInvitationView), page: query.page, pageSize: query.pageSize, total };
  }

  /** The review queue and directory, for operators. */
  async list(query: ListOrganisationsQuery): Promise<Page<OrganisationView>> {
    const where = { ...(query.status ? { status: query.status } : {}), ...(query.kind ? { kind: query.kind } : {}) };
    const [items, total] = await this.dataSource.getRepository(OrganisationEntity).findAndCount({
      where,
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: items.map(toOrganisationView), page: query.page, pageSize: query.pageSize, total };
  }

  async moderate(actor: Actor, command: ModerateOrganisationCommand): Promise<OrganisationView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const organisation = await manager.findOne(OrganisationEntity, {
        where: { id: command.organisationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!organisation) throw CommonErrors.notFound('organisation', command.organisationId);
      const before = organisationSnapshot(organisation);
      const next = nextOrganisationStatus(organisation.status, command.decision, command.reason, organisation.verifiedAt !== null);
      organisation.status = next;
      organisation.statusReason = command.reason ?? null;
      if (next === 'verified' && !organisation.verifiedAt) organisation.verifiedAt = new Date();
      await manager.save(organisation);
      await this.audit.append(manager, {
        actor,
        action: `organisation.${ACTIONS[command.decision]}`,
        entityType: 'organisation',
        entityId: organisation.id,
        organisationId: organisation.id,
        before,
        after: organisationSnapshot(organisation),
        reason: command.reason ?? null,
      });
      return toOrganisationView(organisation);
    });
    await this.eligibilityChanged(command.organisationId);
    return view;
  }

  /**
   * Tells the services that cache an organisation's eligibility (the auction service, for bids)
   * to drop it, once the change is committed and before the operator hears it is done.
   */
  private async eligibilityChanged(organisationId: string): Promise<void> {
    const event: EligibilityChangedEvent = { organisationId };
    await this.services?.publish(IdentityEvents.eligibilityChanged, event);
  }

  /** A rejected organisation, corrected by its admin, goes back to the review queue. */
  async resubmit(actor: Actor, organisationId: string, input: ResubmitOrganisationDto): Promise<OrganisationView> {
    return this.dataSource.transaction(async (manager) => {
      const organisation = await manager.findOne(OrganisationEntity, { where: { id: organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!organisation) throw CommonErrors.notFound('organisation', organisationId);
      assertCanResubmit(organisation.status);
      const before = organisationSnapshot(organisation);
      if (input.name) organisation.name = input.name;
      if (input.regionCode) organisation.regionCode = input.regionCode;
      organisation.status = 'pending';
      organisation.statusReason = null;
      await manager.save(organisation);
      await this.audit.append(manager, {
        actor,
        action: 'organisation.resubmitted',
        entityType: 'organisation',
        entityId: organisation.id,
        before,
        after: organisationSnapshot(organisation),
      });
      return toOrganisationView(organisation);
    });
  }

  /** For other services, at the moment they act: may this organisation publish, bid, sign? */
  async standing(organisationId: string): Promise<OrganisationStanding> {
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: organisationId });
    if (!organisation) throw CommonErrors.notFound('organisation', organisationId);
    return { organisationId, status: organisation.status, capabilities: capabilitiesOf(organisation.status) };
  }

  /**
   * For the notification worker: every member of these organisations (unknown ids are simply absent),
   * and every operator if asked. Not their experts: an expert's organisation is recorded for
   * conflict-of-interest checks, and its business (interests, offers, matches) is none of the expert's.
   */
  async usersOf(organisationIds: string[], operators = false): Promise<UsersOfOrganisationsAnswer> {
    if (organisationIds.length === 0 && !operators) return { users: [] };
    // Plain SQL: the notification worker asks this for every notice (hundreds a second in a settlement burst).
    const users: { id: string; organisation_id: string | null }[] = await this.dataSource.query(
      `SELECT id, organisation_id FROM identity.users
        WHERE (organisation_id = ANY($1::uuid[]) AND role = ANY($2::text[])) OR ($3 AND role = $4)
        ORDER BY created_at, id`,
      [organisationIds, MEMBER_ROLES, operators, Role.operator],
    );
    return { users: users.map((u) => ({ userId: u.id, organisationId: u.organisation_id })) };
  }

}
