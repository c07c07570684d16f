import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganisationDirectoryEntry, OrganisationDirectoryQuery, ReportPatterns } from '@lib/contracts';
import { DataSource } from 'typeorm';

/** Service-to-service: names, kinds and regions of organisations, for reports. Never routed to users directly. */
@Controller()
export class OrganisationDirectoryHandlers {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @MessagePattern(ReportPatterns.organisationDirectory)
  async directory(@Payload('input') input: OrganisationDirectoryQuery): Promise<OrganisationDirectoryEntry[]> {
    if (input.organisationIds.length === 0) return [];
    const rows: { id: string; name: string; kind: string; region_code: string }[] = await this.dataSource.query(
      `SELECT id, name, kind, region_code FROM identity.organisations WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [input.organisationIds],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, regionCode: r.region_code }));
  }
}
