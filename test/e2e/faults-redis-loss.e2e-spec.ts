import { WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import request from 'supertest';
import { RedisReconciler } from '../../apps/worker/src/reconciler/redis-reconciler';
import { launchApp, until } from '../support/app-process';
import { AuctionsApi, englishAuctionBody } from '../support/auctions';
import { withTestDatabase } from '../support/database';
import { PrivateRedis } from '../support/faults';
import { IdentityApi, Session } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { MatchingApi } from '../support/matching';
import { NegotiationsApi } from '../support/negotiations';
import { outboxRows } from '../support/notification-outbox';
import { TestSystem } from '../support/system';

/**
 * Redis is a queue and a cache, never the source of truth, and keeps nothing on disk. Work is
 * committed while the worker's queues hold it (auctions due to open and to settle, listing changes
 * waiting in the catalogue outbox, a negotiation agreed while the trade service was down, a demand
 * waiting to be matched, notices waiting in a notification outbox, a session ended at logout); then
 * Redis loses every key (FLUSHALL, and later a kill and restart). Nothing committed is lost: the
 * worker's reconciler puts the job schedulers back and runs the sweeps, which re-find all due work in
 * PostgreSQL; identity writes the session
 * revocation marks again, and until it has, a revoked token is refused (503), never let in.
 */
describe('Redis loses everything mid-run', () => {
  let redis: PrivateRedis;
  let system: TestSystem;
  let auctionService: ReturnType<typeof launchApp> | null = null;
  let identity: IdentityApi;
  let listings: ListingsApi;
  let auctions: AuctionsApi;
  let operator: Session;
  let admin: Redis | null = null;

  const worker = () => system.services.get('worker')!;
  const workerHosts = () =>
    worker()
      .get(DiscoveryService)
      .getProviders()
      .map((w) => w.instance as unknown)
      .filter((i): i is WorkerHost => i instanceof WorkerHost);
  const queues = () =>
    worker()
      .get(DiscoveryService)
      .getProviders()
      .map((w) => w.instance as unknown)
      .filter((i): i is Queue => i instanceof Queue);
  const schedulerIds = async () => (await Promise.all(queues().map(async (q) => (await q.getJobSchedulers()).map((s) => `${q.name}/${s.key}`)))).flat().sort();
  const startAuctionService = async () => {
    auctionService = launchApp('auction');
    await until(() => request(system.http).get('/api/v1/auctions').then((r) => r.status), (s) => s === 200, 60_000);
  };
  const stopAuctionService = async () => {
    auctionService?.child.kill('SIGKILL');
    await auctionService?.exited;
    auctionService = null;
  };
  const auctionOf = (id: string) => request(system.http).get(`/api/v1/auctions/${id}`).then((r) => r.body);
  const catalogueIds = () => listings.search({ pageSize: 100, sort: 'newest' }).then((r) => r.hits.map((h: { listing: { id: string } }) => h.listing.id).sort());

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    process.env.REDIS_URL = redis.url;
    system = await TestSystem.start(['identity', 'listings', 'evaluation', 'matching', 'worker']);
    await startAuctionService();
    identity = new IdentityApi(system);
    listings = new ListingsApi(system);
    auctions = new AuctionsApi(system);
    operator = await identity.operator();
  }, 120_000);
  afterAll(async () => {
    admin?.disconnect();
    await stopAuctionService();
    await system?.stop();
    await redis?.destroy();
  });

  it('re-creates every due job from PostgreSQL after FLUSHALL, and again after Redis is killed and restarted empty', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const buyer = await identity.verifiedMember(operator, 'enterprise');
    const loop = new NegotiationsApi(system);
    const matching = new MatchingApi(system);
    await until(() => request(system.http).get('/health/ready').then((r) => r.status), (s) => s === 200, 30_000);
    const schedulersBefore = await schedulerIds();
    expect(schedulersBefore.length).toBeGreaterThanOrEqual(7);

    // The worker stops taking jobs (those running finish first): from here, everything due waits in Redis only.
    await Promise.all(workerHosts().map((host) => host.worker.pause()));

    const toOpen = await listings.published(seller, operator, { title: '待开拍的成果' });
    const auctionToOpen = await auctions.create(
      seller,
      englishAuctionBody(toOpen.id, { startsAt: new Date(Date.now() + 3000).toISOString(), endsAt: new Date(Date.now() + 600_000).toISOString() }),
    );
    expect(auctionToOpen.status).toBe('scheduled');
    const toSettle = await listings.published(seller, operator, { title: '待结算的成果' });
    const auctionToSettle = await auctions.create(seller, englishAuctionBody(toSettle.id, { endsAt: new Date(Date.now() + 5000).toISOString(), softClose: null }));
    await auctions.registered(operator, buyer, auctionToSettle.id);
    await auctions.bid(buyer, auctionToSettle.id, '1000000.00').expect(200);

    const indexed = [await listings.published(seller, operator, { title: '故障前发布一' }), await listings.published(seller, operator, { title: '故障前发布二' })];
    const suspended = await listings.published(seller, operator, { title: '发布后被暂停' });
    await request(system.http).post(`/api/v1/admin/listings/${suspended.id}/suspend`).set(operator.auth).send({ reason: '核查中' }).expect(200);

    const negotiated = await listings.published(seller, operator, { title: '协商成交的成果', transactionModes: ['transfer'] });
    const negotiationId = await loop.thread(seller, buyer, negotiated.id);
    const offer = (await loop.offer(seller, negotiationId, '880000.00', 'transfer').expect(201)).body.currentOffer;
    await stopAuctionService();
    const agreed = (await loop.answer(buyer, negotiationId, offer.id, 'accept').expect(200)).body;
    expect(agreed).toMatchObject({ status: 'agreed', tradeId: null });

    const demand = await matching.post(buyer, { title: '风洞测试技术需求（故障期间发布）' });

    const ended = await identity.login(buyer.email);
    /**
     * A revoked session is never let back in: refused 503 until identity has written the marks again,
     * then 401; meanwhile a live session is answered 503 too (the gateway does not guess), then 200.
     */
    const expectRevokedSessionStaysOut = async () => {
      const answers = new Set<number>();
      await until(
        async () => {
          const [revoked, live] = await Promise.all([request(system.http).get('/api/v1/me').set(ended.auth), request(system.http).get('/api/v1/me').set(buyer.auth)]);
          answers.add(revoked.status);
          return [revoked.status, live.status];
        },
        ([revoked, live]) => revoked === 401 && live === 200,
        20_000,
      );
      expect([...answers].filter((s) => s !== 401 && s !== 503)).toEqual([]);
    };
    await request(system.http).post('/api/v1/auth/logout').set(ended.auth).send({ refreshToken: ended.refreshToken }).expect(204);
    await request(system.http).get('/api/v1/me').set(ended.auth).expect(401);

    const pending = await withTestDatabase(async (db) => ({
      outbox: Number((await db.query('SELECT count(*) FROM listings.catalogue_outbox WHERE processed_at IS NULL')).rows[0].count),
      unmatched: Number((await db.query('SELECT count(*) FROM matching.demands WHERE matched_version IS DISTINCT FROM version')).rows[0].count),
    }));
    expect(pending.outbox).toBeGreaterThanOrEqual(6);
    expect(pending.unmatched).toBe(1);
    // A notice committed with the agreement (the seller is told its offer was accepted) waits in matching's outbox.
    const agreedNotice = `negotiation.offer-accepted:${offer.id}`;
    expect(await outboxRows('matching', [agreedNotice])).toMatchObject([{ sent: false }]);

    // Redis loses every key: queued and delayed jobs, job schedulers, revocation marks, the lot.
    admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    admin.on('error', () => undefined);
    await admin.flushall();
    expect(await admin.dbsize()).toBe(0);

    await expectRevokedSessionStaysOut();

    await startAuctionService();
    await Promise.all(workerHosts().map((host) => host.worker.resume()));

    // The schedulers are back, and every piece of committed work is done, once.
    await until(schedulerIds, (ids) => JSON.stringify(ids) === JSON.stringify(schedulersBefore), 15_000);
    await until(() => auctionOf(auctionToOpen.id), (a) => a.status === 'open', 30_000);
    const settled = await until(() => auctionOf(auctionToSettle.id), (a) => a.status === 'settled', 30_000);
    await until(() => request(system.http).get(`/api/v1/listings/${toSettle.id}`).then((r) => r.status), (s) => s === 404, 30_000);
    // Sold (by the auction, and by the negotiated transfer) and suspended listings are out of the catalogue.
    const expectedCatalogue = [toOpen.id, ...indexed.map((l) => l.id)].sort();
    await until(catalogueIds, (ids) => JSON.stringify(ids) === JSON.stringify(expectedCatalogue), 30_000);
    const thread = await loop.eventuallyTrade(buyer, negotiationId, 30_000);
    await until(
      () => withTestDatabase(async (db) => (await db.query('SELECT matched_version = version AS matched FROM matching.demands WHERE id = $1', [demand.id])).rows[0].matched),
      (matched) => matched === true,
      30_000,
    );
    await until(() => request(system.http).get('/health/ready').then((r) => r.status), (s) => s === 200, 30_000);
    // The notice committed before the flush is delivered, once; so are those of the trades created after it.
    await until(() => outboxRows('matching', [agreedNotice]), ([row]) => row.sent, 30_000);
    const sellerInbox = (await loop.eventuallyKinds(seller, ['negotiation.agreed', 'trade.created'], 30_000)).items as { kind: string; subject: { id: string } }[];
    expect(sellerInbox.filter((n) => n.kind === 'negotiation.agreed' && n.subject.id === negotiationId)).toHaveLength(1);

    const facts = await withTestDatabase(async (db) => ({
      tradesOfAuction: Number((await db.query('SELECT count(*) FROM auction.trades WHERE auction_id = $1', [auctionToSettle.id])).rows[0].count),
      tradesOfNegotiation: Number((await db.query('SELECT count(*) FROM auction.trades WHERE negotiation_id = $1', [negotiationId])).rows[0].count),
      outboxPending: Number((await db.query('SELECT count(*) FROM listings.catalogue_outbox WHERE processed_at IS NULL')).rows[0].count),
      inboxEntriesOfAgreement: Number((await db.query('SELECT count(*) FROM matching.notifications WHERE request_key = $1', [agreedNotice])).rows[0].count),
    }));
    expect(facts).toEqual({ tradesOfAuction: 1, tradesOfNegotiation: 1, outboxPending: 0, inboxEntriesOfAgreement: 1 });
    expect(settled.outcome).toMatchObject({ tradeId: expect.any(String) });
    expect(thread.tradeId).toEqual(expect.any(String));
    expect(worker().get(RedisReconciler).recoveries).toBeGreaterThanOrEqual(1);

    // Killed and restarted empty: the connections come back, and so does the state.
    await redis.kill();
    await redis.resume();
    await expectRevokedSessionStaysOut();
    await until(schedulerIds, (ids) => JSON.stringify(ids) === JSON.stringify(schedulersBefore), 30_000);
    const after = await listings.published(seller, operator, { title: 'Redis 重启后发布' });
    await until(catalogueIds, (ids) => ids.includes(after.id), 30_000);
    expect(worker().get(RedisReconciler).recoveries).toBeGreaterThanOrEqual(2);
    const audit = await request(system.http).get('/api/v1/admin/audit/verify').set(operator.auth).expect(200);
    expect(audit.body).toMatchObject({ valid: true });
  }, 240_000);
});
