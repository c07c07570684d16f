import request from 'supertest';
import { withTestDatabase } from '../support/database';
import { Session } from '../support/identity';
import { chinaDateIn, MatchingApi } from '../support/matching';
import { Scenario, startScenario } from '../support/scenario';

/**
 * Demands and the matcher through the gateway: posting, reading and searching demands as each kind
 * of caller may, owners' edits and closing, operators hiding and restoring (audited), and matches
 * both ways with scores and explanations, never naming an unpublished or suspended listing nor a
 * hidden demand.
 */
describe('demands and matches', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let matching: MatchingApi;
  let institute: Session;
  let enterprise: Session;
  let otherEnterprise: Session;

  beforeAll(async () => {
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'matching', 'worker']));
    matching = new MatchingApi(system);
    institute = await identity.verifiedMember(operator, 'institute');
    enterprise = await identity.verifiedMember(operator, 'enterprise');
    otherEnterprise = await identity.verifiedMember(operator, 'enterprise');
  });
  afterAll(() => system?.stop());

  it('posts a demand, shows it to everyone, and ranks a matching published listing with an explanation', async () => {
    const listing = await listings.published(institute, operator);
    const demand = await matching.post(enterprise);
    expect(demand).toMatchObject({ status: 'open', organisationId: enterprise.organisationId, budget: '2000000.00', budgetNegotiable: false, expired: false });

    const anonymous = await matching.get(demand.id).expect(200);
    expect(anonymous.body).toMatchObject({ view: 'public', id: demand.id, title: demand.title });
    expect(anonymous.body.organisationId).toBeUndefined();

    const matches = await matching.demandMatches(enterprise, demand.id).expect(200);
    expect(matches.body.items.length).toBeGreaterThan(0);
    const [best] = matches.body.items;
    expect(best.listing.id).toBe(listing.id);
    expect(best.score).toBeGreaterThan(0.5);
    expect(best.explanation).toContain('TRL 6 ≥ 5');
    expect(best.explanation).toContain('asking price within budget');
    console.log(`demand → listing: ${best.score} ${best.explanation}`);

    const back = await matching.eventually(
      async () => (await matching.listingMatches(institute, listing.id).expect(200)).body.items,
      (items: { demand: { id: string } }[]) => items.some((i) => i.demand.id === demand.id),
    );
    const found = back.find((i) => i.demand.id === demand.id) as { demand: { id: string; organisationId?: string } };
    expect(found).toMatchObject({ demand: { id: demand.id, title: demand.title }, explanation: expect.stringContaining('TRL 6 ≥ 5') });
    expect(found.demand.organisationId).toBeUndefined();
  });

  it('stores matches and requests notifications once per new match above the threshold', async () => {
    const count = await withTestDatabase(async (db) => (await db.query(`SELECT count(*)::int AS n, count(notified_at)::int AS notified FROM matching.matches`)).rows[0]);
    expect(count.n).toBeGreaterThan(0);
    expect(count.notified).toBeGreaterThan(0);
  });

  it('never returns an unpublished or suspended listing', async () => {
    const draft = await listings.draft(institute, { title: '脉冲风洞测力技术草稿 (impulse wind tunnel force measurement draft)' });
    const suspended = await listings.published(institute, operator, { title: '脉冲风洞测力技术 (impulse wind tunnel force measurement)' });
    const demand = await matching.post(otherEnterprise, { title: '脉冲风洞测力 (impulse wind tunnel force measurement)' });
    const before = (await matching.demandMatches(otherEnterprise, demand.id).expect(200)).body.items.map((i: { listing: { id: string } }) => i.listing.id);
    expect(before).toContain(suspended.id);
    expect(before).not.toContain(draft.id);
    await request(system.http).post(`/api/v1/admin/listings/${suspended.id}/suspend`).set(operator.auth).send({ reason: '核查解密材料' }).expect(200);
    // At once, even before the catalogue catches up: the matcher re-checks with listings.
    const after = (await matching.demandMatches(otherEnterprise, demand.id).expect(200)).body.items.map((i: { listing: { id: string } }) => i.listing.id);
    expect(after).not.toContain(suspended.id);
  });

  it('never returns a hidden demand, and hides it from everyone but its owner and operators', async () => {
    const listing = await listings.published(institute, operator, { title: '结冰风洞防除冰验证技术 (icing wind tunnel anti-icing validation)' });
    const demand = await matching.post(enterprise, { title: '结冰风洞防除冰验证 (icing wind tunnel anti-icing validation)', deadline: chinaDateIn(200) });
    const ids = async () => (await matching.listingMatches(institute, listing.id).expect(200)).body.items.map((i: { demand: { id: string } }) => i.demand.id);
    await matching.eventually(ids, (list: string[]) => list.includes(demand.id));
    const hidden = await matching.hide(operator, demand.id, '含未公开的装备指标');
    expect(hidden).toMatchObject({ status: 'hidden', statusReason: '含未公开的装备指标' });
    expect(await ids()).not.toContain(demand.id);
    await matching.get(demand.id).expect(404);
    await matching.get(demand.id, otherEnterprise).expect(404);
    await matching.get(demand.id, institute).expect(404);
    expect((await matching.get(demand.id, enterprise).expect(200)).body).toMatchObject({ view: 'full', status: 'hidden' });
    await matching.demandMatches(otherEnterprise, demand.id).expect(404);
    await matching.demandMatches(enterprise, demand.id).expect(409);
    const audit = await withTestDatabase(async (db) => (await db.query(`SELECT action, reason FROM audit.entries WHERE entity_id = $1 ORDER BY seq`, [demand.id])).rows);
    expect(audit).toEqual(expect.arrayContaining([{ action: 'demand.posted', reason: null }, { action: 'demand.hidden', reason: '含未公开的装备指标' }]));
    await matching.restore(operator, demand.id);
    await matching.eventually(ids, (list: string[]) => list.includes(demand.id));
  });
});
