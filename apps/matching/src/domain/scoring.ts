import { Direction, formatFen, MATCH_FACTORS, MatchFactor, MatchReason, TECHNICAL_FIELD_NAMES, TechnicalField } from '@lib/contracts';
import { daysUntil } from './dates';
import { bestIpcOverlap } from './ipc-overlap';

/**
 * The matcher's judgement of one demand and one listing: which pairs are never a match (hard
 * rules), how well the rest fit (structured fit combined with text relevance into a score 0–1),
 * and why, in words a person can check ("same IPC subclass G01S; TRL 7 ≥ 6; asking price within budget").
 * Pure: everything it needs is passed in, including today's date.
 */

export interface DemandFacts {
  organisationId: string;
  field: TechnicalField;
  direction: Direction;
  ipcCodes: readonly string[];
  minTrl: number;
  /** Integer fen; null when the budget is negotiable. */
  budgetFen: bigint | null;
  /** Last day, `YYYY-MM-DD` (China Standard Time). */
  deadline: string;
}

export interface ListingFacts {
  organisationId: string;
  field: TechnicalField;
  direction: Direction;
  ipcCodes: readonly string[];
  trl: number;
  /** Integer fen; null when the price is negotiable. */
  askingPriceFen: bigint | null;
  /** The published expert evaluation, if any: a grade and a consensus score 0–100. */
  evaluation: { grade: string; score: number } | null;
}

/**
 * Weights of the factors, summing to 1. Text relevance (Meilisearch) says most about whether the
 * two are about the same technology; IPC overlap and field confirm it; price, direction, readiness
 * against the deadline and the evaluation order otherwise similar candidates. Tuned on the labelled
 * set (docs/matching.md).
 */
export const WEIGHTS: Readonly<Record<MatchFactor, number>> = {
  text: 0.48,
  ipc: 0.12,
  field: 0.16,
  price: 0.08,
  direction: 0.04,
  trl: 0.04,
  deadline: 0.04,
  evaluation: 0.04,
};

/** An asking price up to this much over budget is still worth a negotiation; beyond it, no match. */
export const OVER_BUDGET_TOLERANCE = 0.2;
/** A deadline this close (days) needs a technology that is nearly ready. */
export const NEAR_DEADLINE_DAYS = 90;
/** TRL from which a technology counts as ready to deploy (system prototype in an operational environment). */
export const READY_TRL = 7;

export type MatchExclusion = 'own_organisation' | 'below_min_trl' | 'over_budget' | 'demand_expired' | 'unrelated';

export type MatchAssessment =
  | { eligible: true; score: number; reasons: MatchReason[]; explanation: string }
  | { eligible: false; exclusion: MatchExclusion; explanation: string };

const DIRECTION_TEXT: Record<Direction, string> = { mil_to_civ: 'mil→civ', civ_to_mil: 'civ→mil' };
const fieldName = (field: TechnicalField) => TECHNICAL_FIELD_NAMES[field].en;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** `1250000.00` → `¥1,250,000`, `1250.50` → `¥1,250.50`. */
export function yuanText(fen: bigint): string {
  const [whole, cents] = formatFen(fen).split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${cents === '00' ? '' : `.${cents}`}`;
}

/** Percentage by which `asking` exceeds `budget`, rounded up (1 fen over is "1% over"). */
function percentOver(asking: bigint, budget: bigint): number {
  return Number(((asking - budget) * 100n + budget - 1n) / budget);
}

/**
 * The rules no score can outweigh: never an organisation with itself, never below the demand's
 * minimum TRL, never far over its budget, never after its deadline, and never a pair with nothing in
 * common (no shared terms, no IPC overlap, different fields).
 */
function exclusionOf(demand: DemandFacts, listing: ListingFacts, text: number, today: string): { exclusion: MatchExclusion; explanation: string } | null {
  if (demand.organisationId === listing.organisationId) return { exclusion: 'own_organisation', explanation: 'the listing belongs to the organisation that posted the demand' };
  if (demand.deadline < today) return { exclusion: 'demand_expired', explanation: `the demand's deadline ${demand.deadline} has passed` };
  if (listing.trl < demand.minTrl) return { exclusion: 'below_min_trl', explanation: `TRL ${listing.trl} < ${demand.minTrl}` };
  if (demand.budgetFen !== null && listing.askingPriceFen !== null) {
    const cap = (demand.budgetFen * BigInt(Math.round((1 + OVER_BUDGET_TOLERANCE) * 100))) / 100n;
    if (listing.askingPriceFen > cap) {
      return { exclusion: 'over_budget', explanation: `asking price ${yuanText(listing.askingPriceFen)} is ${percentOver(listing.askingPriceFen, demand.budgetFen)}% over the budget ${yuanText(demand.budgetFen)}` };
    }
  }
  if (text <= 0 && demand.field !== listing.field && !bestIpcOverlap(demand.ipcCodes, listing.ipcCodes)) {
    return { exclusion: 'unrelated', explanation: 'no shared terms, no IPC overlap and different fields' };
  }
  return null;
}

