/**
 * How any service asks for people to be notified. Services publish a request; the worker turns it
 * into a retried job (job id = `key`, so a repeated request stores one notification) that writes
 * the in-app inbox kept by the matching service and hands it to the delivery channels.
 */
export const NotificationPatterns = {
  /** Event, published by any service. */
  requested: 'notifications.requested',
} as const;

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
  title: string;
  body: string;
  subject: { type: NotificationSubjectType; id: string };
}
