export const OrganisationKind = { institute: 'institute', enterprise: 'enterprise' } as const;
export type OrganisationKind = (typeof OrganisationKind)[keyof typeof OrganisationKind];

export const OrganisationStatus = {
  pending: 'pending',
  verified: 'verified',
  rejected: 'rejected',
  suspended: 'suspended',
} as const;
export type OrganisationStatus = (typeof OrganisationStatus)[keyof typeof OrganisationStatus];

/** Operator decisions on an organisation. */
export const ModerationDecision = { verify: 'verify', reject: 'reject', suspend: 'suspend', reinstate: 'reinstate' } as const;
export type ModerationDecision = (typeof ModerationDecision)[keyof typeof ModerationDecision];

/** The "four certificates" and the civil-military integration enterprise certification. */
export const QualificationType = {
  weapons_rnd_licence: 'weapons_rnd_licence',
  quality_system: 'quality_system',
  equipment_supplier: 'equipment_supplier',
  secrecy: 'secrecy',
  civil_military_enterprise: 'civil_military_enterprise',
} as const;
export type QualificationType = (typeof QualificationType)[keyof typeof QualificationType];

export const QualificationStatus = { submitted: 'submitted', verified: 'verified', rejected: 'rejected' } as const;
export type QualificationStatus = (typeof QualificationStatus)[keyof typeof QualificationStatus];

/** What a qualification means today: a verified one outside its dates does not count. */
export type QualificationEffectiveStatus = QualificationStatus | 'expired' | 'not_yet_valid';

/** What an organisation's members may do, given its status. */
export interface Capabilities {
  draft: boolean;
  inviteMembers: boolean;
  submitQualifications: boolean;
  publish: boolean;
  bid: boolean;
  sign: boolean;
}
export type Capability = keyof Capabilities;
