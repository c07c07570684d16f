import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@lib/auth';
import {
  CloseDemandDto,
  CreateDemandDto,
  DemandModeration,
  DemandPatterns,
  DemandReadView,
  DemandSearchQuery,
  DemandSearchResult,
  DemandView,
  Envelope,
  HideDemandDto,
  IdParam,
  ListDemandsQuery,
  Page,
  RestoreDemandDto,
  UpdateDemandDto,
} from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { Access } from '../auth/access.decorator';
import { CurrentActor, OptionalActor } from '../auth/current-actor.decorator';

const MEMBERS = [Role.institute, Role.enterprise];
const OPERATOR = [Role.operator];

@ApiTags('demands')
@Controller()
export class DemandsController {
  constructor(private readonly services: ServiceClient) {}

  private send<T>(pattern: string, actor: Actor | null, input: unknown): Promise<T> {
    return this.services.send<T, Envelope<unknown>>(pattern, { actor, input });
  }

  @Post('demands')
  @Access.roles(
    MEMBERS,
    'Post a demand (需求): open at once, searchable and matched',
    'Verified organisations only; institutes post civ_to_mil demands only; the deadline is today or later (China Standard Time).',
  )
  @ApiCreatedResponse({ type: DemandView })
  create(@CurrentActor() actor: Actor, @Body() body: CreateDemandDto): Promise<DemandView> {
    return this.send(DemandPatterns.create, actor, body);
  }

  @Get('demands')
  @Access.public('Search open demands: full text and filters; public demands to anyone, registered-only ones to logged-in members and operators')
  search(@OptionalActor() actor: Actor | null, @Query() query: DemandSearchQuery): Promise<DemandSearchResult> {
    return this.send(DemandPatterns.search, actor, query);
  }

  @Get('demands/mine')
  @Access.roles(MEMBERS, 'My organisation’s demands in every status')
  mine(@CurrentActor() actor: Actor, @Query() query: ListDemandsQuery): Promise<Page<DemandView>> {
    return this.send(DemandPatterns.mine, actor, query);
  }

  @Get('demands/:id')
  @Access.public(
    'A demand: the public part of an open one to whoever may read it (anyone for public demands, members for registered-only ones); everything to its owner organisation and operators; 404 otherwise',
  )
  @ApiOkResponse({ description: '`view` is `full` or `public`' })
  get(@OptionalActor() actor: Actor | null, @Param() params: IdParam): Promise<DemandReadView> {
    return this.send(DemandPatterns.get, actor, { demandId: params.id });
  }

  @Patch('demands/:id')
  @Access.roles(MEMBERS, 'Edit an open demand (it is matched again)', 'Owner organisation only.')
  @ApiOkResponse({ type: DemandView })
  update(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: UpdateDemandDto): Promise<DemandView> {
    return this.send(DemandPatterns.update, actor, { ...body, demandId: params.id });
  }

  @Post('demands/:id/close')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Close a demand (found a supplier, no longer needed): it leaves search and matching', 'Owner organisation only.')
  @ApiOkResponse({ type: DemandView })
  close(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: CloseDemandDto): Promise<DemandView> {
    return this.send(DemandPatterns.close, actor, { ...body, demandId: params.id });
  }

  @Get('admin/demands')
  @Access.roles(OPERATOR, 'Every demand, most recently changed first (filter by status, e.g. hidden)')
  adminList(@CurrentActor() actor: Actor, @Query() query: ListDemandsQuery): Promise<Page<DemandView>> {
    return this.send(DemandPatterns.adminList, actor, query);
  }

  @Post('admin/demands/:id/hide')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Hide an open demand, with a reason: it leaves search and matching, and only its owner and operators see it')
  @ApiOkResponse({ type: DemandView })
  hide(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: HideDemandDto): Promise<DemandView> {
    return this.send(DemandPatterns.moderate, actor, { ...body, demandId: params.id, action: DemandModeration.hide });
  }

  @Post('admin/demands/:id/restore')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Restore a hidden demand: it is open again and matched')
  @ApiOkResponse({ type: DemandView })
  restore(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: RestoreDemandDto): Promise<DemandView> {
    return this.send(DemandPatterns.moderate, actor, { ...body, demandId: params.id, action: DemandModeration.restore });
  }
}
