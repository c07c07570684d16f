import { Injectable } from '@nestjs/common';
import {
  IdentityPatterns,
  NotificationInboxPatterns,
  notificationOutboxPatternsOf,
  NotificationRequest,
  NotifyingService,
  StoreNotificationsAnswer,
  UsersOfOrganisationsAnswer,
} from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { CoalescedCall } from '../coalesced-call';

/** The most delivery jobs one round trip answers for (the inbox's limit per request is 100). */
const MAX_BATCH = 100;
/** Identity answers for at most this many organisations per request. */
const IDENTITY_MAX_ORGANISATIONS = 100;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The service calls of delivery jobs, coalesced: a settlement burst runs hundreds of delivery jobs a
 * second, and each used to make its own three round trips (identity for the recipients, matching to
 * store, its service to acknowledge the outbox row). Jobs running at the same time now share them;
 * each job still waits for its own answer, so what a job does, and when it fails, is unchanged.
 */
@Injectable()
export class NotificationDeliveryCalls {
  private readonly members: CoalescedCall<string[], string[]>;
  private readonly stores: CoalescedCall<{ request: NotificationRequest; recipientUserIds: string[] }, StoreNotificationsAnswer>;
  private readonly acks = new Map<NotifyingService, CoalescedCall<string, void>>();

  constructor(private readonly services: ServiceClient) {
    this.members = new CoalescedCall(async (batches) => {
      const organisationIds = [...new Set(batches.flat())];
      const answers = await Promise.all(chunks(organisationIds, IDENTITY_MAX_ORGANISATIONS).map((chunk) => this.ask(chunk, false)));
      const byOrganisation = new Map<string, string[]>();
      for (const user of answers.flatMap((a) => a.users)) {
        if (user.organisationId) byOrganisation.set(user.organisationId, [...(byOrganisation.get(user.organisationId) ?? []), user.userId]);
      }
      return batches.map((organisationIds) => organisationIds.flatMap((id) => byOrganisation.get(id) ?? []));
    }, MAX_BATCH);
    this.stores = new CoalescedCall((items) => this.services.send<StoreNotificationsAnswer[]>(NotificationInboxPatterns.storeMany, { actor: null, input: { items } }), MAX_BATCH);
  }

  /** The users to notify for these organisations (their members) and, if asked, every operator. */
  async recipientsOf(organisationIds: string[], operators: boolean): Promise<string[]> {
    // Rare (operators' notices): asked alone, as identity answers it.
    if (operators) return (await this.ask(organisationIds, true)).users.map((u) => u.userId);
    return organisationIds.length > 0 ? this.members.call(organisationIds) : [];
  }

  store(request: NotificationRequest, recipientUserIds: string[]): Promise<StoreNotificationsAnswer> {
    return this.stores.call({ request, recipientUserIds });
  }

  acknowledge(service: NotifyingService, outboxId: string): Promise<void> {
    let call = this.acks.get(service);
    if (!call) {
      call = new CoalescedCall<string, void>(async (outboxIds) => {
        await this.services.send(notificationOutboxPatternsOf(service).ack, { actor: null, input: { outboxIds } });
        return outboxIds.map(() => undefined);
      }, MAX_BATCH);
      this.acks.set(service, call);
    }
    return call.call(outboxId);
  }

  private ask(organisationIds: string[], operators: boolean): Promise<UsersOfOrganisationsAnswer> {
    return this.services.send<UsersOfOrganisationsAnswer>(IdentityPatterns.usersOfOrganisations, { actor: null, input: { organisationIds, operators } });
  }
}
