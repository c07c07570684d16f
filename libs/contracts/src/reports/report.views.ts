import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReportMetrics {
  @ApiProperty() listingsPublished: number;
  @ApiProperty() evaluationsCompleted: number;
  @ApiProperty() auctionsHeld: number;
  @ApiProperty() auctionsCleared: number;
  @ApiPropertyOptional({ nullable: true, example: '0.6667', description: 'Cleared ÷ held, 4 decimals; null with no auction' }) clearanceRate: string | null;
  @ApiProperty() negotiatedDeals: number;
  @ApiProperty() tradesCompleted: number;
  @ApiProperty({ example: '1250000.00', description: 'Sum of completed trades’ amounts (yuan)' }) tradeVolume: string;
  @ApiPropertyOptional({ nullable: true, description: 'Median days from publication to deal (auction or negotiation)' }) medianDaysToDeal: number | null;
}

export class ReportBreakdownRow extends ReportMetrics {
  @ApiProperty({ description: 'field, direction, province code or month (1–12)' }) key: string;
  @ApiProperty() label: { zh: string; en: string };
}

export class OrganisationReportRow {
  @ApiProperty() organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
  @ApiProperty() region: string;
  @ApiProperty() listingsPublished: number;
  @ApiProperty() auctionsHeld: number;
  @ApiProperty() auctionsCleared: number;
  @ApiProperty() dealsAsSeller: number;
  @ApiProperty() dealsAsBuyer: number;
  @ApiProperty() volumeAsSeller: string;
  @ApiProperty() volumeAsBuyer: string;
}

export class AnnualReport {
  @ApiProperty() year: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty({ type: ReportMetrics }) totals: ReportMetrics;
  @ApiProperty({ type: [ReportBreakdownRow] }) byField: ReportBreakdownRow[];
  @ApiProperty({ type: [ReportBreakdownRow] }) byDirection: ReportBreakdownRow[];
  @ApiProperty({ type: [ReportBreakdownRow], description: 'By the selling (listing) organisation’s province' }) byRegion: ReportBreakdownRow[];
  @ApiProperty({ type: [ReportBreakdownRow] }) byMonth: ReportBreakdownRow[];
  @ApiPropertyOptional({ type: [OrganisationReportRow], description: 'Operators only' }) organisations?: OrganisationReportRow[];
}
