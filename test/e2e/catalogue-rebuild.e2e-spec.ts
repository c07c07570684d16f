import { AppConfig } from '@lib/config';
import { catalogueIndexName } from '@lib/search';
import { Meilisearch } from 'meilisearch';
import supertest from 'supertest';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { CatalogueOutboxService } from '../../apps/listings/src/catalogue/catalogue-outbox.service';
import { ListingsCliModule } from '../../apps/listings/src/cli/listings-cli.module';
import { rebuildCatalogue } from '../../scripts/lib/catalogue-rebuild';
import { IdentityApi, Session } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { TestSystem } from '../support/system';

const quiet = { start: () => undefined, advance: () => undefined, stop: () => undefined };

describe('npm run reindex: rebuild the catalogue from PostgreSQL and swap it in', () => {
  let system: TestSystem;
  let cli: INestApplicationContext;
  let listings: ListingsApi;
  let operator: Session;
  let owner: Session;
  let meili: Meilisearch;
  let liveIndex: string;

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings', 'worker']);
    cli = await NestFactory.createApplicationContext(ListingsCliModule, { logger: false });
    const identity = new IdentityApi(system);
    listings = new ListingsApi(system);
    operator = await identity.operator();
    owner = await identity.verifiedMember(operator);
    meili = system.gateway.get(Meilisearch);
    liveIndex = catalogueIndexName(system.gateway.get(AppConfig));
  });
  afterAll(async () => {
    await cli?.close();
    await system?.stop();
  });

  const rebuild = () => rebuildCatalogue(cli.get(CatalogueOutboxService), cli.get(Meilisearch), cli.get(AppConfig), quiet);
  const indexedIds = async () => {
    const { results } = await meili.index(liveIndex).getDocuments({ limit: 1000, fields: ['id'] });
    return results.map((d) => d.id as string).sort();
  };

  it('restores a wiped catalogue with exactly the published listings', async () => {
    const published = [];
    for (let i = 0; i < 12; i++) published.push(await listings.published(owner, operator, { title: `重建测试成果 ${i}` }));
    const draft = await listings.draft(owner, { title: '未提交的草稿' });
    await request(system).post(`/api/v1/admin/listings/${published[0].id}/suspend`, operator, { reason: '核查' });
    const expected = published.slice(1).map((l) => l.id).sort();
    await listings.eventually(indexedIds, (ids) => JSON.stringify(ids) === JSON.stringify(expected));

    await meili.deleteIndex(liveIndex).waitTask();
    const result = await rebuild();
    expect(result.documents).toBe(11);
    expect(await indexedIds()).toEqual(expected);
    expect(await indexedIds()).not.toContain(draft.id);
    // The rebuilt index has the catalogue's settings: filters and facets work.
    const filtered = await listings.search({ field: 'aerodynamics', pageSize: 100 });
    expect(filtered.total).toBe(11);
    expect(filtered.facets.field).toEqual({ aerodynamics: 11 });
  });

  it('never leaves the catalogue empty while it rebuilds', async () => {
    const totals: number[] = [];
    let rebuilding = true;
    const polling = (async () => {
      while (rebuilding) {
        totals.push((await listings.search({ pageSize: 1 })).total);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await rebuild();
    rebuilding = false;
    await polling;
    expect(totals.length).toBeGreaterThan(3);
    expect(Math.min(...totals)).toBe(11);
  });

  it('replays changes committed during the rebuild, so the swap cannot bring back a stale document', async () => {
    const outbox = cli.get(CatalogueOutboxService);
    const target = await listings.published(owner, operator, { title: '重建期间被暂停的成果' });
    await listings.eventually(indexedIds, (ids) => ids.includes(target.id));
    const pending = () => outbox.pendingChanges(10).then((changes) => changes.length);

    // The race: the rebuild reads the listing as published; then an operator suspends it and the
    // worker removes it from the old live index; then the rebuild swaps in its stale copy.
    let raced = false;
    const racing = Object.create(outbox) as CatalogueOutboxService;
    racing.publishedDocuments = async (afterId, limit) => {
      const documents = await outbox.publishedDocuments(afterId, limit);
      if (!raced) {
        raced = true;
        await request(system).post(`/api/v1/admin/listings/${target.id}/suspend`, operator, { reason: '重建期间暂停' });
        await listings.eventually(pending, (n) => n === 0);
      }
      return documents;
    };
    const result = await rebuildCatalogue(racing, cli.get(Meilisearch), cli.get(AppConfig), quiet);
    expect(raced).toBe(true);
    expect(result.replayed).toBeGreaterThanOrEqual(1);
    await listings.eventually(indexedIds, (ids) => !ids.includes(target.id));
  });
});

function request(system: TestSystem) {
  return {
    post: (path: string, session: Session, body: object) => supertest(system.http).post(path).set(session.auth).send(body).expect(200),
  };
}
