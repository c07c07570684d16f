import request from 'supertest';
import { IdentityApi, Session } from '../support/identity';
import { ListingsApi } from '../support/listings';
import { TestSystem } from '../support/system';

describe('listings smoke', () => {
  let system: TestSystem;
  let identity: IdentityApi;
  let listings: ListingsApi;
  let operator: Session;

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings', 'worker']);
    identity = new IdentityApi(system);
    listings = new ListingsApi(system);
    operator = await identity.operator();
  });
  afterAll(() => system?.stop());

  it('publishes a listing into the catalogue', async () => {
    const owner = await identity.verifiedMember(operator);
    const published = await listings.published(owner, operator);
    expect(published.status).toBe('published');
    const result = await listings.eventually(() => listings.search({ q: '风洞' }), (r) => r.total === 1);
    expect(result.hits[0].listing.id).toBe(published.id);
    expect(result.hits[0].highlight.title).toContain('<mark>');
    const anonymous = await request(system.http).get(`/api/v1/listings/${published.id}`).expect(200);
    expect(anonymous.body.visibility).toBe('public');
    expect(anonymous.body).not.toHaveProperty('description');
  });
});
