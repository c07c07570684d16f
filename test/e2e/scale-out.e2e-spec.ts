import { INestMicroservice } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { formatFen, parseYuanToFen } from '@lib/contracts';
import { PingReply } from '@lib/microservice';
import { ServiceClient } from '@lib/messaging';
import { NotificationOutbox } from '@lib/outbox';
import { termsOf } from '../../apps/auction/src/auctions/auction-mapping';
import { AuctionEntity } from '../../apps/auction/src/auctions/auction.entity';
import { LifecycleScheduler } from '../../apps/auction/src/auctions/lifecycle-scheduler';
import { EnglishBid, englishStateOf } from '../../apps/auction/src/domain/english';
import { launchApp, until } from '../support/app-process';
import { AuctionsApi, englishAuctionBody } from '../support/auctions';
import { withTestDatabase } from '../support/database';
import { IdentityApi, Session } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { ServiceAppName, startGateway, startService } from '../support/system';
import { QueueWorkers } from '../../apps/worker/src/queue-workers';
import { BiddingService } from '../../apps/auction/src/bidding/bidding.service';

/**
 * Everything scaled out at once: two replicas of every service, two gateways and two workers (one
 * in this process, one a separate process). The bid storm and the settlement burst are repeated
 * with the same correctness checks as on one replica, and notices committed on both replicas of a
 * service are relayed by both workers, each delivered once: replicas share nothing but PostgreSQL,
 * Redis and NATS, so they must agree.
 */
const SERVICES: ServiceAppName[] = ['identity', 'listings', 'auction', 'matching'];
const BIDDERS = 8;
const ROUNDS = 12;
const BURST = 200;
const NOTICES = 300;

