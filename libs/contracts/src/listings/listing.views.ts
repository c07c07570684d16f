import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TechnicalField } from '../shared';
import { Direction, DossierAccessPolicy, ListingStatus, SecrecyLevel, TransactionMode } from './listing-enums';
import { PatentKind } from './patent-number';

export class EvaluationSummaryView {
  @ApiProperty() grade: string;
  @ApiProperty() score: number;
  @ApiProperty() valuationLow: string;
  @ApiProperty() valuationHigh: string;
  @ApiProperty() evaluatedAt: string;
  @ApiProperty() experts: number;
}

/**
 * The public part of a published listing (BRIEF.md): all that anonymous users, other
 * organisations and the search index ever see. Built in exactly one place (`publicListingOf`).
 */
export class PublicListingView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty({ enum: ['mil_to_civ', 'civ_to_mil'] }) direction: Direction;
  @ApiProperty() field: TechnicalField;
  @ApiProperty({ type: [String] }) ipcCodes: string[];
  @ApiProperty() trl: number;
  @ApiProperty({ type: [String] }) transactionModes: TransactionMode[];
  @ApiPropertyOptional({ nullable: true, description: 'Yuan; null means negotiable' }) askingPrice: string | null;
  @ApiProperty() priceNegotiable: boolean;
  @ApiPropertyOptional({ type: EvaluationSummaryView, nullable: true }) evaluation: EvaluationSummaryView | null;
  @ApiProperty() publishedAt: string;
}

export interface PatentView {
  number: string;
  kind: PatentKind;
  nationalDefence: boolean;
  title: string | null;
}

export interface DeclassificationView {
  decisionNumber: string;
  authority: string;
  decisionDate: string;
}

/** Everything about a listing, for its owner organisation and operators. */
export class ListingView {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() status: ListingStatus;
  @ApiPropertyOptional({ nullable: true }) statusReason: string | null;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() description: string;
  @ApiProperty() direction: Direction;
  @ApiProperty() field: TechnicalField;
  @ApiProperty({ type: [String] }) ipcCodes: string[];
  @ApiProperty() trl: number;
  @ApiProperty() patents: PatentView[];
  @ApiProperty({ type: [String] }) transactionModes: TransactionMode[];
  @ApiPropertyOptional({ nullable: true }) askingPrice: string | null;
  @ApiProperty() priceNegotiable: boolean;
  @ApiProperty() secrecyLevel: SecrecyLevel;
  @ApiPropertyOptional({ nullable: true }) declassification: DeclassificationView | null;
  @ApiProperty() dossierAccess: DossierAccessPolicy;
  @ApiProperty() hasDossier: boolean;
  @ApiPropertyOptional({ nullable: true }) evaluation: EvaluationSummaryView | null;
  @ApiPropertyOptional({ nullable: true }) publishedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() version: number;
}

/** What `GET /listings/:id` answers: the full listing to its owner and operators, else the public part. */
export type ListingReadView = ({ visibility: 'full' } & ListingView) | ({ visibility: 'public' } & PublicListingView);

export class DossierView {
  @ApiProperty() listingId: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [Object] }) patents: PatentView[];
  @ApiPropertyOptional({ nullable: true }) declassification: DeclassificationView | null;
  @ApiPropertyOptional({ nullable: true }) content: string | null;
  @ApiPropertyOptional({ nullable: true }) updatedAt: string | null;
}

/** One organisation that accepted the listing's NDA or was allowed to open its dossier (or both). */
export class DossierAccessEntry {
  @ApiProperty() organisationId: string;
  @ApiPropertyOptional({ nullable: true, description: 'Null if identity did not answer' }) organisationName: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'When the organisation accepted the NDA' }) ndaAcceptedAt: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'When the owner allowed it to open the dossier' }) grantedAt: string | null;
  @ApiProperty({ description: 'Whether the listing\'s policy lets it open the dossier (it must also still be verified when it opens it)' }) mayOpen: boolean;
}

/** Who may open a listing's dossier, for its owner: every NDA acceptance and grant, newest first. */
export class DossierAccessView {
  @ApiProperty() listingId: string;
  @ApiProperty({ enum: ['by_grant', 'verified_organisations'] }) policy: DossierAccessPolicy;
  @ApiProperty({ type: [DossierAccessEntry] }) organisations: DossierAccessEntry[];
}
