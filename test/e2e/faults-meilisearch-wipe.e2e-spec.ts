import { readAppConfig } from '@lib/config';
import request from 'supertest';
import { until } from '../support/app-process';
import { withTestDatabase } from '../support/database';
import { IdentityApi, Session } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { MatchingApi } from '../support/matching';
import { PrivateMeilisearch } from '../support/meilisearch-process';
import { TestSystem } from '../support/system';

/**
 * Meilisearch holds copies only. Stopped, its data deleted, and started again empty while listings
 * keep changing: the worker notices the lost catalogue index, creates it with its settings and
 * writes every published listing back from PostgreSQL; matching does the same for open demands.
 * Afterwards the catalogue holds exactly the published listings (no more, none missing) and its
 * filters work; searches in between answer 200 or 503, never 500.
 */
describe('Meilisearch stopped and its data wiped', () => {
  let meili: PrivateMeilisearch;
  let system: TestSystem;
  let identity: IdentityApi;
  let listings: ListingsApi;
  let operator: Session;

  beforeAll(async () => {
    meili = await PrivateMeilisearch.start(readAppConfig('cli').meili.masterKey);
    process.env.MEILI_URL = meili.url;
    system = await TestSystem.start(['identity', 'listings', 'matching', 'worker']);
    identity = new IdentityApi(system);
    listings = new ListingsApi(system);
    operator = await identity.operator();
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    await meili?.destroy();
  });

  const catalogue = async (query: Record<string, string | number> = {}) => {
    const response = await request(system.http).get('/api/v1/catalogue').query({ pageSize: 100, sort: 'newest', ...query });
    return { status: response.status, ids: response.status === 200 ? (response.body.hits as { listing: { id: string } }[]).map((h) => h.listing.id).sort() : null };
  };
  const fromPostgres = (sql: string, params: unknown[] = []) => withTestDatabase(async (db) => (await db.query(sql, params)).rows.map((r: { id: string }) => r.id).sort());
  const publishedIds = () => fromPostgres(`SELECT id FROM listings.listings WHERE status = 'published'`);

  it('rebuilds the catalogue and the demand index from PostgreSQL, with nothing missing', async () => {
    const owner = await identity.verifiedMember(operator, 'institute');
    const buyer = await identity.verifiedMember(operator, 'enterprise');
    const matching = new MatchingApi(system);
    const fields = ['aerodynamics', 'lasers_optics', 'new_materials', 'nuclear'];
    const published = [];
    for (let i = 0; i < 12; i++) published.push(await listings.published(owner, operator, { title: `擦除前发布的成果 ${i}`, field: fields[i % fields.length] }));
    await listings.draft(owner, { title: '草稿不进目录' });
    await request(system.http).post(`/api/v1/admin/listings/${published[0].id}/suspend`).set(operator.auth).send({ reason: '核查中' }).expect(200);
    await request(system.http).post(`/api/v1/listings/${published[1].id}/withdraw`).set(owner.auth).send({}).expect(200);
    for (let i = 0; i < 3; i++) await matching.post(buyer, { title: `擦除前发布的需求 ${i} (wind tunnel)` });
    const openDemands = () => fromPostgres(`SELECT id FROM matching.demands WHERE status = 'open' AND visibility = 'public'`);
    const demandHits = async () => {
      const response = await matching.search({ pageSize: 100 });
      return response.status === 200 ? (response.body.hits as { id: string }[]).map((h) => h.id).sort() : null;
    };
    const before = await publishedIds();
    expect(before).toHaveLength(10);
    await until(catalogue, (c) => JSON.stringify(c.ids) === JSON.stringify(before), 30_000);
    await until(demandHits, (ids) => ids?.length === 3, 45_000);

    // Down and wiped; the listings keep changing meanwhile.
    await meili.kill();
    meili.wipe();
    expect((await catalogue()).status).toBe(503);
    published.push(await listings.published(owner, operator, { title: '故障期间发布的成果', field: 'nuclear' }));
    await request(system.http).post(`/api/v1/admin/listings/${published[2].id}/suspend`).set(operator.auth).send({ reason: '核查中' }).expect(200);
    await meili.resume();

    // Back, empty: rebuilt from PostgreSQL, and searches in between never fail with a 500.
    const statuses = new Set<number>();
    const expected = await publishedIds();
    expect(expected).toHaveLength(10);
    await until(
      async () => {
        const answer = await catalogue();
        statuses.add(answer.status);
        return answer.ids;
      },
      (ids) => JSON.stringify(ids) === JSON.stringify(expected),
      45_000,
    );
    expect([...statuses].filter((s) => s !== 200 && s !== 503)).toEqual([]);
    // The index has its settings again: filters and facets work.
    for (const field of fields) {
      expect((await catalogue({ field })).ids).toEqual(await fromPostgres(`SELECT id FROM listings.listings WHERE status = 'published' AND field = $1`, [field]));
    }
    const pending = await withTestDatabase(async (db) => Number((await db.query('SELECT count(*) FROM listings.catalogue_outbox WHERE processed_at IS NULL')).rows[0].count));
    expect(pending).toBe(0);
    // The demand index, too (matching's sweep notices the loss).
    const demands = await openDemands();
    await until(demandHits, (ids) => JSON.stringify(ids) === JSON.stringify(demands), 60_000);
  }, 240_000);
});
