import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, requireActor, requireRole, Role } from '@lib/auth';
import { DossierAccessView, DossierCommand, DossierGrantCommand, DossierView, ListingRef, ListingsPatterns } from '@lib/contracts';
import { DossierService } from './dossier.service';

const MEMBERS = [Role.institute, Role.enterprise];

@Controller()
export class DossierHandlers {
  constructor(private readonly dossiers: DossierService) {}

  @MessagePattern(ListingsPatterns.putDossier)
  put(@Payload('actor') actor: Actor | null, @Payload('input') input: DossierCommand) {
    return this.dossiers.put(requireRole(requireActor(actor), ...MEMBERS), input.listingId, input.content);
  }

  @MessagePattern(ListingsPatterns.getDossier)
  get(@Payload('actor') actor: Actor | null, @Payload('input') input: ListingRef): Promise<DossierView> {
    return this.dossiers.view(requireRole(requireActor(actor), ...MEMBERS, Role.operator), input.listingId);
  }

  @MessagePattern(ListingsPatterns.acceptNda)
  acceptNda(@Payload('actor') actor: Actor | null, @Payload('input') input: ListingRef) {
    return this.dossiers.acceptNda(requireRole(requireActor(actor), ...MEMBERS), input.listingId);
  }

  @MessagePattern(ListingsPatterns.grantDossier)
  grant(@Payload('actor') actor: Actor | null, @Payload('input') input: DossierGrantCommand) {
    return this.dossiers.grant(requireRole(requireActor(actor), ...MEMBERS), input.listingId, input.organisationId);
  }

  @MessagePattern(ListingsPatterns.dossierAccess)
  access(@Payload('actor') actor: Actor | null, @Payload('input') input: ListingRef): Promise<DossierAccessView> {
    return this.dossiers.access(requireRole(requireActor(actor), ...MEMBERS), input.listingId);
  }

  @MessagePattern(ListingsPatterns.revokeDossier)
  revoke(@Payload('actor') actor: Actor | null, @Payload('input') input: DossierGrantCommand) {
    return this.dossiers.revoke(requireRole(requireActor(actor), ...MEMBERS), input.listingId, input.organisationId);
  }
}
