import { readAppConfig } from '@lib/config';
import request from 'supertest';
import { withTestDatabase } from '../support/database';
import { IdentityApi, Session } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { PrivateMeilisearch } from '../support/meilisearch-process';
import { TestSystem } from '../support/system';

describe('the catalogue survives Meilisearch going down during publishing', () => {
  let meili: PrivateMeilisearch;
  let system: TestSystem;
  let identity: IdentityApi;
  let listings: ListingsApi;
  let operator: Session;
  let owner: Session;

  beforeAll(async () => {
    meili = await PrivateMeilisearch.start(readAppConfig('cli').meili.masterKey);
    process.env.MEILI_URL = meili.url;
    system = await TestSystem.start(['identity', 'listings', 'worker']);
    identity = new IdentityApi(system);
    listings = new ListingsApi(system);
    operator = await identity.operator();
    owner = await identity.verifiedMember(operator);
  });
  afterAll(async () => {
    await system?.stop();
    await meili?.destroy();
  });

  const catalogueIds = async () => {
    const result = await listings.search({ pageSize: 100, sort: 'newest' }).catch(() => null);
    return result ? result.hits.map((h: { listing: { id: string } }) => h.listing.id).sort() : null;
  };
  const pendingOutbox = () =>
    withTestDatabase(async (db) => Number((await db.query('SELECT count(*) FROM listings.catalogue_outbox WHERE processed_at IS NULL')).rows[0].count));

  it('keeps accepting listing changes while Meilisearch is down, and catches up with nothing missing once it returns', async () => {
    const before = [await listings.published(owner, operator, { title: '故障前发布的成果一' }), await listings.published(owner, operator, { title: '故障前发布的成果二' })];
    await listings.eventually(catalogueIds, (ids) => ids?.length === 2, 30_000);

    await meili.kill();
    const readiness = await request(system.http).get('/health/ready').expect(503);
    expect(readiness.body.details.meilisearch.status).toBe('down');

    // Publishing, suspending and withdrawing all still succeed: the changes wait in the outbox.
    const during = [
      await listings.published(owner, operator, { title: '故障期间发布的成果一' }),
      await listings.published(owner, operator, { title: '故障期间发布的成果二' }),
      await listings.published(owner, operator, { title: '故障期间发布的成果三' }),
    ];
    await request(system.http).post(`/api/v1/admin/listings/${before[0].id}/suspend`).set(operator.auth).send({ reason: '核查中' }).expect(200);
    await request(system.http).post(`/api/v1/listings/${during[2].id}/withdraw`).set(owner.auth).send({}).expect(200);
    const searchWhileDown = await request(system.http).get('/api/v1/catalogue').expect(503);
    expect(searchWhileDown.body.error.code).toBe('SERVICE.UNAVAILABLE');
    expect(await pendingOutbox()).toBeGreaterThanOrEqual(5);

    await meili.resume();
    const expected = [before[1].id, during[0].id, during[1].id].sort();
    await listings.eventually(catalogueIds, (ids) => JSON.stringify(ids) === JSON.stringify(expected), 30_000);
    await listings.eventually(pendingOutbox, (n) => n === 0, 15_000);
  });
});
