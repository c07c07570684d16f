/** The four roles of BRIEF.md ("Actors and roles"). Anonymous callers have no role. */
export const Role = {
  institute: 'institute',
  enterprise: 'enterprise',
  expert: 'expert',
  operator: 'operator',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ALL_ROLES: Role[] = Object.values(Role);

/** Roles whose users always belong to an organisation and act for it. */
export const MEMBER_ROLES: Role[] = [Role.institute, Role.enterprise];
