/**
 * How any service asks for people to be notified. A service that changes state writes the request
 * into its own notification outbox in the same transaction (`@lib/outbox`); the worker's relay claims
 * pending rows and turns each into a retried job (job id from `key`, so a repeated request stores one
 * notification) that writes the in-app inbox kept by the matching service, hands it to the delivery
 * channels and marks the row sent. `requested` remains for callers without an outbox (tests, tools):
 * a request published on it is lost if NATS or the worker is down.
 */
export const NotificationPatterns = {
  /** Event: a request to deliver now, without an outbox behind it. */
  requested: 'notifications.requested',
  /** Event, after a commit that wrote outbox rows: relay now rather than at the next sweep (a hint; losing it delays, never loses). */
  outboxPending: 'notifications.outbox-pending',
} as const;

/** The services that keep a notification outbox (table `<service>.notification_outbox`); the relay claims from each. */
export const NOTIFYING_SERVICES = ['auction', 'evaluation', 'matching'] as const;
export type NotifyingService = (typeof NOTIFYING_SERVICES)[number];

/** What a notifying service answers to the relay (service to service, never through the gateway). */
export const notificationOutboxPatternsOf = (service: NotifyingService) =>
  ({
    /** Claim pending rows for a while (FOR UPDATE SKIP LOCKED: concurrent relays get different rows). */
    claim: `${service}.notification-outbox.claim`,
    /** Mark rows sent: their inbox entries are stored. */
    ack: `${service}.notification-outbox.ack`,
  }) as const;

/** One claimed outbox row. The request's key is unique in the outbox: it is the row's identity across relays, jobs and the inbox. */
export interface OutboxNotification {
  outboxId: string;
  request: NotificationRequest;
  /** How many times the row has been claimed, this claim included: 1 means no relay ever queued its job. */
  attempts?: number;
}

export const NOTIFICATION_SUBJECT_TYPES = ['listing', 'demand', 'match', 'interest', 'negotiation', 'trade', 'evaluation', 'auction'] as const;
export type NotificationSubjectType = (typeof NOTIFICATION_SUBJECT_TYPES)[number];

export interface NotificationRequest {
  /** Stable idempotency key, e.g. `trade.signed:<tradeId>`. */
  key: string;
  /** Machine-readable kind, e.g. `match.new`, `trade.signed`, `evaluation.assigned`. */
  kind: string;
  /** Every active user of these organisations receives it… */
  recipientOrganisationIds: string[];
  /** …and these users (experts, operators). */
  recipientUserIds: string[];
  /** …and every operator of the platform, looked up by identity at delivery (so one who joined since is told too). */
  recipientOperators?: boolean;
  title: string;
  body: string;
  subject: { type: NotificationSubjectType; id: string };
}
