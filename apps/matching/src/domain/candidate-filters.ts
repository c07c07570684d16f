import { OVER_BUDGET_TOLERANCE } from './scoring';
import { dayNumber } from './dates';
import { subclassesOf } from './ipc-overlap';

/**
 * Meilisearch filters that find candidates for the matcher. They apply the hard rules of `assessMatch`
 * that the index can check (TRL, budget, deadline) so that a page of candidates is not spent on pairs
 * that can never match; the matcher still judges every candidate itself.
 */

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const TOLERANCE_PERCENT = BigInt(Math.round((1 + OVER_BUDGET_TOLERANCE) * 100));

/** Related by field or by IPC subclass: the structured half of the candidates. */
function relatedFilter(field: string, ipcCodes: readonly string[]): string {
  const subclasses = subclassesOf(ipcCodes);
  return subclasses.length ? `(field = ${quote(field)} OR ipcPrefixes IN [${subclasses.map(quote).join(', ')}])` : `field = ${quote(field)}`;
}

export interface DemandForCandidates {
  field: string;
  ipcCodes: readonly string[];
  minTrl: number;
  budgetFen: bigint | null;
}

/** Catalogue filters for a demand's candidates: `hard` for every query, `related` for the structured one. */
export function listingCandidateFilters(demand: DemandForCandidates): { hard: string[]; related: string } {
  const hard = [`trl >= ${demand.minTrl}`];
  if (demand.budgetFen !== null) hard.push(`(priceNegotiable = true OR askingPriceFen <= ${(demand.budgetFen * TOLERANCE_PERCENT) / 100n})`);
  return { hard, related: relatedFilter(demand.field, demand.ipcCodes) };
}

export interface ListingForCandidates {
  field: string;
  ipcCodes: readonly string[];
  trl: number;
  askingPriceFen: bigint | null;
}

/** Demand-index filters for a listing's candidates: not expired, minimum TRL met, budget not far below the price. */
export function demandCandidateFilters(listing: ListingForCandidates, today: string): { hard: string[]; related: string } {
  const hard = [`minTrl <= ${listing.trl}`, `deadlineDay >= ${dayNumber(today)}`];
  if (listing.askingPriceFen !== null) {
    // asking ≤ budget × 1.2  ⇔  budget ≥ ⌈asking × 100 / 120⌉
    const lowestBudget = (listing.askingPriceFen * 100n + TOLERANCE_PERCENT - 1n) / TOLERANCE_PERCENT;
    hard.push(`(budgetNegotiable = true OR budgetFen >= ${lowestBudget})`);
  }
  return { hard, related: relatedFilter(listing.field, listing.ipcCodes) };
}
