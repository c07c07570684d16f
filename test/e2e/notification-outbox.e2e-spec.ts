import { INestMicroservice } from '@nestjs/common';
import { WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService } from '@nestjs/core';
import { notificationJobId, NotificationPatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { QueueName } from '@lib/queues';
import { Queue } from 'bullmq';
import request from 'supertest';
import { NotificationOutboxRelay, RelayOutcome } from '../../apps/worker/src/notifications/notification-outbox-relay';
import { until } from '../support/app-process';
import { withTestDatabase } from '../support/database';
import { Session } from '../support/identity';
import { NegotiationsApi } from '../support/negotiations';
import { outboxRows } from '../support/notification-outbox';
import { Scenario, startScenario } from '../support/scenario';
import { startService } from '../support/system';

/**
 * The notification outbox end to end, with two replicas of the notifying service. A notice is
 * committed with its change while every way of publishing it is down (the worker is not running and
 * the service's hint to relay is lost on NATS): the change succeeds and the notice waits in the
 * outbox. Once a worker runs, its relay delivers it, exactly once; a row relayed again (two relays at
 * once, a row marked unsent again, its delivery job lost as with Redis) never makes a second notice.
 */
describe('notification outbox: committed notices survive the publish path being down, and arrive once', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let loop: NegotiationsApi;
  let seller: Session;
  let buyer: Session;
  let secondMatching: INestMicroservice;
  const droppedHints: unknown[] = [];

  const worker = () => system.services.get('worker')!;
  const relay = () => worker().get(NotificationOutboxRelay);
  const notificationsQueue = () =>
    worker()
      .get(DiscoveryService)
      .getProviders()
      .map((w) => w.instance as unknown)
      .find((i): i is Queue => i instanceof Queue && i.name === QueueName.notifications)!;
  const workerHosts = () =>
    worker()
      .get(DiscoveryService)
      .getProviders()
      .map((w) => w.instance as unknown)
      .filter((i): i is WorkerHost => i instanceof WorkerHost);
  const inboxEntries = (key: string) =>
    withTestDatabase(async (db) => (await db.query(`SELECT recipient_user_id FROM matching.notifications WHERE request_key = $1`, [key])).rows.map((r) => r.recipient_user_id as string));
  const kindsFor = (session: Session, interestId: string) =>
    request(system.http)
      .get('/api/v1/notifications?pageSize=100')
      .set(session.auth)
      .then((r) => r.body.items.filter((n: { subject: { id: string } }) => n.subject.id === interestId).map((n: { kind: string }) => n.kind) as string[]);
  const markUnsent = (key: string) => withTestDatabase((db) => db.query(`UPDATE matching.notification_outbox SET sent_at = NULL, claimed_until = NULL WHERE key = $1`, [key]));
  const sum = (outcomes: RelayOutcome[], field: 'claimed' | 'queued' | 'acknowledged') => outcomes.reduce((total, o) => total + o[field], 0);

  beforeAll(async () => {
    // No worker: nothing relays, nothing delivers.
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'matching']));
    secondMatching = await startService('matching');
    loop = new NegotiationsApi(system);
    seller = await identity.verifiedMember(operator, 'institute');
    buyer = await identity.verifiedMember(operator, 'enterprise');
    // …and every replica's hint to relay is lost on the way, as when NATS drops it or the process dies right after its commit.
    for (const app of [system.services.get('matching')!, secondMatching]) {
      const client = app.get(ServiceClient);
      const publish = client.publish.bind(client);
      client.publish = async (pattern: string, payload: unknown) => {
        if (pattern === NotificationPatterns.outboxPending) droppedHints.push(payload);
        else await publish(pattern, payload);
      };
    }
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    await secondMatching?.close();
  });

  it('commits the change and its notice with the publish path down; delivers it once a worker runs; a row relayed again makes no second notice', async () => {
    const listing = await listings.published(seller, operator, { title: '通知发件箱测试成果' });
    const interest = await loop.interest(buyer, listing.id);
    const key = `interest.expressed:${interest.id}`;

    // Committed: the interest exists, and so does its notice, unsent; the hint went nowhere.
    expect(await outboxRows('matching', [key])).toEqual([{ key, sent: false, attempts: 0 }]);
    // (Hints of commits a few milliseconds apart go as one, sent just after them.)
    expect(await until(async () => droppedHints, (hints) => hints.length > 0, 5_000)).toContainEqual({ service: 'matching' });
    expect(await kindsFor(seller, interest.id)).toEqual([]);

    // A worker starts: its relay's sweep finds the row (no hint needed), the inbox gets one entry per seller member, the row is marked sent.
    system.services.set('worker', await startService('worker'));
    expect(await until(() => kindsFor(seller, interest.id), (kinds) => kinds.length > 0, 30_000)).toEqual(['interest.expressed']);
    await until(() => outboxRows('matching', [key]), ([row]) => row.sent, 15_000);
    expect(await inboxEntries(key)).toEqual([seller.userId]);
    expect(await kindsFor(buyer, interest.id)).toEqual([]);

    // From here the relay runs only when this test calls it.
    await Promise.all(workerHosts().map((host) => host.worker.pause()));

    // Sent rows are not claimed again, however many relays run.
    expect(sum(await Promise.all([relay().relay(), relay().relay()]), 'claimed')).toBe(0);

    // Marked unsent again (a relay that died before its acknowledgement): two relays at once, through two
    // service replicas, claim it once between them; its job completed already, so the row is acknowledged, not re-delivered.
    await markUnsent(key);
    const again = await Promise.all([relay().relay(), relay().relay()]);
    expect({ claimed: sum(again, 'claimed'), queued: sum(again, 'queued'), acknowledged: sum(again, 'acknowledged') }).toEqual({ claimed: 1, queued: 0, acknowledged: 1 });
    expect(await outboxRows('matching', [key])).toMatchObject([{ sent: true }]);

    // Unsent again, and its job gone too (as when Redis loses everything): a new job is queued and runs; the inbox still has one entry.
    await markUnsent(key);
    await (await notificationsQueue().getJob(notificationJobId(key)))!.remove();
    const lost = await Promise.all([relay().relay(), relay().relay()]);
    expect({ claimed: sum(lost, 'claimed'), queued: sum(lost, 'queued') }).toEqual({ claimed: 1, queued: 1 });
    // Claimed and leased: a relay right after finds nothing to do.
    expect((await relay().relay()).claimed).toBe(0);
    await Promise.all(workerHosts().map((host) => host.worker.resume()));
    await until(() => outboxRows('matching', [key]), ([row]) => row.sent, 15_000);
    expect(await inboxEntries(key)).toEqual([seller.userId]);
    expect(await kindsFor(seller, interest.id)).toEqual(['interest.expressed']);
  }, 120_000);

  it('leaves nothing unsent once the worker runs, and each notice of a busy loop arrives once', async () => {
    const listing = await listings.published(seller, operator, { title: '通知发件箱并发测试成果' });
    const negotiationId = await loop.thread(seller, buyer, listing.id);
    // Both replicas take messages concurrently; every notice is committed with its message.
    const posted = await Promise.all(Array.from({ length: 10 }, (_, i) => loop.message(i % 2 ? seller : buyer, negotiationId, `第 ${i + 1} 条留言`)));
    expect(posted.map((r) => r.status)).toEqual(Array(10).fill(201));
    const pending = () => withTestDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM matching.notification_outbox WHERE sent_at IS NULL`)).rows[0].count));
    await until(pending, (n) => n === 0, 30_000);
    const perKey = await withTestDatabase(
      async (db) =>
        (
          await db.query(
            `SELECT request_key, count(*)::int AS entries FROM matching.notifications WHERE request_key LIKE 'negotiation.message:%' AND subject_id = $1 GROUP BY request_key`,
            [negotiationId],
          )
        ).rows,
    );
    expect(perKey).toHaveLength(10);
    expect(perKey.every((row: { entries: number }) => row.entries === 1)).toBe(true);
  }, 120_000);
});