describe('scale-out: two of every service, two gateways, two workers', () => {
  const services = new Map<ServiceAppName, INestMicroservice[]>();
  const gateways: NestFastifyApplication[] = [];
  let worker: INestMicroservice;
  let otherWorker: ReturnType<typeof launchApp>;
  let operator: Session;
  let seller: Session;
  let bidders: Session[];
  const statuses: number[] = [];
  const bidsJudgedBy = [0, 0];

  /** Each request goes to a gateway picked at random. */
  const http = () => gateways[randomInt(gateways.length)].getHttpServer();

  beforeAll(async () => {
    for (const app of SERVICES) services.set(app, [await startService(app), await startService(app)]);
    gateways.push(await startGateway(), await startGateway());
    services.get('auction')!.forEach((replica, index) => {
      const bidding = replica.get(BiddingService);
      const original = bidding.bid.bind(bidding);
      bidding.bid = (...args: Parameters<BiddingService['bid']>) => {
        bidsJudgedBy[index] += 1;
        return original(...args);
      };
    });
    worker = await startService('worker');
    otherWorker = launchApp('worker');
    const client = gateways[0].get(ServiceClient);
    await until(
      async () => new Set(await Promise.all(Array.from({ length: 20 }, () => client.send<PingReply>('worker.ping', {}).then((r) => r.instanceId)))).size,
      (instances) => instances === 2,
      60_000,
    );
    const system = { http: gateways[0].getHttpServer(), services: new Map([['identity', services.get('identity')![0]]]) } as never;
    const identity = new IdentityApi(system);
    operator = await identity.operator();
    [seller, ...bidders] = await Promise.all([identity.verifiedMember(operator, 'institute'), ...Array.from({ length: BIDDERS }, () => identity.verifiedMember(operator, 'enterprise'))]);
    const auctions = new AuctionsApi(system);
    await Promise.all(bidders.map((b) => auctions.topUp(operator, b.organisationId!, '100000000.00')));
  }, 120_000);

  afterAll(async () => {
    otherWorker?.child.kill('SIGTERM');
    await otherWorker?.exited;
    await worker?.get(QueueWorkers).drain();
    await worker?.close();
    for (const replicas of [...services.values()].reverse()) for (const replica of replicas) await replica.close();
    for (const gateway of gateways) await gateway.close();
  });

  afterEach(() => expect(statuses.filter((s) => s >= 500)).toEqual([]));

  it('bid storm through both gateways onto both auction replicas: every acknowledged bid stored once, the lot equals the replay of its bids', async () => {
    const listing = await new ListingsApi({ http: http() } as never).published(seller, operator);
    const auction = (await request(http()).post('/api/v1/auctions').set(seller.auth).send(englishAuctionBody(listing.id, { softClose: null })).expect(201)).body;
    for (const bidder of bidders) await request(http()).post(`/api/v1/auctions/${auction.id}/registrations`).set(bidder.auth).expect(200);

    const acknowledged = new Map<string, string>();
    await Promise.all(
      bidders.map(async (bidder) => {
        for (let round = 0; round < ROUNDS; round++) {
          const view = (await request(http()).get(`/api/v1/auctions/${auction.id}`)).body;
          const next = parseYuanToFen(view.minimumNextBid ?? view.startPrice) + BigInt(randomInt(0, 3)) * 1_000_000n;
          const key = randomUUID();
          const send = () => request(http()).post(`/api/v1/auctions/${auction.id}/bids`).set(bidder.auth).set('Idempotency-Key', key).send({ amount: formatFen(next) });
          // The same bid sent twice at once to different gateways, as a client retrying on a timeout would.
          const answers = await Promise.all([send(), send()]);
          for (const answer of answers) statuses.push(answer.status);
          const accepted = answers.filter((a) => a.status === 200);
          if (accepted.length) {
            expect(new Set(accepted.map((a) => a.body.bidId)).size).toBe(1);
            acknowledged.set(key, accepted[0].body.bidId);
          }
        }
      }),
    );
    const rows: { id: string; registration_id: string; idempotency_key: string; amount_fen: string; placed_at: Date }[] = await withTestDatabase(
      async (db) => (await db.query(`SELECT id, registration_id, idempotency_key, amount_fen::text, placed_at FROM auction.bids WHERE auction_id = $1 ORDER BY sequence`, [auction.id])).rows,
    );
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(acknowledged.values()));
    expect(rows).toHaveLength(acknowledged.size);
    expect(acknowledged.size).toBeGreaterThan(BIDDERS);

    const dataSource = services.get('auction')![0].get(DataSource);
    const lot = await dataSource.getRepository(AuctionEntity).findOneByOrFail({ id: auction.id });
    const bids: EnglishBid[] = rows.map((r) => ({ bidId: r.id, bidderId: r.registration_id, maxAmount: BigInt(r.amount_fen), placedAt: r.placed_at }));
    const replayed = englishStateOf({ ...termsOf(lot), endsAt: lot.scheduledEndsAt }, bids);
    expect({ price: lot.currentPriceFen, leader: lot.leaderRegistrationId, bids: lot.bidCount }).toEqual({
      price: replayed.standing!.currentPrice.toString(),
      leader: replayed.standing!.leaderBidderId,
      bids: rows.length,
    });
    expect(bidsJudgedBy.every((n) => n > 0)).toBe(true);
    console.log(`scale-out bid storm: replicas judged ${bidsJudgedBy.join('/')} bids; ${statuses.length} requests, ${acknowledged.size} bids accepted and stored once, final price ${formatFen(lot.currentPriceFen!)}`);
  });

  it(`settlement burst: ${BURST} auctions closing in the same second, with two workers and two auction replicas, each settled once`, async () => {
    const listing = await new ListingsApi({ http: http() } as never).published(seller, operator);
    const template = (await request(http()).post('/api/v1/auctions').set(seller.auth).send(englishAuctionBody(listing.id, { endsAt: new Date(Date.now() + 60_000).toISOString(), softClose: null })).expect(201)).body;
    const closeAt = new Date(Date.now() + 4000);
    const ids = Array.from({ length: BURST - 1 }, () => randomUUID());
    await withTestDatabase(async (db) => {
      await db.query('UPDATE auction.auctions SET ends_at = $2, scheduled_ends_at = $2 WHERE id = $1', [template.id, closeAt]);
      await db.query(
        `INSERT INTO auction.auctions (id, listing_id, organisation_id, created_by, type, status, start_price_fen, increment_fen, deposit_fen,
           required_qualifications, starts_at, ends_at, scheduled_ends_at, bid_count)
         SELECT clone.id, gen_random_uuid(), a.organisation_id, a.created_by, a.type, 'open', a.start_price_fen, a.increment_fen, a.deposit_fen,
           a.required_qualifications, a.starts_at, $2, $2, 0
         FROM auction.auctions a, unnest($1::uuid[]) AS clone(id) WHERE a.id = $3`,
        [ids, closeAt, template.id],
      );
    });
    // Each replica schedules half, as creation on either replica would.
    const [first, second] = services.get('auction')!.map((replica) => replica.get(LifecycleScheduler));
    for (const [i, id] of [template.id, ...ids].entries()) await (i % 2 ? first : second).settleAt(id, closeAt);
    const all = [template.id, ...ids];
    await until(
      () => withTestDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM auction.auctions WHERE id = ANY($1) AND status = 'settled'`, [all])).rows[0].count)),
      (settled) => settled === BURST,
      90_000,
    );
    const twice = await withTestDatabase(
      async (db) => (await db.query(`SELECT entity_id FROM audit.entries WHERE action = 'auction.settled' AND entity_id = ANY($1) GROUP BY entity_id HAVING count(*) <> 1`, [all])).rows,
    );
    expect(twice).toEqual([]);
    const settledOnce = await withTestDatabase(
      async (db) => Number((await db.query(`SELECT count(DISTINCT entity_id) FROM audit.entries WHERE action = 'auction.settled' AND entity_id = ANY($1)`, [all])).rows[0].count),
    );
    expect(settledOnce).toBe(BURST);
    console.log(`scale-out settlement burst: ${BURST} auctions settled, each once`);
  });

  it(`notices: ${NOTICES} committed on both matching replicas at once, relayed by both workers, each delivered once`, async () => {
    const keys = Array.from({ length: NOTICES }, () => `scale-out.notice:${randomUUID()}`);
    await Promise.all(
      keys.map((key, i) => {
        const replica = services.get('matching')![i % 2];
        const notice = { key, kind: 'scale-out.notice', recipientOrganisationIds: [seller.organisationId!], recipientUserIds: [], title: '扩容通知', body: key, subject: { type: 'listing' as const, id: randomUUID() } };
        return replica.get(DataSource).transaction((manager) => replica.get(NotificationOutbox).add(manager, notice));
      }),
    );
    await until(
      () => withTestDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM matching.notification_outbox WHERE key = ANY($1) AND sent_at IS NULL`, [keys])).rows[0].count)),
      (unsent) => unsent === 0,
      90_000,
    );
    const entries = await withTestDatabase(
      async (db) => (await db.query(`SELECT request_key, count(*)::int AS n FROM matching.notifications WHERE request_key = ANY($1) GROUP BY request_key`, [keys])).rows as { n: number }[],
    );
    expect(entries).toHaveLength(NOTICES);
    expect(entries.every((row) => row.n === 1)).toBe(true);
    const claims = await withTestDatabase(async (db) => (await db.query(`SELECT max(attempts)::int AS most FROM matching.notification_outbox WHERE key = ANY($1)`, [keys])).rows[0].most);
    console.log(`scale-out notices: ${NOTICES} delivered once each; most claims of one row: ${claims}`);
  });
});
