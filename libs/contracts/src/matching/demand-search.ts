import type { Direction } from '../listings/listing-enums';
import type { TechnicalField } from '../shared';
import type { DemandVisibility } from './demand.dto';

/**
 * The document of an open, visible demand in the Meilisearch demand index. Hidden and closed
 * demands are removed; expired ones are filtered out at query time (`deadlineDay`).
 */
export interface DemandDocument {
  id: string;
  title: string;
  description: string;
  field: TechnicalField;
  direction: Direction;
  ipcCodes: string[];
  /** Every level of every IPC code, as in the catalogue. */
  ipcPrefixes: string[];
  minTrl: number;
  budget: string | null;
  /** Fen as a number for range filters; null when negotiable. */
  budgetFen: number | null;
  budgetNegotiable: boolean;
  deadline: string;
  /** Days since 1970-01-01 of the deadline, for "not expired" filters. */
  deadlineDay: number;
  visibility: DemandVisibility;
  postedAt: number;
  postedAtIso: string;
}
