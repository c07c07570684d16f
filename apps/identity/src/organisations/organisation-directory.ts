import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganisationDirectoryEntry, OrganisationKind, OrganisationNameView, OrganisationStatus } from '@lib/contracts';
import { DataSource } from 'typeorm';

interface DirectoryRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  region_code: string;
  status: OrganisationStatus;
}

/**
 * Organisations by id, in one query: the service-to-service directory (reports, the dossier's access
 * table) and the members' name lookup read the same rows and differ only in what they pass on.
 */
@Injectable()
export class OrganisationDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async entries(organisationIds: string[]): Promise<OrganisationDirectoryEntry[]> {
    return (await this.rows(organisationIds)).map((r) => ({ id: r.id, name: r.name, kind: r.kind, regionCode: r.region_code }));
  }

  /** Name, kind and standing only: nothing of the credit code, region or moderation reasons. */
  async names(organisationIds: string[]): Promise<OrganisationNameView[]> {
    const byId = new Map((await this.rows(organisationIds)).map((r) => [r.id, r]));
    return organisationIds.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ id: r.id, name: r.name, kind: r.kind, verified: r.status === 'verified' }] : [];
    });
  }

  private async rows(organisationIds: string[]): Promise<DirectoryRow[]> {
    if (organisationIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT id, name, kind, region_code, status FROM identity.organisations WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [organisationIds],
    );
  }
}
