/**
 * Every BullMQ queue, its job names and their payloads, in one place so producers and the
 * worker cannot disagree. A payload always carries the correlation id of the request that
 * caused it, so logs of the job line up with the logs of the request.
 */
export const QueueName = {
  system: 'system',
  searchIndexing: 'search-indexing',
  auctionLifecycle: 'auction-lifecycle',
  tradeDeadlines: 'trade-deadlines',
  notifications: 'notifications',
  negotiationTrades: 'negotiation-trades',
  evaluationDeadlines: 'evaluation-deadlines',
  matching: 'matching',
  auditSealing: 'audit-sealing',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export interface JobMeta {
  correlationId?: string;
}

export const SystemJob = {
  heartbeat: 'heartbeat',
} as const;

export interface SystemJobs {
  [SystemJob.heartbeat]: JobMeta;
}

/** Redis key (under the deployment's prefix) where the worker records its last heartbeat. */
export const WORKER_HEARTBEAT_KEY = 'worker:heartbeat';
export const WORKER_HEARTBEAT_EVERY_MS = 5000;

export const SearchIndexingJob = {
  /** Apply pending catalogue changes from the listings outbox to Meilisearch. */
  relayCatalogue: 'relay-catalogue',
} as const;

/** How often the worker sweeps the outbox even without a trigger (catches anything missed). */
export const CATALOGUE_SWEEP_EVERY_MS = 5000;

export const AuctionLifecycleJob = {
  /** Open a scheduled auction at its start. */
  open: 'open',
  /** Settle one auction once it has closed (re-schedules itself if the end moved). */
  settle: 'settle',
  /** Find auctions past their end that are not settled (after Redis lost its jobs, say). */
  sweep: 'sweep',
} as const;

export interface SettleJob extends JobMeta {
  auctionId: string;
}

export const openJobId = (auctionId: string, startsAt: Date) => `open-${auctionId}-${startsAt.getTime()}`;
export const settleJobId = (auctionId: string, dueAt: Date) => `settle-${auctionId}-${dueAt.getTime()}`;
export const AUCTION_SWEEP_EVERY_MS = 30_000;

/**
 * The settlement worker's options (the bench's ceiling uses them too). Settle jobs mostly wait for
 * the round trips they share with the jobs running beside them, so many run at once. Short job
 * locks: a settle job takes milliseconds, and if its worker dies the job must be picked up again in
 * seconds (lock expiry + stall check), not minutes.
 */
export const AUCTION_LIFECYCLE_WORKER_OPTIONS = { concurrency: 40, lockDuration: 10_000, stalledInterval: 5_000 } as const;

export const TradeDeadlinesJob = {
  /** Flag trades left unsigned past the signature deadline (repeats; idempotent). */
  flagOverdueSignatures: 'flag-overdue-signatures',
} as const;

export const NotificationJob = {
  /** Expand the recipients of one notification request, store the inbox entries, hand them to the channels. */
  deliver: 'deliver',
  /** Claim the services' unsent notification outbox rows and queue a `deliver` job for each (repeats; idempotent). */
  relayOutbox: 'relay-outbox',
} as const;

/** The payload is the `NotificationRequest` itself; its job id is `notificationJobId(key)` (see contracts). */
export interface DeliverNotificationJob extends JobMeta {
  request: import('@lib/contracts').NotificationRequest;
  /** Channels that already delivered it (a retried job does not send twice through them). */
  deliveredChannels?: string[];
  /** The outbox row it came from: acknowledged to its service once the inbox holds the entries. */
  outbox?: { service: import('@lib/contracts').NotifyingService; outboxId: string };
}

/** How often the worker relays the notification outboxes even without a hint (catches anything missed). */
export const NOTIFICATION_OUTBOX_SWEEP_EVERY_MS = 5000;
/**
 * How long a claimed outbox row is left to its delivery job before another relay claims it again.
 * A job normally ends within a second; a row whose job was lost (Redis flushed) waits this long.
 */
export const NOTIFICATION_OUTBOX_LEASE_MS = 15_000;

export const NegotiationTradeJob = {
  /** Open the trade of one agreed negotiation (after the in-line attempt failed). */
  openTrade: 'open-trade',
  /** Find agreed negotiations without a trade (a lost job, Redis flushed) and open them. */
  sweep: 'sweep',
} as const;

export interface OpenNegotiatedTradeJob extends JobMeta {
  negotiationId: string;
}

export const openNegotiatedTradeJobId = (negotiationId: string) => `open-trade-${negotiationId}`;
export const NEGOTIATION_TRADE_SWEEP_EVERY_MS = 30_000;

export const EvaluationDeadlineJob = {
  /** Remind an expert whose review is due soon. */
  reminder: 'reminder',
  /** Flag an expert whose deadline passed without a review. */
  missed: 'missed',
  /** Find reminders and deadlines that came without their job, and published results not yet on their listing. */
  sweep: 'sweep',
} as const;

export interface EvaluationDeadlineJobData extends JobMeta {
  assignmentId: string;
}

/** One job per assignment and kind: an assignment's deadline never moves (a replacement is a new assignment). */
export const evaluationDeadlineJobId = (kind: 'reminder' | 'missed', assignmentId: string) => `${kind}-${assignmentId}`;
export const EVALUATION_SWEEP_EVERY_MS = 30_000;
export const MatchingJob = {
  /** Rank published listings for a demand that was posted, changed or restored. */
  matchDemand: 'match-demand',
  /** Rank open demands for a listing that entered the catalogue or changed there. */
  matchListing: 'match-listing',
  /** A listing left the catalogue: retire its matches. */
  retireListing: 'retire-listing',
  /** Find demands whose current version was never matched (a lost job); catch up the demand index and notifications. */
  sweep: 'sweep',
} as const;

export interface MatchDemandJob extends JobMeta {
  demandId: string;
}

export interface MatchListingJob extends JobMeta {
  listingId: string;
}

/** Listings that left the catalogue in one relay batch (`retire-listing` jobs). */
export interface RetireListingsJob extends JobMeta {
  listingIds: string[];
}

/** One job per demand version: a repeated trigger for the same version is stored once. */
export const matchDemandJobId = (demandId: string, version: number) => `match-demand-${demandId}-${version}`;
/** One job per publication (and public-part version) of a listing. */
export const matchListingJobId = (listingId: string, stamp: string | number) => `match-listing-${listingId}-${stamp}`;
export const retireListingJobId = (listingId: string, stamp: string | number) => `retire-listing-${listingId}-${stamp}`;
export const MATCHING_SWEEP_EVERY_MS = 30_000;
/**
 * BullMQ runs jobs without a priority before prioritised ones. A demand's run (someone just posted or
 * changed it and is waiting for its matches) goes first; runs for publications come from the catalogue
 * relay, which after a bulk import or a rebuild queues thousands at once, and must not hold those up.
 */
export const LISTING_MATCHING_PRIORITY = 10;

export const AuditSealingJob = {
  /** Link committed audit entries into the hash chain (each app seals after its own commits; this catches the rest). */
  seal: 'seal',
} as const;

/** At most this long an audit entry waits for its seal when the app that wrote it could not seal it. */
export const AUDIT_SEAL_EVERY_MS = 1000;
