import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Actor } from '@lib/auth';
import {
  Capability,
  EligibilityChangedEvent,
  IdentityEvents,
  IdentityPatterns,
  ListingReadView,
  ListingsPatterns,
  OrganisationStanding,
  QualificationHeldAnswer,
} from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';

const STANDING_REFUSALS: Record<string, string> = {
  pending: 'ORGANISATION.NOT_VERIFIED',
  rejected: 'ORGANISATION.NOT_VERIFIED',
  suspended: 'ORGANISATION.SUSPENDED',
};

/**
 * How long a bid may rely on an answer from identity that the organisation may bid, or holds a
 * qualification, without asking again. Identity announces every change of standing
 * (`IdentityEvents.eligibilityChanged`) and the answer is dropped at once; this bound only matters
 * if that event is lost (NATS restarting, this service reconnecting).
 */
export const ELIGIBILITY_CACHE_MS = 5000;

/** Past this many entries the cache is emptied (it only holds recent bidders; a bound, not a tuning). */
const ELIGIBILITY_CACHE_MAX = 50_000;

/** The moment a qualification dated in China Standard Time stops counting: the end of its last day there. */
export function endOfChinaDay(date: string): number {
  return Date.parse(`${date}T23:59:59.999+08:00`);
}

/**
 * What the auction service asks identity and listings, at the moment it acts.
 *
 * Bids are the exception: eligibility (standing and qualifications) is checked at every bid, but a
 * positive answer from identity is kept for a few seconds (`ELIGIBILITY_CACHE_MS`), and dropped as
 * soon as identity announces a change for that organisation. A qualification is kept no later
 * than its last valid day, so expiry is exact. Refusals are never kept (a newly verified
 * organisation or qualification counts at once). Registration, publishing and payments always ask.
 */
@Injectable()
export class PeerServices implements OnApplicationBootstrap, OnApplicationShutdown {
  /** organisation id → until when (ms) identity's "may bid" answer stands. */
  private readonly mayBid = new Map<string, number>();
  /** `${organisation id}|${qualification type}` → until when (ms) "holds it" stands. */
  private readonly holds = new Map<string, number>();
  /** Cache only while subscribed to identity's change events: without them a change could go unseen. */
  private listening = false;
  private subscription: { unsubscribe(): void } | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Organisations whose answer is being renewed in the background. */
  private readonly renewing = new Set<string>();
  /** Counts identity's announcements: an answer asked for before one arrived is not cached. */
  private changesSeen = 0;

  constructor(private readonly services: ServiceClient) {}

  onApplicationBootstrap(): void {
    this.listen();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.subscription?.unsubscribe();
  }

  private listen(): void {
    if (this.stopped) return;
    // events() subscribes once connected; until it fails, treat it as listening. A change announced
    // before the subscription reached NATS is covered by ELIGIBILITY_CACHE_MS.
    this.listening = true;
    this.subscription = this.services.events<EligibilityChangedEvent>(IdentityEvents.eligibilityChanged).subscribe({
      next: (event) => this.forget(event.organisationId),
      error: () => {
        // Not connected: stop trusting the cache until subscribed again.
        this.listening = false;
        this.mayBid.clear();
        this.holds.clear();
        this.retry = setTimeout(() => this.listen(), 1000);
        this.retry.unref();
      },
    });
  }

  /** Drops what is cached for an organisation (identity announced a change). */
  forget(organisationId: string): void {
    this.changesSeen++;
    this.mayBid.delete(organisationId);
    for (const key of this.holds.keys()) if (key.startsWith(`${organisationId}|`)) this.holds.delete(key);
  }

  /**
   * Whether a recent answer from identity says the organisation may bid and holds every required
   * qualification at `at`. False means "not known": ask with `assertEligibleToBid`.
   */
  knownEligibleToBid(organisationId: string, required: readonly string[], at: Date): boolean {
    if (!this.listening) return false;
    const now = at.getTime();
    let until = this.mayBid.get(organisationId) ?? 0;
    for (const type of required) until = Math.min(until, this.holds.get(`${organisationId}|${type}`) ?? 0);
    if (until <= now) return false;
    // Past half its life, the answer is renewed in the background, so that a bidder who keeps
    // bidding is not made to wait for identity every few seconds. Each answer still counts only
    // for ELIGIBILITY_CACHE_MS from when it was asked.
    if (until - now < ELIGIBILITY_CACHE_MS / 2 && !this.renewing.has(organisationId)) {
      this.renewing.add(organisationId);
      this.assertEligibleToBid(organisationId, required, new Date())
        .catch(() => this.forget(organisationId)) // refused (or identity unreachable): the next bid asks, and hears why
        .finally(() => this.renewing.delete(organisationId));
    }
    return true;
  }

