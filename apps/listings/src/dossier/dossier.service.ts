import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, assertOrganisationObjectOwned, requireOrganisation } from '@lib/auth';
import { DossierAccessView, DossierView, OrganisationDirectoryEntry, ReportPatterns } from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';
import { DataSource } from 'typeorm';
import { dossierAccessRows, judgeDossierAccess } from '../domain/dossier-access';
import { publicListingOf } from '../domain/public-projection';
import { DossierGrantEntity, ListingEntity, NdaAcceptanceEntity } from '../listings/listing.entity';
import { OrganisationStandingClient } from '../listings/organisation-standing';

const REFUSALS = {
  not_published: { code: 'LISTING.NOT_FOUND', kind: 'not_found', message: 'listing not found' },
  no_organisation: { code: 'DOSSIER.NO_ORGANISATION', kind: 'forbidden', message: 'Only members of an organisation may open a dossier' },
  not_verified: { code: 'ORGANISATION.NOT_VERIFIED', kind: 'forbidden', message: 'Only verified organisations may open a dossier' },
  nda_required: { code: 'DOSSIER.NDA_REQUIRED', kind: 'forbidden', message: 'Accept the listing’s NDA first' },
  not_granted: { code: 'DOSSIER.NOT_GRANTED', kind: 'forbidden', message: 'The owner has not granted your organisation access to this dossier' },
} as const;

