import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Direction } from '../listings/listing-enums';
import type { TechnicalField } from '../shared';
import type { DemandStatus, DemandVisibility } from './demand.dto';

/**
 * What anyone allowed to read an open demand sees (`public` demands: everyone; `registered` ones:
 * logged-in users of registered organisations and operators). Never the posting organisation:
 * contact goes through the platform. Built in one place (`publicDemandOf` in the matching service).
 */
export class DemandPublicView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty() field: TechnicalField;
  @ApiProperty({ enum: ['mil_to_civ', 'civ_to_mil'] }) direction: Direction;
  @ApiProperty({ type: [String] }) ipcCodes: string[];
  @ApiProperty({ minimum: 1, maximum: 9 }) minTrl: number;
  @ApiPropertyOptional({ nullable: true, description: 'Yuan; null means negotiable' }) budget: string | null;
  @ApiProperty() budgetNegotiable: boolean;
  @ApiProperty({ example: '2027-06-30' }) deadline: string;
  @ApiProperty({ enum: ['public', 'registered'] }) visibility: DemandVisibility;
  @ApiProperty() postedAt: string;
  @ApiProperty({ description: 'Past its deadline: no longer searchable or matched' }) expired: boolean;
}

/** Everything about a demand, for its owner organisation and operators. */
export class DemandView extends DemandPublicView {
  @ApiProperty() organisationId: string;
  @ApiProperty({ enum: ['open', 'closed', 'hidden'] }) status: DemandStatus;
  @ApiPropertyOptional({ nullable: true, description: 'Why it was hidden or closed' }) statusReason: string | null;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ nullable: true }) closedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) hiddenAt: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'When the matcher last ran for this version of the demand' }) matchedAt: string | null;
  @ApiProperty() version: number;
}

/** `GET /demands/:id`: the full demand to its owner organisation and operators, else the public part. */
export type DemandReadView = ({ view: 'full' } & DemandView) | ({ view: 'public' } & DemandPublicView);

export interface DemandSearchResult {
  hits: DemandPublicView[];
  page: number;
  pageSize: number;
  total: number;
  processingTimeMs: number;
}
