import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, assertOrganisationObjectOwned, canSeeOrganisationObject, Role } from '@lib/auth';
import {
  CloseDemandCommand,
  CreateDemandDto,
  DemandReadView,
  DemandView,
  ListDemandsQuery,
  ModerateDemandCommand,
  Page,
  parseYuanToFen,
  UpdateDemandCommand,
} from '@lib/contracts';
import { CommonErrors } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { chinaDateOf } from '../domain/dates';
import { assertDeadlineAcceptable, assertDemandDirectionAllowed, assertDemandEditable, nextDemandStatus } from '../domain/demand-rules';
import { MatchTrigger } from '../matcher/match-trigger';
import { DemandEntity } from './demand.entity';
import { DemandIndexer } from './demand-indexer';
import { demandSnapshot, fullDemandOf, mayReadDemand, publicDemandOf } from './demand-views';
import { OrganisationStandingClient } from './organisation-standing';

const notFound = (id: string) => CommonErrors.notFound('demand', id);
const today = () => chinaDateOf(new Date());

/**
 * Demands: posted open by verified organisations, edited and closed by their owners, hidden and
 * restored by operators. Every change is audited in its transaction; after it commits the search
 * index is brought up to date and the matcher is asked to run (both retried by the sweep if lost).
 */
@Injectable()
export class DemandsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly standing: OrganisationStandingClient,
    private readonly indexer: DemandIndexer,
    private readonly trigger: MatchTrigger,
  ) {}

  async create(actor: Actor, input: CreateDemandDto): Promise<DemandView> {
    const organisationId = actor.organisationId!;
    assertDemandDirectionAllowed(actor.role, input.direction);
    assertDeadlineAcceptable(input.deadline, today());
    await this.standing.assertMay(organisationId, 'publish');
    const demand = await this.dataSource.transaction(async (manager) => {
      const created = manager.create(DemandEntity, {
        id: randomUUID(),
        organisationId,
        createdBy: actor.userId,
        status: 'open',
        statusReason: null,
        title: input.title,
        description: input.description,
        field: input.field,
        direction: input.direction,
        ipcCodes: input.ipcCodes,
        minTrl: input.minTrl,
        budgetFen: input.budget === null ? null : parseYuanToFen(input.budget).toString(),
        deadline: input.deadline,
        visibility: input.visibility ?? 'public',
        indexedVersion: null,
        matchedVersion: null,
        matchedAt: null,
        closedAt: null,
        hiddenAt: null,
      });
      await manager.save(created);
      await this.audit.append(manager, { actor, action: 'demand.posted', entityType: 'demand', entityId: created.id, after: demandSnapshot(created) });
      return created;
    });
    await this.afterChange(demand);
    return fullDemandOf(demand, today());
  }

  async update(actor: Actor, command: UpdateDemandCommand): Promise<DemandView> {
    const { demandId, ...changes } = command;
    if (changes.direction) assertDemandDirectionAllowed(actor.role, changes.direction);
    if (changes.deadline) assertDeadlineAcceptable(changes.deadline, today());
    await this.standing.assertMay(actor.organisationId!, 'publish');
    const demand = await this.dataSource.transaction(async (manager) => {
      const demand = await this.lockOwned(manager, actor, demandId);
      assertDemandEditable(demand.status);
      const before = demandSnapshot(demand);
      for (const key of ['title', 'description', 'field', 'direction', 'ipcCodes', 'minTrl', 'deadline', 'visibility'] as const) {
        if (changes[key] !== undefined) (demand as unknown as Record<string, unknown>)[key] = changes[key];
      }
      if (changes.budget !== undefined) demand.budgetFen = changes.budget === null ? null : parseYuanToFen(changes.budget).toString();
      await manager.save(demand);
      // What was matched was matched against the old demand: retired until the matcher runs again.
      await this.retireMatches(manager, demand.id);
      await this.audit.append(manager, {
        actor,
        action: 'demand.updated',
        entityType: 'demand',
        entityId: demand.id,
        organisationId: demand.organisationId,
        before,
        after: demandSnapshot(demand),
      });
      return demand;
    });
    await this.afterChange(demand);
    return fullDemandOf(demand, today());
  }

  async close(actor: Actor, command: CloseDemandCommand): Promise<DemandView> {
    const demand = await this.dataSource.transaction(async (manager) => {
      const demand = await this.lockOwned(manager, actor, command.demandId);
      const before = demandSnapshot(demand);
      demand.status = nextDemandStatus(demand.status, 'close', command.reason);
      demand.statusReason = command.reason ?? demand.statusReason;
      demand.closedAt = new Date();
      await manager.save(demand);
      await this.retireMatches(manager, demand.id);
      await this.audit.append(manager, {
        actor,
        action: 'demand.closed',
        entityType: 'demand',
        entityId: demand.id,
        organisationId: demand.organisationId,
        before,
        after: demandSnapshot(demand),
        reason: command.reason ?? null,
      });
      return demand;
    });
    await this.indexer.syncQuietly(demand.id);
    return fullDemandOf(demand, today());
  }

  /** Operators hide an open demand (with a reason: it leaves search and matching at once) or restore a hidden one. */
  async moderate(operator: Actor, command: ModerateDemandCommand): Promise<DemandView> {
    const demand = await this.dataSource.transaction(async (manager) => {
      const demand = await this.lock(manager, command.demandId);
      const before = demandSnapshot(demand);
      demand.status = nextDemandStatus(demand.status, command.action, command.reason);
      if (command.action === 'hide') {
        demand.statusReason = command.reason!.trim();
        demand.hiddenAt = new Date();
        await this.retireMatches(manager, demand.id);
      } else {
        demand.statusReason = null;
        demand.hiddenAt = null;
      }
      await manager.save(demand);
      await this.audit.append(manager, {
        actor: operator,
        action: command.action === 'hide' ? 'demand.hidden' : 'demand.restored',
        entityType: 'demand',
        entityId: demand.id,
        organisationId: demand.organisationId,
        before,
        after: demandSnapshot(demand),
        reason: command.reason ?? null,
      });
      return demand;
    });
    if (demand.status === 'open') await this.afterChange(demand);
    else await this.indexer.syncQuietly(demand.id);
    return fullDemandOf(demand, today());
  }

  /** The owner organisation and operators see everything; others the public part of an open demand they may read, or 404. */
  async get(actor: Actor | null, demandId: string): Promise<DemandReadView> {
    const demand = await this.dataSource.getRepository(DemandEntity).findOneBy({ id: demandId });
    if (!demand) throw notFound(demandId);
    if (canSeeOrganisationObject(actor, demand.organisationId)) return { view: 'full', ...fullDemandOf(demand, today()) };
    const visible = publicDemandOf(demand, today());
    if (!visible || !mayReadDemand(actor, demand)) throw notFound(demandId);
    return { view: 'public', ...visible };
  }

  async mine(actor: Actor, query: ListDemandsQuery): Promise<Page<DemandView>> {
    return this.page({ organisationId: actor.organisationId!, ...(query.status ? { status: query.status } : {}) }, query);
  }

  /** Operators: every demand, newest change first (by status if asked). */
  async adminList(query: ListDemandsQuery): Promise<Page<DemandView>> {
    return this.page(query.status ? { status: query.status } : {}, query);
  }

  /** The demand the actor owns (or an operator may act on), locked; anyone else gets 404. */
  async visibleToOwnerOrOperator(actor: Actor, demandId: string): Promise<DemandEntity> {
    const demand = await this.dataSource.getRepository(DemandEntity).findOneBy({ id: demandId });
    if (!demand || !canSeeOrganisationObject(actor, demand.organisationId)) throw notFound(demandId);
    return demand;
  }

  private async page(where: Record<string, unknown>, query: ListDemandsQuery): Promise<Page<DemandView>> {
    const [items, total] = await this.dataSource.getRepository(DemandEntity).findAndCount({
      where,
      order: { updatedAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const day = today();
    return { items: items.map((d) => fullDemandOf(d, day)), page: query.page, pageSize: query.pageSize, total };
  }

  private async afterChange(demand: DemandEntity): Promise<void> {
    await this.indexer.syncQuietly(demand.id);
    await this.trigger.demandChanged(demand.id, demand.version);
  }

  private async retireMatches(manager: EntityManager, demandId: string): Promise<void> {
    await manager.query(`UPDATE matching.matches SET status = 'retired', updated_at = now() WHERE demand_id = $1 AND status = 'active'`, [demandId]);
  }

  private async lock(manager: EntityManager, demandId: string): Promise<DemandEntity> {
    const demand = await manager.findOne(DemandEntity, { where: { id: demandId }, lock: { mode: 'pessimistic_write' } });
    if (!demand) throw notFound(demandId);
    return demand;
  }

  private async lockOwned(manager: EntityManager, actor: Actor, demandId: string): Promise<DemandEntity> {
    const demand = await this.lock(manager, demandId);
    assertOrganisationObjectOwned(actor, demand.organisationId, 'demand', demandId);
    return demand;
  }
}