type Judgement = Omit<MatchReason, 'factor' | 'weight'> & { applies?: boolean };

function ipcReason(demand: DemandFacts, listing: ListingFacts): Judgement {
  if (demand.ipcCodes.length === 0) return { effect: 'neutral', fit: 0, text: 'no IPC codes given with the demand', applies: false };
  if (listing.ipcCodes.length === 0) return { effect: 'neutral', fit: 0, text: 'no IPC codes given with the listing', applies: false };
  const overlap = bestIpcOverlap(demand.ipcCodes, listing.ipcCodes);
  if (!overlap) return { effect: 'against', fit: 0, text: 'no IPC class in common' };
  const text =
    overlap.level === 'subgroup'
      ? `same IPC group ${overlap.shared}`
      : overlap.level === 'group'
        ? `same IPC main group ${overlap.shared}`
        : overlap.level === 'subclass'
          ? overlap.withinRequested
            ? `within the requested IPC subclass ${overlap.shared}`
            : `same IPC subclass ${overlap.shared}`
          : `same IPC class ${overlap.shared}`;
  return { effect: overlap.level === 'class' ? 'neutral' : 'for', fit: overlap.fit, text };
}

function trlReason(demand: DemandFacts, listing: ListingFacts): Judgement {
  return { effect: 'for', fit: 1, text: `TRL ${listing.trl} ≥ ${demand.minTrl}` };
}

function priceReason(demand: DemandFacts, listing: ListingFacts): Judgement {
  if (listing.askingPriceFen === null) {
    return demand.budgetFen === null
      ? { effect: 'neutral', fit: 0.75, text: 'price and budget both negotiable' }
      : { effect: 'neutral', fit: 0.7, text: `price negotiable (budget ${yuanText(demand.budgetFen)})` };
  }
  if (demand.budgetFen === null) return { effect: 'neutral', fit: 0.8, text: 'budget negotiable' };
  if (listing.askingPriceFen <= demand.budgetFen) return { effect: 'for', fit: 1, text: 'asking price within budget' };
  const over = percentOver(listing.askingPriceFen, demand.budgetFen);
  return { effect: 'against', fit: Math.max(0, 0.5 - over / 50), text: `asking price ${over}% over budget` };
}

function fieldReason(demand: DemandFacts, listing: ListingFacts): Judgement {
  return demand.field === listing.field
    ? { effect: 'for', fit: 1, text: `same field (${fieldName(listing.field)})` }
    : { effect: 'against', fit: 0, text: `different field (${fieldName(listing.field)}, not ${fieldName(demand.field)})` };
}

