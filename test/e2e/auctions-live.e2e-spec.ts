import { englishAuctionBody } from '../support/auctions';
import { ListingsApi } from '../support/listings';
import { Scenario, startScenario } from '../support/scenario';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

interface ServerSentEvent {
  type: string;
  data: { kind: string; extended: boolean; auction: Record<string, unknown> };
}

/** Reads server-sent events from a live HTTP response until `enough` says stop. */
async function readEvents(url: string, enough: (events: ServerSentEvent[]) => boolean, withinMs = 15_000): Promise<ServerSentEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), withinMs);
  const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const events: ServerSentEvent[] = [];
  let buffer = '';
  try {
    while (!enough(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data) events.push({ type, data: JSON.parse(data) });
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

describe('following an auction live (server-sent events through NATS, from any gateway replica)', () => {
  let { system, identity, auctions, operator } = {} as Scenario;
  let secondGateway: NestFastifyApplication;
  let urls: string[];

  beforeAll(async () => {
    ({ system, identity, auctions, operator } = await startScenario(['identity', 'listings', 'auction', 'worker'], { gateways: 2 }));
    secondGateway = system.replicas[0];
    await system.gateway.listen(0, '127.0.0.1');
    await secondGateway.listen(0, '127.0.0.1');
    urls = [await system.gateway.getUrl(), await secondGateway.getUrl()].map((u) => u.replace('[::1]', '127.0.0.1'));
  });
  afterAll(() => system?.stop());

  it('streams the current state, every bid by alias, the soft-close extension and the settlement, to clients of both gateways', async () => {
    const seller = await identity.verifiedMember(operator, 'institute');
    const listing = await new ListingsApi(system).published(seller, operator);
    const auction = await auctions.create(
      seller,
      englishAuctionBody(listing.id, { endsAt: new Date(Date.now() + 4000).toISOString(), softClose: { windowSeconds: 60, extensionSeconds: 2 } }),
    );
    const [a, b] = [await identity.verifiedMember(operator, 'enterprise'), await identity.verifiedMember(operator, 'enterprise')];
    await auctions.registered(operator, a, auction.id);
    await auctions.registered(operator, b, auction.id);

    const untilSettled = (events: ServerSentEvent[]) => events.some((e) => e.type === 'settled');
    const followers = urls.map((base) => readEvents(`${base}/api/v1/auctions/${auction.id}/events`, untilSettled, 25_000));
    await new Promise((r) => setTimeout(r, 300));
    await auctions.bid(a, auction.id, '1100000.00').expect(200);
    await auctions.bid(b, auction.id, '1050000.00').expect(200);

    for (const events of await Promise.all(followers)) {
      expect(events.map((e) => e.type)).toEqual(['status', 'bid', 'bid', 'settled']);
      expect(events[0].data.auction).toMatchObject({ id: auction.id, currentPrice: null, bidCount: 0 });
      expect(events[1].data).toMatchObject({ kind: 'bid', extended: true, auction: { currentPrice: '1000000.00', leaderAlias: '竞买人 01' } });
      expect(events[2].data.auction).toMatchObject({ currentPrice: '1060000.00', leaderAlias: '竞买人 01', bidCount: 2 });
      expect(events[3].data.auction).toMatchObject({ status: 'settled', outcome: { outcome: 'sold', price: '1060000.00', winnerAlias: '竞买人 01' } });
      const text = JSON.stringify(events);
      // Never an organisation, a maximum or the reserve.
      expect(text).not.toContain(a.organisationId);
      expect(text).not.toContain('1100000.00');
      expect(text).not.toContain('reservePrice');
    }
  });
});
