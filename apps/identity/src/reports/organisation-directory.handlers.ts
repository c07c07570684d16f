import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { OrganisationDirectoryEntry, OrganisationDirectoryQuery, ReportPatterns } from '@lib/contracts';
import { OrganisationDirectory } from '../organisations/organisation-directory';

/** Service-to-service: names, kinds and regions of organisations, for reports. Never routed to users directly. */
@Controller()
export class OrganisationDirectoryHandlers {
  constructor(private readonly directory: OrganisationDirectory) {}

  @MessagePattern(ReportPatterns.organisationDirectory)
  entries(@Payload('input') input: OrganisationDirectoryQuery): Promise<OrganisationDirectoryEntry[]> {
    return this.directory.entries(input.organisationIds);
  }
}
