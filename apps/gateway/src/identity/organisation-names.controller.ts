import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@lib/auth';
import { IdentityPatterns, OrganisationNamesQuery, OrganisationNamesView } from '@lib/contracts';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { IdentityClient } from './identity.client';

/** Names for the organisation ids other answers carry (parties, interested organisations, the queues). */
@ApiTags('organisations')
@Controller()
export class OrganisationNamesController {
  constructor(private readonly identity: IdentityClient) {}

  @Get('organisations/names')
  @Access.roles(
    [Role.institute, Role.enterprise, Role.operator],
    'Names of organisations by id, in one request',
    'Members and operators. Name, kind and whether verified, of any organisation whose id the caller holds; unknown ids are left out. ' +
      'The API hands out an organisation id only where its holder may know the organisation (never a listing’s owner in its public part, ' +
      'nor the seller of an interest before it is accepted), so the name reveals nothing the id does not.',
  )
  @ApiOkResponse({ type: OrganisationNamesView })
  names(@CurrentActor() actor: Actor, @Query() query: OrganisationNamesQuery): Promise<OrganisationNamesView> {
    return this.identity.send(IdentityPatterns.organisationNames, actor, query);
  }
}
