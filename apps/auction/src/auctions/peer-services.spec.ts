import { IdentityEvents, IdentityPatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { Subject } from 'rxjs';
import { ELIGIBILITY_CACHE_MS, endOfChinaDay, PeerServices } from './peer-services';

/** Identity as the auction service sees it over NATS: answers, and the change events it publishes. */
class FakeIdentity {
  status = 'verified';
  qualifications = new Map<string, string>(); // type → validUntil
  asked = 0;
  readonly changes = new Subject<unknown>();
  /** Runs while a question is in flight (to announce a change meanwhile). */
  duringQuestion: (() => void) | null = null;

  client(): ServiceClient {
    return {
      send: async (pattern: string, payload: { input: { organisationId: string; type?: string } }) => {
        this.asked++;
        this.duringQuestion?.();
        if (pattern === IdentityPatterns.organisationStanding) {
          return { organisationId: payload.input.organisationId, status: this.status, capabilities: { bid: this.status === 'verified' } };
        }
        const validUntil = this.qualifications.get(payload.input.type!) ?? null;
        return { held: validUntil !== null, qualificationId: validUntil ? 'q' : null, validUntil };
      },
      events: (pattern: string) => {
        expect(pattern).toBe(IdentityEvents.eligibilityChanged);
        return this.changes.asObservable();
      },
    } as unknown as ServiceClient;
  }
}

describe('PeerServices: eligibility for bids', () => {
  const org = 'org-1';
  let identity: FakeIdentity;
  let peers: PeerServices;

  beforeEach(() => {
    identity = new FakeIdentity();
    peers = new PeerServices(identity.client());
    peers.onApplicationBootstrap();
  });
  afterEach(() => peers.onApplicationShutdown());

  it('knows nothing until identity was asked; a yes is then trusted for ELIGIBILITY_CACHE_MS, not longer', async () => {
    const now = new Date();
    expect(peers.knownEligibleToBid(org, [], now)).toBe(false);
    await peers.assertEligibleToBid(org, [], now);
    expect(peers.knownEligibleToBid(org, [], new Date(now.getTime() + ELIGIBILITY_CACHE_MS - 200))).toBe(true);
    expect(peers.knownEligibleToBid(org, [], new Date(now.getTime() + ELIGIBILITY_CACHE_MS + 200))).toBe(false);
  });

  it('never remembers a refusal: a suspended organisation is refused each time identity is asked', async () => {
    identity.status = 'suspended';
    await expect(peers.assertEligibleToBid(org, [], new Date())).rejects.toMatchObject({ code: 'ORGANISATION.SUSPENDED' });
    expect(peers.knownEligibleToBid(org, [], new Date())).toBe(false);
    identity.qualifications.clear();
    identity.status = 'verified';
    await expect(peers.assertEligibleToBid(org, ['export_licence'], new Date())).rejects.toMatchObject({ code: 'BID.NOT_ELIGIBLE' });
    expect(peers.knownEligibleToBid(org, ['export_licence'], new Date())).toBe(false);
  });

  it('forgets an organisation as soon as identity announces a change of its standing', async () => {
    await peers.assertEligibleToBid(org, [], new Date());
    await peers.assertEligibleToBid('org-2', [], new Date());
    identity.changes.next({ organisationId: org });
    expect(peers.knownEligibleToBid(org, [], new Date())).toBe(false);
    expect(peers.knownEligibleToBid('org-2', [], new Date())).toBe(true);
  });

  it('does not cache an answer when a change was announced while asking (the answer may predate it)', async () => {
    identity.duringQuestion = () => identity.changes.next({ organisationId: 'someone' });
    await peers.assertEligibleToBid(org, [], new Date());
    expect(peers.knownEligibleToBid(org, [], new Date())).toBe(false);
  });

  it('requires every qualification to be known held, and keeps one no later than its last valid day (China time)', async () => {
    identity.qualifications.set('export_licence', '2026-05-31');
    const lastMinute = new Date('2026-05-31T23:59:58.000+08:00');
    await peers.assertEligibleToBid(org, ['export_licence'], lastMinute);
    expect(peers.knownEligibleToBid(org, ['export_licence'], lastMinute)).toBe(true);
    expect(peers.knownEligibleToBid(org, ['export_licence', 'secrecy'], lastMinute)).toBe(false);
    expect(peers.knownEligibleToBid(org, ['export_licence'], new Date('2026-06-01T00:00:00.000+08:00'))).toBe(false);
    expect(endOfChinaDay('2026-05-31')).toBe(Date.parse('2026-05-31T15:59:59.999Z'));
  });

  it('trusts nothing while not subscribed to identity’s announcements', async () => {
    await peers.assertEligibleToBid(org, [], new Date());
    identity.changes.error(new Error('not connected to NATS'));
    expect(peers.knownEligibleToBid(org, [], new Date())).toBe(false);
    await peers.assertEligibleToBid(org, [], new Date());
    expect(peers.knownEligibleToBid(org, [], new Date())).toBe(false);
  });

  it('renews an answer past half its life in the background, so a steady bidder never waits for identity; a refusal then drops it', async () => {
    const start = new Date();
    await peers.assertEligibleToBid(org, [], start);
    expect(identity.asked).toBe(1);
    expect(peers.knownEligibleToBid(org, [], new Date(start.getTime() + 1000))).toBe(true);
    expect(identity.asked).toBe(1); // still fresh: no question
    identity.status = 'suspended';
    expect(peers.knownEligibleToBid(org, [], new Date(start.getTime() + ELIGIBILITY_CACHE_MS - 1000))).toBe(true); // still within its 5 s
    expect(identity.asked).toBe(2); // ...but renewed meanwhile
    await new Promise((resolve) => setImmediate(resolve));
    expect(peers.knownEligibleToBid(org, [], new Date())).toBe(false); // identity said no: dropped
  });
});
