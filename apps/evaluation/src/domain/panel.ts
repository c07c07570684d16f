import { PANEL_MAX_SIZE, PANEL_MIN_SIZE } from '@lib/contracts';
import { DomainError } from '@lib/errors';

/** An expert as identity knows them; `null` when the id names no expert of the pool. */
export interface ExpertCandidate {
  id: string;
  name: string;
  fields: string[];
  organisationId: string | null;
}

/** Who may not judge this listing, gathered at the moment of assignment. */
export interface ConflictSources {
  listingOrganisationId: string;
  /** Registered for an auction of the listing, or party to a trade of it (the auction service). */
  auctionOrTradeOrganisationIds: readonly string[];
  /** Expressed interest in the listing or negotiated for it (the matching service). */
  interestOrNegotiationOrganisationIds: readonly string[];
}

export type ConflictReason = 'listing_organisation' | 'auction_or_trade' | 'interest_or_negotiation';

export const CONFLICT_MESSAGES: Record<ConflictReason, string> = {
  listing_organisation: 'the expert belongs to the listing’s organisation',
  auction_or_trade: 'the expert’s organisation registered for an auction of this listing or is party to a trade of it',
  interest_or_negotiation: 'the expert’s organisation expressed interest in this listing or negotiated for it',
};

/** The first conflict of interest an expert has with the listing, or null. An expert without an organisation has none. */
export function conflictOf(expert: Pick<ExpertCandidate, 'organisationId'>, sources: ConflictSources): ConflictReason | null {
  const organisationId = expert.organisationId;
  if (!organisationId) return null;
  if (organisationId === sources.listingOrganisationId) return 'listing_organisation';
  if (sources.auctionOrTradeOrganisationIds.includes(organisationId)) return 'auction_or_trade';
  if (sources.interestOrNegotiationOrganisationIds.includes(organisationId)) return 'interest_or_negotiation';
  return null;
}

export interface PanelCheck {
  /** The listing's technical field: every expert must have it among their fields. */
  field: string;
  /** The requested ids, in order, each with the expert found for it (or null). */
  requested: { id: string; expert: ExpertCandidate | null }[];
  /** Experts already on the panel of this round (active or replaced): none may be added again. */
  alreadyOnPanel: readonly string[];
  sources: ConflictSources;
  /** The input field the ids came from: `expertIds` for a panel, `expertId` for a replacement. */
  inputField: string;
  /** Whether the size rule applies (a whole panel) or not (one replacement). */
  wholePanel: boolean;
}

/**
 * Panel composition, checked in this order so the answer names the most basic problem first:
 * size and duplicates (400), ids that are not experts (400), experts already on the panel (409),
 * experts outside the listing's field (422), conflicts of interest (422, each with its reason).
 */
export function assertPanelAcceptable(check: PanelCheck): ExpertCandidate[] {
  const { requested, inputField } = check;
  const ids = requested.map((r) => r.id);
  if (check.wholePanel && (ids.length < PANEL_MIN_SIZE || ids.length > PANEL_MAX_SIZE)) {
    throw invalid(inputField, `${inputField} must name ${PANEL_MIN_SIZE} to ${PANEL_MAX_SIZE} experts`);
  }
  if (new Set(ids).size !== ids.length) throw invalid(inputField, `${inputField} must not name an expert twice`);
  const unknown = requested.filter((r) => r.expert === null).map((r) => r.id);
  if (unknown.length) {
    throw new DomainError('EVALUATION.NOT_AN_EXPERT', 'validation', `Not in the expert pool: ${unknown.join(', ')}`, {
      fields: [{ field: inputField, messages: unknown.map((id) => `${id} is not an expert of the pool`) }],
    });
  }
  const experts = requested.map((r) => r.expert!);
  const repeated = experts.filter((e) => check.alreadyOnPanel.includes(e.id));
  if (repeated.length) {
    throw new DomainError('EVALUATION.EXPERT_ALREADY_ON_PANEL', 'conflict', `Already on this panel: ${repeated.map((e) => e.id).join(', ')}`, {
      fields: [{ field: inputField, messages: repeated.map((e) => `${e.id} is already on this panel`) }],
    });
  }
  const outside = experts.filter((e) => !e.fields.includes(check.field));
  if (outside.length) {
    throw new DomainError('EVALUATION.EXPERT_FIELD_MISMATCH', 'rule_violation', `Experts must work in the listing’s field (${check.field})`, {
      fields: [{ field: inputField, messages: outside.map((e) => `${e.id} does not work in ${check.field}`) }],
      details: { field: check.field, experts: outside.map((e) => ({ expertId: e.id, fields: e.fields })) },
    });
  }
  const conflicts = experts.flatMap((e) => {
    const reason = conflictOf(e, check.sources);
    return reason ? [{ expertId: e.id, reason, message: CONFLICT_MESSAGES[reason] }] : [];
  });
  if (conflicts.length) {
    throw new DomainError(
      'EVALUATION.CONFLICT_OF_INTEREST',
      'rule_violation',
      `Conflict of interest: ${conflicts.map((c) => `${c.expertId}: ${c.message}`).join('; ')}`,
      {
        fields: [{ field: inputField, messages: conflicts.map((c) => `${c.expertId}: ${c.message}`) }],
        details: { conflicts },
      },
    );
  }
  return experts;
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('REQUEST.INVALID', 'validation', `Invalid input: ${field}`, { fields: [{ field, messages: [message] }] });
}
