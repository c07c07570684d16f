import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@lib/auth';
import {
  CreateListingDto,
  DossierDto,
  DossierGrantDto,
  DossierGrantParams,
  DossierAccessView,
  DossierView,
  Envelope,
  IdParam,
  ListingAction,
  ListingReadView,
  ListingsPatterns,
  ListingTransitionDto,
  ListingView,
  ListListingsQuery,
  Page,
  UpdateListingDto,
} from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { Access } from '../auth/access.decorator';
import { CurrentActor, OptionalActor } from '../auth/current-actor.decorator';

const MEMBERS = [Role.institute, Role.enterprise];
const OPERATOR = [Role.operator];

@ApiTags('listings')
@Controller()
export class ListingsController {
  constructor(private readonly services: ServiceClient) {}

  private send<T>(pattern: string, actor: Actor | null, input: unknown): Promise<T> {
    return this.services.send<T, Envelope<unknown>>(pattern, { actor, input });
  }

  @Post('listings')
  @Access.roles(MEMBERS, 'Create a listing as a draft', 'Enterprises list civ_to_mil technology only; not while the organisation is suspended.')
  @ApiCreatedResponse({ type: ListingView })
  create(@CurrentActor() actor: Actor, @Body() body: CreateListingDto): Promise<ListingView> {
    return this.send(ListingsPatterns.create, actor, body);
  }

  @Get('listings/mine')
  @Access.roles(MEMBERS, 'My organisation’s listings in every status')
  mine(@CurrentActor() actor: Actor, @Query() query: ListListingsQuery): Promise<Page<ListingView>> {
    return this.send(ListingsPatterns.listMine, actor, query);
  }

  @Get('listings/:id')
  @Access.public('A listing: the public part of a published one to anyone; everything to its owner organisation and operators; 404 otherwise')
  @ApiOkResponse({ description: '`visibility` is `full` or `public`' })
  get(@OptionalActor() actor: Actor | null, @Param() params: IdParam): Promise<ListingReadView> {
    return this.send(ListingsPatterns.get, actor, { listingId: params.id });
  }

  @Patch('listings/:id')
  @Access.roles(MEMBERS, 'Edit a draft or rejected listing (a rejected one returns to draft)', 'Owner organisation only.')
  @ApiOkResponse({ type: ListingView })
  update(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: UpdateListingDto): Promise<ListingView> {
    return this.send(ListingsPatterns.update, actor, { ...body, listingId: params.id });
  }

  @Post('listings/:id/submit')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Submit a draft for review', 'Owner organisation only; it must be verified; above `public` a declassification record is required.')
  @ApiOkResponse({ type: ListingView })
  submit(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<ListingView> {
    return this.transition(actor, params.id, 'submit', {});
  }

  @Post('listings/:id/withdraw')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Withdraw a published listing', 'Owner organisation only.')
  @ApiOkResponse({ type: ListingView })
  withdraw(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ListingTransitionDto): Promise<ListingView> {
    return this.transition(actor, params.id, 'withdraw', body);
  }

  @Put('listings/:id/dossier')
  @Access.roles(MEMBERS, 'Write the restricted dossier', 'Owner organisation only.')
  putDossier(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: DossierDto) {
    return this.send(ListingsPatterns.putDossier, actor, { ...body, listingId: params.id });
  }

  @Get('listings/:id/dossier')
  @Access.roles([...MEMBERS, Role.operator], 'Open the restricted dossier (every view is audited)', 'Owner, operators, or a verified organisation that accepted the NDA and is allowed by the owner.')
  @ApiOkResponse({ type: DossierView })
  dossier(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<DossierView> {
    return this.send(ListingsPatterns.getDossier, actor, { listingId: params.id });
  }

  @Post('listings/:id/nda')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Accept the listing’s NDA for my organisation', 'Verified organisations only.')
  acceptNda(@CurrentActor() actor: Actor, @Param() params: IdParam) {
    return this.send(ListingsPatterns.acceptNda, actor, { listingId: params.id });
  }

  @Post('listings/:id/dossier-grants')
  @HttpCode(200)
  @Access.roles(MEMBERS, 'Allow an organisation to open the dossier', 'Owner organisation only.')
  grant(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: DossierGrantDto) {
    return this.send(ListingsPatterns.grantDossier, actor, { ...body, listingId: params.id });
  }

  @Get('listings/:id/dossier-access')
  @Access.roles(MEMBERS, 'Who may open the dossier: the organisations that accepted its NDA or were allowed in', 'Owner organisation only.')
  @ApiOkResponse({ type: DossierAccessView })
  dossierAccess(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<DossierAccessView> {
    return this.send(ListingsPatterns.dossierAccess, actor, { listingId: params.id });
  }

  @Delete('listings/:id/dossier-grants/:organisationId')
  @Access.roles(MEMBERS, 'Withdraw an organisation’s access to the dossier', 'Owner organisation only.')
  revoke(@CurrentActor() actor: Actor, @Param() params: DossierGrantParams) {
    return this.send(ListingsPatterns.revokeDossier, actor, { listingId: params.id, organisationId: params.organisationId });
  }

  @Get('admin/listings')
  @Access.roles(OPERATOR, 'The review queue (status=pending_review by default), oldest first')
  reviewQueue(@CurrentActor() actor: Actor, @Query() query: ListListingsQuery): Promise<Page<ListingView>> {
    return this.send(ListingsPatterns.reviewQueue, actor, query);
  }

  @Post('admin/listings/:id/approve')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Approve a submitted listing: it is published and enters the catalogue')
  @ApiOkResponse({ type: ListingView })
  approve(@CurrentActor() actor: Actor, @Param() params: IdParam): Promise<ListingView> {
    return this.transition(actor, params.id, 'approve', {});
  }

  @Post('admin/listings/:id/reject')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Reject a submitted listing, with a reason')
  @ApiOkResponse({ type: ListingView })
  reject(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ListingTransitionDto): Promise<ListingView> {
    return this.transition(actor, params.id, 'reject', body);
  }

  @Post('admin/listings/:id/suspend')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Suspend a published listing, with a reason: it leaves the catalogue')
  @ApiOkResponse({ type: ListingView })
  suspend(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ListingTransitionDto): Promise<ListingView> {
    return this.transition(actor, params.id, 'suspend', body);
  }

  @Post('admin/listings/:id/reinstate')
  @HttpCode(200)
  @Access.roles(OPERATOR, 'Reinstate a suspended listing')
  @ApiOkResponse({ type: ListingView })
  reinstate(@CurrentActor() actor: Actor, @Param() params: IdParam, @Body() body: ListingTransitionDto): Promise<ListingView> {
    return this.transition(actor, params.id, 'reinstate', body);
  }

  private transition(actor: Actor, listingId: string, action: ListingAction, body: ListingTransitionDto): Promise<ListingView> {
    return this.send(ListingsPatterns.transition, actor, { ...body, listingId, action });
  }
}
