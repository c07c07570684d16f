import { ApiProperty } from '@nestjs/swagger';
import { PublicListingView } from '../listings/listing.views';
import { DemandPublicView } from './demand.views';

/** The parts of structured fit and relevance a match score is made of. */
export const MATCH_FACTORS = ['ipc', 'trl', 'price', 'field', 'text', 'direction', 'deadline', 'evaluation'] as const;
export type MatchFactor = (typeof MATCH_FACTORS)[number];

/** One reason behind a match, readable on its own ("same IPC subclass G01S"). */
export class MatchReason {
  @ApiProperty({ enum: MATCH_FACTORS }) factor: MatchFactor;
  @ApiProperty({ enum: ['for', 'against', 'neutral'] }) effect: 'for' | 'against' | 'neutral';
  @ApiProperty({ example: 'same IPC subclass G01S' }) text: string;
  @ApiProperty({ description: 'How well this factor fits, 0–1' }) fit: number;
  @ApiProperty({ description: 'Its weight in the score' }) weight: number;
}

class MatchBase {
  @ApiProperty() matchId: string;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'Weighted structured fit and text relevance, 0–1' }) score: number;
  @ApiProperty({ example: 'same IPC subclass G01S; TRL 7 ≥ 6; asking price within budget' }) explanation: string;
  @ApiProperty({ type: [MatchReason] }) reasons: MatchReason[];
  @ApiProperty({ description: 'At or above the notification threshold' }) notable: boolean;
}

export class ListingMatchView extends MatchBase {
  @ApiProperty({ type: PublicListingView }) listing: PublicListingView;
}

export class DemandMatchView extends MatchBase {
  @ApiProperty({ type: DemandPublicView }) demand: DemandPublicView;
}

/** `GET /demands/:id/matches`: published listings ranked for the demand, best first. */
export class DemandMatchesResult {
  @ApiProperty() demandId: string;
  @ApiProperty() ranAt: string;
  @ApiProperty({ type: [ListingMatchView] }) items: ListingMatchView[];
}

/** `GET /listings/:id/matches`: open demands ranked for the listing, best first. */
export class ListingMatchesResult {
  @ApiProperty() listingId: string;
  @ApiProperty() ranAt: string;
  @ApiProperty({ type: [DemandMatchView] }) items: DemandMatchView[];
}