  /** Asks identity whether the organisation may bid now with these qualifications; remembers a yes for a few seconds. */
  async assertEligibleToBid(organisationId: string, required: readonly string[], at: Date): Promise<void> {
    const asked = Date.now();
    const changesSeen = this.changesSeen;
    const [standing, answers] = await Promise.all([this.standing(organisationId), this.held(organisationId, required, at)]);
    this.assertStanding(standing, 'bid');
    this.assertHeld(required, answers);
    if (changesSeen !== this.changesSeen) return; // a change was announced while asking: the answer may predate it
    if (this.mayBid.size + this.holds.size > ELIGIBILITY_CACHE_MAX) {
      this.mayBid.clear();
      this.holds.clear();
    }
    // Counted from before the question: an event published while it was in flight is not outlived.
    const until = asked + ELIGIBILITY_CACHE_MS;
    this.mayBid.set(organisationId, until);
    required.forEach((type, i) => {
      const validUntil = answers[i].validUntil;
      this.holds.set(`${organisationId}|${type}`, validUntil ? Math.min(until, endOfChinaDay(validUntil)) : until);
    });
  }

  async assertMay(organisationId: string, capability: Capability): Promise<void> {
    this.assertStanding(await this.standing(organisationId), capability);
  }

  private standing(organisationId: string): Promise<OrganisationStanding> {
    return this.services.send<OrganisationStanding>(IdentityPatterns.organisationStanding, { actor: null, input: { organisationId } });
  }

  private assertStanding(standing: OrganisationStanding, capability: Capability): void {
    if (!standing.capabilities[capability]) {
      throw new DomainError(STANDING_REFUSALS[standing.status] ?? 'ORGANISATION.NOT_ALLOWED', 'forbidden', `The organisation is ${standing.status}: it cannot ${capability}`, {
        details: { status: standing.status, capability },
      });
    }
  }

  /** For payments: the organisation must exist (money must never land in a wallet nobody owns). */
  async assertOrganisationExists(organisationId: string): Promise<void> {
    await this.services.send<OrganisationStanding>(IdentityPatterns.organisationStanding, { actor: null, input: { organisationId } }).catch((error: DomainError) => {
      if (error.kind !== 'not_found') throw error;
      throw new DomainError('ORGANISATION.NOT_FOUND', 'validation', 'No organisation with this id', {
        fields: [{ field: 'organisationId', messages: ['organisationId names no organisation'] }],
      });
    });
  }

  /** Eligibility: every required qualification verified and valid at `at` (checked at registration and at every bid). */
  async assertQualified(organisationId: string, required: readonly string[], at: Date): Promise<void> {
    this.assertHeld(required, await this.held(organisationId, required, at));
  }

  private held(organisationId: string, required: readonly string[], at: Date): Promise<QualificationHeldAnswer[]> {
    return Promise.all(
      required.map((type) =>
        this.services.send<QualificationHeldAnswer>(IdentityPatterns.qualificationHeld, { actor: null, input: { organisationId, type, at: at.toISOString() } }),
      ),
    );
  }

  private assertHeld(required: readonly string[], answers: QualificationHeldAnswer[]): void {
    const missing = required.filter((_, i) => !answers[i].held);
    if (missing.length > 0) {
      throw new DomainError('BID.NOT_ELIGIBLE', 'forbidden', `The organisation lacks a valid qualification required by this auction: ${missing.join(', ')}`, {
        details: { missing },
      });
    }
  }

  /** The listing as the actor may see it (404 if they may not). */
  listing(actor: Actor, listingId: string): Promise<ListingReadView> {
    return this.services.send<ListingReadView>(ListingsPatterns.get, { actor, input: { listingId } });
  }
}
