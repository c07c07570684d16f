import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@lib/auth';
import { DemandMatchesResult, Envelope, IdParam, ListingMatchesResult, MatchesQuery, MatchPatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';

const OWNERS_AND_OPERATORS = [Role.institute, Role.enterprise, Role.operator];

@ApiTags('matching')
@Controller()
export class MatchesController {
  constructor(private readonly services: ServiceClient) {}

  private send<T>(pattern: string, actor: Actor, input: unknown): Promise<T> {
    return this.services.send<T, Envelope<unknown>>(pattern, { actor, input });
  }

  @Get('demands/:id/matches')
  @Access.roles(
    OWNERS_AND_OPERATORS,
    'Published listings matching a demand, ranked now, each with its score and the reasons for it',
    'Owner organisation of the demand and operators only (404 for others); the demand must be open and not expired. New matches at or above the threshold notify both sides.',
  )
  @ApiOkResponse({ type: DemandMatchesResult })
  forDemand(@CurrentActor() actor: Actor, @Param() params: IdParam, @Query() query: MatchesQuery): Promise<DemandMatchesResult> {
    return this.send(MatchPatterns.forDemand, actor, { ...query, demandId: params.id });
  }

  @Get('listings/:id/matches')
  @Access.roles(
    OWNERS_AND_OPERATORS,
    'Open demands matching a listing, ranked now, each with its score and the reasons for it',
    'Owner organisation of the listing and operators only (404 for others); the listing must be published.',
  )
  @ApiOkResponse({ type: ListingMatchesResult })
  forListing(@CurrentActor() actor: Actor, @Param() params: IdParam, @Query() query: MatchesQuery): Promise<ListingMatchesResult> {
    return this.send(MatchPatterns.forListing, actor, { ...query, listingId: params.id });
  }
}
