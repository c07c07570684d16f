import { InvitationView, OrganisationView, QualificationView, UserView } from '@lib/contracts';
import { capabilitiesOf } from './domain/organisation-status';
import { effectiveStatusAt } from './domain/qualification-validity';
import { OrganisationEntity } from './organisations/organisation.entity';
import { QualificationEntity } from './qualifications/qualification.entity';
import { InvitationEntity } from './users/invitation.entity';
import { UserEntity } from './users/user.entity';

/** What leaves the identity service: never a password hash or a token hash. */
export const toOrganisationView = (o: OrganisationEntity): OrganisationView => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  creditCode: o.creditCode,
  regionCode: o.regionCode,
  status: o.status,
  statusReason: o.statusReason,
  verifiedAt: o.verifiedAt?.toISOString() ?? null,
  createdAt: o.createdAt.toISOString(),
  capabilities: capabilitiesOf(o.status),
});

export const toUserView = (u: UserEntity): UserView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  organisationId: u.organisationId,
  isOrganisationAdmin: u.isOrganisationAdmin,
  expertiseFields: u.expertiseFields,
  createdAt: u.createdAt.toISOString(),
});

export const toInvitationView = (i: InvitationEntity): InvitationView => ({
  id: i.id,
  email: i.email,
  organisationId: i.organisationId,
  role: i.role,
  expiresAt: i.expiresAt.toISOString(),
  acceptedAt: i.acceptedAt?.toISOString() ?? null,
  createdAt: i.createdAt.toISOString(),
});

export const toQualificationView = (q: QualificationEntity, now: Date): QualificationView => ({
  id: q.id,
  organisationId: q.organisationId,
  type: q.type,
  number: q.number,
  grade: q.grade,
  issuer: q.issuer,
  validFrom: q.validFrom,
  validUntil: q.validUntil,
  status: q.status,
  effectiveStatus: effectiveStatusAt(q, now),
  reviewReason: q.reviewReason,
  reviewedAt: q.reviewedAt?.toISOString() ?? null,
  createdAt: q.createdAt.toISOString(),
});

/** Audit snapshots: the fields whose change matters, nothing secret. */
export const organisationSnapshot = (o: OrganisationEntity) => ({
  name: o.name,
  kind: o.kind,
  creditCode: o.creditCode,
  regionCode: o.regionCode,
  status: o.status,
  statusReason: o.statusReason,
});

export const userSnapshot = (u: UserEntity) => ({
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  organisationId: u.organisationId,
  isOrganisationAdmin: u.isOrganisationAdmin,
  expertiseFields: u.expertiseFields,
});

export const qualificationSnapshot = (q: QualificationEntity) => ({
  type: q.type,
  number: q.number,
  grade: q.grade,
  issuer: q.issuer,
  validFrom: q.validFrom,
  validUntil: q.validUntil,
  status: q.status,
  reviewReason: q.reviewReason,
});
