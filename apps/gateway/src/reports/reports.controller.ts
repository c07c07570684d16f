import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import {
  AnnualReport,
  AnnualReportQuery,
  Envelope,
  ListingFactRow,
  MarketFacts,
  OrganisationDirectoryEntry,
  ReportPatterns,
} from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator';
import { annualReportCsv, buildAnnualReport } from './annual-report';

/**
 * The annual statistics the trading centre publishes. Every service answers for its own objects;
 * the gateway only adds them up. Public figures are aggregates; the per-organisation detail is for
 * operators.
 */
@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('reports/annual')
  @Access.public('Annual statistics: listings, evaluations, auctions and clearance, deals, completed trades and volume, days to deal; by field, direction, region and month (`format=csv` for a spreadsheet)')
  @ApiOkResponse({ type: AnnualReport })
  @ApiProduces('application/json', 'text/csv')
  async annual(@Query() query: AnnualReportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AnnualReport | string> {
    return this.respond(await this.report(query.year, false), query, reply, 'annual-report');
  }

  @Get('admin/reports/annual')
  @Access.roles([Role.operator], 'The annual statistics with the per-organisation detail', '`format=csv` for a spreadsheet.')
  @ApiOkResponse({ type: AnnualReport })
  @ApiProduces('application/json', 'text/csv')
  async annualDetail(@Query() query: AnnualReportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AnnualReport | string> {
    return this.respond(await this.report(query.year, true), query, reply, 'annual-report-organisations');
  }

  private async report(year: number, organisations: boolean): Promise<AnnualReport> {
    const [listings, market] = await Promise.all([
      this.services.send<ListingFactRow[], Envelope<unknown>>(ReportPatterns.listingFacts, { actor: null, input: { year } }),
      this.services.send<MarketFacts, Envelope<unknown>>(ReportPatterns.marketFacts, { actor: null, input: { year } }),
    ]);
    const ids = new Set<string>(listings.map((l) => l.organisationId));
    for (const a of market.auctions) ids.add(a.sellerOrganisationId);
    for (const t of market.trades) ids.add(t.sellerOrganisationId).add(t.buyerOrganisationId);
    const directory = await this.services.send<OrganisationDirectoryEntry[], Envelope<unknown>>(ReportPatterns.organisationDirectory, {
      actor: null,
      input: { organisationIds: [...ids] },
    });
    return buildAnnualReport(year, listings, market, new Map(directory.map((d) => [d.id, d])), { organisations });
  }

  private respond(report: AnnualReport, query: AnnualReportQuery, reply: FastifyReply, name: string): AnnualReport | string {
    if (query.format !== 'csv') return report;
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${name}-${report.year}.csv"`);
    // A byte-order mark so spreadsheet programs read the Chinese labels as UTF-8.
    return `\uFEFF${annualReportCsv(report)}`;
  }
}
