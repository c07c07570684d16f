export const Direction = { mil_to_civ: 'mil_to_civ', civ_to_mil: 'civ_to_mil' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];
export const DIRECTIONS = Object.values(Direction);

/** 密级 of the achievement at its origin. Top secret (绝密) is refused outright at input. */
export const SecrecyLevel = { public: 'public', internal: 'internal', secret: 'secret', confidential: 'confidential' } as const;
export type SecrecyLevel = (typeof SecrecyLevel)[keyof typeof SecrecyLevel];
export const SECRECY_LEVELS = Object.values(SecrecyLevel);

export const TRANSACTION_MODES = ['transfer', 'exclusive_licence', 'non_exclusive_licence', 'joint_development', 'equity_investment'] as const;
export type TransactionMode = (typeof TRANSACTION_MODES)[number];

export const ListingStatus = {
  draft: 'draft',
  pending_review: 'pending_review',
  published: 'published',
  rejected: 'rejected',
  suspended: 'suspended',
  sold: 'sold',
  withdrawn: 'withdrawn',
} as const;
export type ListingStatus = (typeof ListingStatus)[keyof typeof ListingStatus];
export const LISTING_STATUSES = Object.values(ListingStatus);

/** Who may open the restricted dossier, beyond having accepted the NDA. */
export const DossierAccessPolicy = {
  /** Only organisations the owner granted access to. */
  by_grant: 'by_grant',
  /** Every verified organisation that accepted the NDA. */
  verified_organisations: 'verified_organisations',
} as const;
export type DossierAccessPolicy = (typeof DossierAccessPolicy)[keyof typeof DossierAccessPolicy];

export const ListingAction = {
  submit: 'submit',
  approve: 'approve',
  reject: 'reject',
  suspend: 'suspend',
  reinstate: 'reinstate',
  withdraw: 'withdraw',
  revise: 'revise',
} as const;
export type ListingAction = (typeof ListingAction)[keyof typeof ListingAction];
