import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class MatchesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20, description: 'How many matches to return, best first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit = 20;
}

export class DemandMatchesCommand extends MatchesQuery {
  @IsUUID('4') demandId: string;
}

export class ListingMatchesCommand extends MatchesQuery {
  @IsUUID('4') listingId: string;
}

/** Worker → matching: run the matcher for one demand or one listing (idempotent). */
export class MatchingRunCommand {
  @IsOptional() @IsUUID('4') demandId?: string;
  @IsOptional() @IsUUID('4') listingId?: string;
}

/** Worker → matching: these listings left the catalogue (one relay batch's removals). */
export class RetireListingsCommand {
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('4', { each: true })
  listingIds: string[];
}

/** Matching → listings: which of these listings are published now. */
export class PublishedForMatchingQuery {
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('4', { each: true })
  listingIds: string[];
}