function textReason(text: number): Judgement {
  const fit = Math.max(0, Math.min(1, text));
  const shown = fit.toFixed(2);
  if (fit >= 0.6) return { effect: 'for', fit, text: `strong text relevance (${shown})` };
  if (fit >= 0.3) return { effect: 'for', fit, text: `some text relevance (${shown})` };
  if (fit > 0) return { effect: 'neutral', fit, text: `weak text relevance (${shown})` };
  return { effect: 'against', fit: 0, text: 'no terms in common' };
}

function directionReason(demand: DemandFacts, listing: ListingFacts): Judgement {
  return demand.direction === listing.direction
    ? { effect: 'for', fit: 1, text: `direction matches (${DIRECTION_TEXT[listing.direction]})` }
    : { effect: 'against', fit: 0, text: `offered ${DIRECTION_TEXT[listing.direction]}, sought ${DIRECTION_TEXT[demand.direction]}` };
}

function deadlineReason(demand: DemandFacts, listing: ListingFacts, today: string): Judgement {
  const days = daysUntil(today, demand.deadline);
  if (days >= NEAR_DEADLINE_DAYS) return { effect: 'neutral', fit: 1, text: `deadline ${demand.deadline} (${days} days)` };
  return listing.trl >= READY_TRL
    ? { effect: 'for', fit: 1, text: `TRL ${listing.trl} is ready for the deadline in ${days} days` }
    : { effect: 'against', fit: 0.2, text: `deadline in ${days} days is short for TRL ${listing.trl}` };
}

function evaluationReason(listing: ListingFacts): Judgement {
  if (!listing.evaluation) return { effect: 'neutral', fit: 0.5, text: 'no expert evaluation yet' };
  const { grade, score } = listing.evaluation;
  const fit = Math.max(0, Math.min(1, score / 100));
  const text = `expert evaluation grade ${grade} (${Math.round(score)}/100)`;
  return { effect: score >= 70 ? 'for' : score < 50 ? 'against' : 'neutral', fit, text };
}

/** The explanation: what speaks for the match (in factor order), then what speaks against it. */
export function explanationOf(reasons: readonly MatchReason[]): string {
  const order = (r: MatchReason) => MATCH_FACTORS.indexOf(r.factor);
  const inOrder = [...reasons].sort((a, b) => order(a) - order(b));
  return [...inOrder.filter((r) => r.effect === 'for'), ...inOrder.filter((r) => r.effect === 'against')].map((r) => r.text).join('; ');
}

/**
 * Judges one pair. `text` is the text relevance of the two (0–1, from Meilisearch); `today` the
 * date in China Standard Time. The score is the weighted mean of the factors' fits over the factors
 * that apply (IPC does not apply when either side gave no codes), rounded to 3 decimals.
 */
export function assessMatch(demand: DemandFacts, listing: ListingFacts, text: number, today: string): MatchAssessment {
  const excluded = exclusionOf(demand, listing, text, today);
  if (excluded) return { eligible: false, ...excluded };
  const judgements: Record<MatchFactor, Judgement> = {
    ipc: ipcReason(demand, listing),
    trl: trlReason(demand, listing),
    price: priceReason(demand, listing),
    field: fieldReason(demand, listing),
    text: textReason(text),
    direction: directionReason(demand, listing),
    deadline: deadlineReason(demand, listing, today),
    evaluation: evaluationReason(listing),
  };
  let weighted = 0;
  let total = 0;
  const reasons: MatchReason[] = MATCH_FACTORS.map((factor) => {
    const { applies = true, ...judgement } = judgements[factor];
    const weight = applies ? WEIGHTS[factor] : 0;
    weighted += weight * judgement.fit;
    total += weight;
    return { factor, ...judgement, fit: round3(judgement.fit), weight };
  });
  const score = round3(total > 0 ? weighted / total : 0);
  return { eligible: true, score, reasons, explanation: explanationOf(reasons) };
}

/** Best first; equal scores by id, so a ranking is stable from run to run. */
export function byScoreThenId<T extends { score: number; id: string }>(a: T, b: T): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
