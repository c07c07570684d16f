import { DemandDocument, DemandPublicView, DemandView, formatFen, ipcPrefixesOf } from '@lib/contracts';
import { Actor, Role } from '@lib/auth';
import { dayNumber, isExpired } from '../domain/dates';
import { DemandFacts } from '../domain/scoring';
import { DemandEntity } from './demand.entity';

/**
 * THE place that decides what of a demand others see. Hidden and closed demands are never shown to
 * anyone but their owner organisation and operators; `registered` ones only to logged-in members of
 * registered organisations (and operators); `public` ones to everyone. Never the posting organisation.
 */
export function publicDemandOf(demand: DemandEntity, today: string): DemandPublicView | null {
  if (demand.status !== 'open') return null;
  return {
    id: demand.id,
    title: demand.title,
    description: demand.description,
    field: demand.field,
    direction: demand.direction,
    ipcCodes: [...demand.ipcCodes],
    minTrl: demand.minTrl,
    budget: demand.budgetFen === null ? null : formatFen(demand.budgetFen),
    budgetNegotiable: demand.budgetFen === null,
    deadline: demand.deadline,
    visibility: demand.visibility,
    postedAt: demand.createdAt.toISOString(),
    expired: isExpired(demand.deadline, today),
  };
}

/** Whether `actor` (null: anonymous) may read the public part of an open demand of this visibility. */
export function mayReadDemand(actor: Actor | null, demand: Pick<DemandEntity, 'visibility'>): boolean {
  if (demand.visibility === 'public') return true;
  return actor !== null && (actor.role === Role.operator || ((actor.role === Role.enterprise || actor.role === Role.institute) && actor.organisationId !== null));
}

/** The visibilities `actor` may read, as a search filter. */
export function readableVisibilities(actor: Actor | null): DemandEntity['visibility'][] {
  return mayReadDemand(actor, { visibility: 'registered' }) ? ['public', 'registered'] : ['public'];
}

/** Everything, for the owner organisation and operators. */
export function fullDemandOf(demand: DemandEntity, today: string): DemandView {
  return {
    id: demand.id,
    title: demand.title,
    description: demand.description,
    field: demand.field,
    direction: demand.direction,
    ipcCodes: [...demand.ipcCodes],
    minTrl: demand.minTrl,
    budget: demand.budgetFen === null ? null : formatFen(demand.budgetFen),
    budgetNegotiable: demand.budgetFen === null,
    deadline: demand.deadline,
    visibility: demand.visibility,
    postedAt: demand.createdAt.toISOString(),
    expired: isExpired(demand.deadline, today),
    organisationId: demand.organisationId,
    status: demand.status,
    statusReason: demand.statusReason,
    createdBy: demand.createdBy,
    createdAt: demand.createdAt.toISOString(),
    updatedAt: demand.updatedAt.toISOString(),
    closedAt: demand.closedAt?.toISOString() ?? null,
    hiddenAt: demand.hiddenAt?.toISOString() ?? null,
    matchedAt: demand.matchedAt?.toISOString() ?? null,
    version: demand.version,
  };
}

/** The search document of a demand, or null: it must not be (or no longer be) in the index. */
export function demandDocumentOf(demand: DemandEntity): DemandDocument | null {
  if (demand.status !== 'open') return null;
  return {
    id: demand.id,
    title: demand.title,
    description: demand.description,
    field: demand.field,
    direction: demand.direction,
    ipcCodes: [...demand.ipcCodes],
    ipcPrefixes: [...new Set(demand.ipcCodes.flatMap(ipcPrefixesOf))],
    minTrl: demand.minTrl,
    budget: demand.budgetFen === null ? null : formatFen(demand.budgetFen),
    budgetFen: demand.budgetFen === null ? null : Number(demand.budgetFen),
    budgetNegotiable: demand.budgetFen === null,
    deadline: demand.deadline,
    deadlineDay: dayNumber(demand.deadline),
    visibility: demand.visibility,
    postedAt: demand.createdAt.getTime(),
    postedAtIso: demand.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a demand's change. */
export const demandSnapshot = (demand: DemandEntity) => ({
  status: demand.status,
  statusReason: demand.statusReason,
  title: demand.title,
  field: demand.field,
  direction: demand.direction,
  ipcCodes: demand.ipcCodes,
  minTrl: demand.minTrl,
  budgetFen: demand.budgetFen,
  deadline: demand.deadline,
  visibility: demand.visibility,
});

/** The facts the matcher judges a demand by. */
export const demandFactsOf = (demand: DemandEntity): DemandFacts => ({
  organisationId: demand.organisationId,
  field: demand.field,
  direction: demand.direction,
  ipcCodes: demand.ipcCodes,
  minTrl: demand.minTrl,
  budgetFen: demand.budgetFen === null ? null : BigInt(demand.budgetFen),
  deadline: demand.deadline,
});
