/** NATS message patterns answered by the identity service. */
export const IdentityPatterns = {
  register: 'identity.auth.register',
  acceptInvitation: 'identity.auth.accept-invitation',
  login: 'identity.auth.login',
  refresh: 'identity.auth.refresh',
  logout: 'identity.auth.logout',
  me: 'identity.users.me',

  myOrganisation: 'identity.organisations.mine',
  members: 'identity.organisations.members',
  resubmitOrganisation: 'identity.organisations.resubmit',
  inviteMember: 'identity.invitations.create',
  listInvitations: 'identity.invitations.list',
  listOrganisations: 'identity.organisations.list',
  getOrganisation: 'identity.organisations.get',
  moderateOrganisation: 'identity.organisations.moderate',
  /** Members and operators: the public names of organisations by id (see OrganisationNamesQuery). */
  organisationNames: 'identity.organisations.names',
  /** For other services: may organisation X act (publish, bid, sign) now? */
  organisationStanding: 'identity.organisations.standing',
  /** For the notification worker: the users of these organisations (recipients of a notification). */
  usersOfOrganisations: 'identity.organisations.users',

  submitQualification: 'identity.qualifications.submit',
  listQualifications: 'identity.qualifications.list',
  getQualification: 'identity.qualifications.get',
  reviewQualification: 'identity.qualifications.review',
  /** For other services: does organisation X hold a valid qualification Q at time T? */
  qualificationHeld: 'identity.qualifications.held',

  createExpert: 'identity.experts.create',
  listExperts: 'identity.experts.list',

  listAudit: 'identity.audit.list',
  verifyAudit: 'identity.audit.verify',
  /** For the worker: link committed audit entries into the hash chain (harmless to repeat). */
  sealAudit: 'identity.audit.seal',
} as const;

/**
 * Events identity publishes (fire and forget, to every subscriber on every replica).
 * `eligibilityChanged`: something that decides whether an organisation may bid changed (its
 * standing: suspended, reinstated, rejected, resubmitted). Services that cache eligibility drop
 * what they hold for it; they must still bound what they cache by time, since an event can be lost.
 */
export const IdentityEvents = {
  eligibilityChanged: 'identity.events.eligibility-changed',
} as const;

export interface EligibilityChangedEvent {
  organisationId: string;
}

export interface UsersOfOrganisationsQuery {
  organisationIds: string[];
  /** Also every operator (a notification to "the operators"). */
  operators?: boolean;
}

export interface UsersOfOrganisationsAnswer {
  /** Operators have no organisation. */
  users: { userId: string; organisationId: string | null }[];
}