/** The restricted dossier: NDA acceptance, the owner's grants, and every view audited. */
@Injectable()
export class DossierService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly standing: OrganisationStandingClient,
    private readonly services: ServiceClient,
  ) {}

  async put(actor: Actor, listingId: string, content: string): Promise<{ updatedAt: string }> {
    return this.dataSource.transaction(async (manager) => {
      const listing = await manager.findOne(ListingEntity, { where: { id: listingId }, lock: { mode: 'pessimistic_write' } });
      if (!listing) throw CommonErrors.notFound('listing', listingId);
      assertOrganisationObjectOwned(actor, listing.organisationId, 'listing', listingId);
      listing.dossierContent = content;
      listing.dossierUpdatedAt = new Date();
      await manager.save(listing);
      await this.audit.append(manager, {
        actor,
        action: 'listing.dossier_updated',
        entityType: 'listing',
        entityId: listingId,
        organisationId: listing.organisationId,
        after: { characters: content.length },
      });
      return { updatedAt: listing.dossierUpdatedAt.toISOString() };
    });
  }

  async acceptNda(actor: Actor, listingId: string): Promise<{ acceptedAt: string }> {
    const organisationId = requireOrganisation(actor);
    const listing = await this.visibleListing(actor, listingId);
    if (listing.organisationId === organisationId) {
      throw new DomainError('DOSSIER.OWN_LISTING', 'conflict', 'An organisation does not sign an NDA for its own listing');
    }
    await this.standing.assertMay(organisationId, 'sign');
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(NdaAcceptanceEntity, { listingId, organisationId });
      if (existing) return { acceptedAt: existing.acceptedAt.toISOString() };
      const accepted = await manager.save(manager.create(NdaAcceptanceEntity, { listingId, organisationId, acceptedBy: actor.userId }));
      await this.audit.append(manager, { actor, action: 'listing.nda_accepted', entityType: 'listing', entityId: listingId });
      return { acceptedAt: accepted.acceptedAt.toISOString() };
    });
  }

  async grant(actor: Actor, listingId: string, organisationId: string): Promise<{ granted: true }> {
    await this.standing.standing(organisationId).catch((error: DomainError) => {
      if (error.kind !== 'not_found') throw error;
      throw new DomainError('ORGANISATION.NOT_FOUND', 'validation', 'No organisation with this id', {
        fields: [{ field: 'organisationId', messages: ['organisationId names no organisation'] }],
      });
    });
    return this.dataSource.transaction(async (manager) => {
      const listing = await manager.findOneBy(ListingEntity, { id: listingId });
      if (!listing) throw CommonErrors.notFound('listing', listingId);
      assertOrganisationObjectOwned(actor, listing.organisationId, 'listing', listingId);
      await manager.createQueryBuilder().insert().into(DossierGrantEntity).values({ listingId, organisationId, grantedBy: actor.userId }).orIgnore().execute();
      await this.audit.append(manager, {
        actor,
        action: 'listing.dossier_granted',
        entityType: 'listing',
        entityId: listingId,
        organisationId: listing.organisationId,
        after: { grantee: organisationId },
      });
      return { granted: true };
    });
  }

  async revoke(actor: Actor, listingId: string, organisationId: string): Promise<{ revoked: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const listing = await manager.findOneBy(ListingEntity, { id: listingId });
      if (!listing) throw CommonErrors.notFound('listing', listingId);
      assertOrganisationObjectOwned(actor, listing.organisationId, 'listing', listingId);
      const result = await manager.delete(DossierGrantEntity, { listingId, organisationId });
      await this.audit.append(manager, {
        actor,
        action: 'listing.dossier_revoked',
        entityType: 'listing',
        entityId: listingId,
        organisationId: listing.organisationId,
        before: { grantee: organisationId },
      });
      return { revoked: (result.affected ?? 0) > 0 };
    });
  }

  /** For the owner: every organisation that accepted the NDA or was allowed in, with its name, and whether it may open the dossier. */
  async access(actor: Actor, listingId: string): Promise<DossierAccessView> {
    const listing = await this.dataSource.getRepository(ListingEntity).findOneBy({ id: listingId });
    if (!listing) throw CommonErrors.notFound('listing', listingId);
    assertOrganisationObjectOwned(actor, listing.organisationId, 'listing', listingId);
    const [ndas, grants] = await Promise.all([
      this.dataSource.getRepository(NdaAcceptanceEntity).findBy({ listingId }),
      this.dataSource.getRepository(DossierGrantEntity).findBy({ listingId }),
    ]);
    const rows = dossierAccessRows(
      { status: listing.status, organisationId: listing.organisationId, policy: listing.dossierAccess },
      ndas.map((n) => ({ organisationId: n.organisationId, at: n.acceptedAt })),
      grants.map((g) => ({ organisationId: g.organisationId, at: g.grantedAt })),
    );
    const names = await this.namesOf(rows.map((r) => r.organisationId));
    return {
      listingId,
      policy: listing.dossierAccess,
      organisations: rows.map((r) => ({
        organisationId: r.organisationId,
        organisationName: names.get(r.organisationId) ?? null,
        ndaAcceptedAt: r.ndaAcceptedAt?.toISOString() ?? null,
        grantedAt: r.grantedAt?.toISOString() ?? null,
        mayOpen: r.mayOpen,
      })),
    };
  }

  /** Names from identity's directory in one request; without an answer the list still shows the ids. */
  private async namesOf(organisationIds: string[]): Promise<Map<string, string>> {
    if (organisationIds.length === 0) return new Map();
    const directory = await this.services
      .send<OrganisationDirectoryEntry[]>(ReportPatterns.organisationDirectory, { actor: null, input: { organisationIds } })
      .catch(() => [] as OrganisationDirectoryEntry[]);
    return new Map(directory.map((d) => [d.id, d.name]));
  }

  /** Opens the dossier to whoever may see it, and records the view in the audit log. */
  async view(actor: Actor, listingId: string): Promise<DossierView> {
    const listing = await this.visibleListing(actor, listingId);
    const viewerOrganisationId = actor.organisationId;
    const isOwnerOrOperator = actor.role === 'operator' || viewerOrganisationId === listing.organisationId;
    const [standing, nda, grant] = isOwnerOrOperator || !viewerOrganisationId
      ? [null, null, null]
      : await Promise.all([
          this.standing.standing(viewerOrganisationId),
          this.dataSource.getRepository(NdaAcceptanceEntity).findOneBy({ listingId, organisationId: viewerOrganisationId }),
          this.dataSource.getRepository(DossierGrantEntity).findOneBy({ listingId, organisationId: viewerOrganisationId }),
        ]);
    const verdict = judgeDossierAccess({
      listingStatus: listing.status,
      ownerOrganisationId: listing.organisationId,
      policy: listing.dossierAccess,
      viewerRole: actor.role,
      viewerOrganisationId,
      viewerOrganisationVerified: standing?.status === 'verified',
      ndaAccepted: nda !== null,
      granted: grant !== null,
    });
    if (!verdict.allowed) {
      const refusal = REFUSALS[verdict.reason];
      throw new DomainError(refusal.code, refusal.kind, refusal.message);
    }
    return this.dataSource.transaction(async (manager) => {
      await this.audit.append(manager, {
        actor,
        action: 'listing.dossier_viewed',
        entityType: 'listing',
        entityId: listingId,
        reason: `viewed as ${verdict.as}`,
      });
      return {
        listingId,
        description: listing.description,
        patents: listing.patents,
        declassification: listing.declassification,
        content: listing.dossierContent,
        updatedAt: listing.dossierUpdatedAt?.toISOString() ?? null,
      };
    });
  }

  /** A listing the actor may know exists: their own, any for operators, otherwise only published ones. */
  private async visibleListing(actor: Actor, listingId: string): Promise<ListingEntity> {
    const listing = await this.dataSource.getRepository(ListingEntity).findOneBy({ id: listingId });
    const visible =
      listing && (actor.role === 'operator' || actor.organisationId === listing.organisationId || publicListingOf(listing) !== null);
    if (!visible) throw CommonErrors.notFound('listing', listingId);
    return listing;
  }
}
