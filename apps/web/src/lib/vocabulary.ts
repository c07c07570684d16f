/** The API's fixed vocabularies (libs/contracts), as the console offers them in forms and filters. */
export const TECHNICAL_FIELDS = [
  'new_materials',
  'lasers_optics',
  'nuclear',
  'aerodynamics',
  'aero_engines_gas_turbines',
  'electronic_information',
  'navigation_remote_sensing',
  'unmanned_systems',
  'energy_power',
  'advanced_manufacturing',
  'biomedicine',
  'other',
] as const;
export const DIRECTIONS = ['mil_to_civ', 'civ_to_mil'] as const;
export const TRANSACTION_MODES = ['transfer', 'exclusive_licence', 'non_exclusive_licence', 'joint_development', 'equity_investment'] as const;
export const SECRECY_LEVELS = ['public', 'internal', 'secret', 'confidential'] as const;
export const PATENT_KINDS = ['invention', 'utility_model', 'design'] as const;
export const AUCTION_TYPES = ['english', 'sealed_first_price', 'sealed_second_price', 'dutch'] as const;
export const AUCTION_STATUSES = ['scheduled', 'open', 'paused', 'closed', 'settled', 'cancelled'] as const;
export const QUALIFICATION_TYPES = ['weapons_rnd_licence', 'quality_system', 'equipment_supplier', 'secrecy', 'civil_military_enterprise'] as const;
export const TRADE_STATUSES = ['pending_signature', 'signed', 'paid', 'completed', 'disputed', 'refunded', 'cancelled'] as const;
export const RUBRIC_CRITERIA = ['technicalAdvancement', 'maturity', 'ipStrength', 'marketProspect', 'dualUseValue'] as const;
export const VALUATION_METHODS = ['cost', 'market', 'income'] as const;
export const EVALUATION_STATUSES = ['requested', 'in_review', 'flagged', 'published', 'cancelled'] as const;
export const ASSIGNMENT_STATUSES = ['assigned', 'submitted', 'replaced', 'withdrawn'] as const;
export const CONFLICT_REASONS = ['listing_organisation', 'auction_or_trade', 'interest_or_negotiation'] as const;
export const DEMAND_STATUSES = ['open', 'closed', 'hidden'] as const;
export const DEMAND_VISIBILITIES = ['public', 'registered'] as const;
export const DEMAND_SORTS = ['relevance', 'newest', 'deadline'] as const;
export const MATCH_FACTORS = ['ipc', 'trl', 'price', 'field', 'text', 'direction', 'deadline', 'evaluation'] as const;
export const MATCH_EFFECTS = ['for', 'against', 'neutral'] as const;
