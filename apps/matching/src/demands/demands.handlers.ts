import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor, requireOrganisation, requireRole, Role } from '@lib/auth';
import {
  CloseDemandCommand,
  CreateDemandDto,
  DemandPatterns,
  DemandReadView,
  DemandRef,
  DemandSearchQuery,
  DemandSearchResult,
  DemandView,
  ListDemandsQuery,
  ModerateDemandCommand,
  Page,
  UpdateDemandCommand,
} from '@lib/contracts';
import { DemandSearch } from './demand-search';
import { DemandsService } from './demands.service';

const MEMBERS = [Role.institute, Role.enterprise];

@Controller()
export class DemandsHandlers {
  constructor(
    private readonly demands: DemandsService,
    private readonly searcher: DemandSearch,
  ) {}

  @MessagePattern(DemandPatterns.create)
  create(@Payload('actor') actor: Actor | null, @Payload('input') input: CreateDemandDto): Promise<DemandView> {
    const member = requireRole(requireActor(actor), ...MEMBERS);
    requireOrganisation(member);
    return this.demands.create(member, input);
  }

  @MessagePattern(DemandPatterns.update)
  update(@Payload('actor') actor: Actor | null, @Payload('input') input: UpdateDemandCommand): Promise<DemandView> {
    const member = requireRole(requireActor(actor), ...MEMBERS);
    requireOrganisation(member);
    return this.demands.update(member, input);
  }

  @MessagePattern(DemandPatterns.close)
  close(@Payload('actor') actor: Actor | null, @Payload('input') input: CloseDemandCommand): Promise<DemandView> {
    return this.demands.close(requireRole(requireActor(actor), ...MEMBERS), input);
  }

  /** Anonymous callers allowed: they get the public part of an open public demand, or 404. */
  @MessagePattern(DemandPatterns.get)
  get(@Payload('actor') actor: Actor | null, @Payload('input') input: DemandRef): Promise<DemandReadView> {
    return this.demands.get(actor, input.demandId);
  }

  @MessagePattern(DemandPatterns.mine)
  mine(@Payload('actor') actor: Actor | null, @Payload('input') input: ListDemandsQuery): Promise<Page<DemandView>> {
    const member = requireRole(requireActor(actor), ...MEMBERS);
    requireOrganisation(member);
    return this.demands.mine(member, input);
  }

  /** Anonymous callers allowed: public demands only. */
  @MessagePattern(DemandPatterns.search)
  search(@Payload('actor') actor: Actor | null, @Payload('input') input: DemandSearchQuery): Promise<DemandSearchResult> {
    return this.searcher.search(actor, input);
  }

  @MessagePattern(DemandPatterns.moderate)
  moderate(@Payload('actor') actor: Actor | null, @Payload('input') input: ModerateDemandCommand): Promise<DemandView> {
    return this.demands.moderate(requireRole(requireActor(actor), Role.operator), input);
  }

  @MessagePattern(DemandPatterns.adminList)
  adminList(@Payload('actor') actor: Actor | null, @Payload('input') input: ListDemandsQuery): Promise<Page<DemandView>> {
    requireRole(requireActor(actor), Role.operator);
    return this.demands.adminList(input);
  }
}
