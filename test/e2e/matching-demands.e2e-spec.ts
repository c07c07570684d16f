import { NotificationRequest } from '@lib/contracts';
import request from 'supertest';
import { DemandIndexer } from '../../apps/matching/src/demands/demand-indexer';
import { MatcherService } from '../../apps/matching/src/matcher/matcher.service';
import { readAppConfig } from '@lib/config';
import { createMeilisearchClient, demandIndexName } from '@lib/search';
import { withTestDatabase } from '../support/database';
import { Session } from '../support/identity';
import { watchNotificationOutbox } from '../support/notification-outbox';
import { chinaDateIn, MatchingApi } from '../support/matching';
import { Scenario, startScenario } from '../support/scenario';

/**
 * Demands and the matcher through the gateway: posting, reading and searching demands as each kind of
 * caller may; owners' edits and closing; operators hiding and restoring (audited); matches both ways
 * with scores and explanations, for the two owners and operators only; never an unpublished or
 * suspended listing nor a hidden demand; matching jobs when a demand is posted or a listing published,
 * and one notification request per side for each new match above the threshold.
 */

type Item = { listing?: { id: string }; demand?: { id: string; organisationId?: string }; score: number; explanation: string; matchId: string; notable: boolean };
const listingIds = (items: Item[]) => items.map((i) => i.listing!.id);
const demandIds = (items: Item[]) => items.map((i) => i.demand!.id);

describe('demands and matches', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let matching: MatchingApi;
  let institute: Session;
  let enterprise: Session;
  let otherEnterprise: Session;
  let notifications: () => Promise<NotificationRequest[]>;

  beforeAll(async () => {
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'matching', 'worker']));
    matching = new MatchingApi(system);
    notifications = (await watchNotificationOutbox('matching')).requests;
    institute = await identity.verifiedMember(operator, 'institute');
    enterprise = await identity.verifiedMember(operator, 'enterprise');
    otherEnterprise = await identity.verifiedMember(operator, 'enterprise');
  });
  afterAll(async () => {
    await system?.stop();
  });

  const audit = (entityId: string) =>
    withTestDatabase(async (db) => (await db.query(`SELECT action, actor_role AS role, reason FROM audit.entries WHERE entity_id = $1 ORDER BY seq`, [entityId])).rows);
  const searchIds = async (query: Record<string, string | number> = {}, session?: Session) =>
    ((await matching.search(query, session).expect(200)).body.hits as { id: string }[]).map((h) => h.id);

  describe('posting', () => {
    it('lets a verified enterprise post a demand, open at once and audited', async () => {
      const demand = await matching.post(enterprise, { budget: '1500000.50', ipcCodes: ['g01m9/06'] });
      expect(demand).toMatchObject({
        status: 'open',
        organisationId: enterprise.organisationId,
        createdBy: enterprise.userId,
        budget: '1500000.50',
        budgetNegotiable: false,
        ipcCodes: ['G01M 9/06'],
        visibility: 'public',
        expired: false,
        version: 1,
      });
      expect(await audit(demand.id)).toEqual([{ action: 'demand.posted', role: 'enterprise', reason: null }]);
    });

    it('lets an institute post civ→mil needs only', async () => {
      await matching.post(institute, { direction: 'civ_to_mil' });
      const refused = await request(system.http).post('/api/v1/demands').set(institute.auth).send({ ...(await import('../support/matching')).demandBody(), direction: 'mil_to_civ' });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'DEMAND.DIRECTION_NOT_ALLOWED', fields: [{ field: 'direction', messages: ['an institute may only post civ_to_mil demands'] }] });
    });

    it('refuses an organisation that is not verified yet, and roles that post no demands', async () => {
      const pending = await identity.member('enterprise');
      const { demandBody } = await import('../support/matching');
      const refused = await request(system.http).post('/api/v1/demands').set(pending.auth).send(demandBody());
      expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 403, code: 'ORGANISATION.NOT_VERIFIED' });
      const byOperator = await request(system.http).post('/api/v1/demands').set(operator.auth).send(demandBody());
      expect({ status: byOperator.status, code: byOperator.body.error.code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN' });
      await request(system.http).post('/api/v1/demands').send(demandBody()).expect(401);
    });
  });

  describe('reading and searching', () => {
    let open: { id: string; title: string };
    let registeredOnly: { id: string };
    beforeAll(async () => {
      open = await matching.post(enterprise, { title: '电子束焊接设备引进 (electron-beam welding)', field: 'advanced_manufacturing', ipcCodes: ['B23K 15/00'] });
      registeredOnly = await matching.post(enterprise, { title: '搅拌摩擦焊工艺 (friction stir welding)', field: 'advanced_manufacturing', visibility: 'registered' });
    });

    it('shows an open public demand to anyone, without the posting organisation', async () => {
      const anonymous = (await matching.get(open.id).expect(200)).body;
      expect(anonymous).toMatchObject({ view: 'public', id: open.id, title: open.title, field: 'advanced_manufacturing', expired: false });
      for (const hidden of ['organisationId', 'createdBy', 'status', 'statusReason', 'version']) expect(anonymous).not.toHaveProperty(hidden);
      expect((await matching.get(open.id, institute).expect(200)).body.view).toBe('public');
      expect((await matching.get(open.id, enterprise).expect(200)).body).toMatchObject({ view: 'full', organisationId: enterprise.organisationId });
      expect((await matching.get(open.id, operator).expect(200)).body.view).toBe('full');
    });

    it('shows a registered-only demand to members of organisations and operators, and to nobody anonymous', async () => {
      await matching.get(registeredOnly.id).expect(404);
      expect((await matching.get(registeredOnly.id, institute).expect(200)).body.view).toBe('public');
      expect((await matching.get(registeredOnly.id, otherEnterprise).expect(200)).body.view).toBe('public');
      expect((await matching.get(registeredOnly.id, operator).expect(200)).body.view).toBe('full');
    });

    it('finds open demands by text and filters; anonymous callers find public ones only', async () => {
      await matching.eventually(() => searchIds({ q: 'welding' }), (ids) => ids.includes(open.id));
      expect(await searchIds({ q: 'welding' })).not.toContain(registeredOnly.id);
      expect(await searchIds({ q: 'welding' }, institute)).toEqual(expect.arrayContaining([open.id, registeredOnly.id]));
      expect(await searchIds({ q: 'welding' }, operator)).toEqual(expect.arrayContaining([open.id, registeredOnly.id]));
      expect(await searchIds({ q: 'electron-beam welding', field: 'advanced_manufacturing', ipc: 'B23K', trl: 5 })).toContain(open.id);
      expect(await searchIds({ q: '焊接', field: 'nuclear' })).not.toContain(open.id);
      expect(await searchIds({ q: '焊接', trl: 4 })).not.toContain(open.id); // its minimum TRL is 5
      const page = (await matching.search({ sort: 'deadline', pageSize: 1 }).expect(200)).body;
      expect(page).toMatchObject({ page: 1, pageSize: 1, total: expect.any(Number) });
    });

    it('rebuilds the demand index from PostgreSQL when Meilisearch has lost it (the sweep notices)', async () => {
      const config = readAppConfig('cli');
      const meili = createMeilisearchClient(config);
      await meili.index(demandIndexName(config)).delete().waitTask();
      expect((await matching.search({ q: 'welding' }).expect(200)).body.hits).toEqual([]);
      const answer = await system.services.get('matching')!.get(MatcherService).sweep();
      expect(answer.indexed).toBeGreaterThanOrEqual(2);
      expect(await searchIds({ q: 'welding' }, institute)).toEqual(expect.arrayContaining([open.id, registeredOnly.id]));
      expect(await searchIds({ q: 'welding' })).not.toContain(registeredOnly.id);
    });

    it('lists my organisation’s demands, and every demand for operators', async () => {
      const mine = (await request(system.http).get('/api/v1/demands/mine').set(enterprise.auth).expect(200)).body;
      expect(mine.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([open.id, registeredOnly.id]));
      expect(mine.items.every((d: { organisationId: string }) => d.organisationId === enterprise.organisationId)).toBe(true);
      const others = (await request(system.http).get('/api/v1/demands/mine').set(otherEnterprise.auth).expect(200)).body;
      expect(others.items.map((d: { id: string }) => d.id)).not.toContain(open.id);
      const all = (await request(system.http).get('/api/v1/admin/demands').query({ status: 'open', pageSize: 100 }).set(operator.auth).expect(200)).body;
      expect(all.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([open.id, registeredOnly.id]));
      await request(system.http).get('/api/v1/admin/demands').set(enterprise.auth).expect(403);
    });
  });

  describe('owners and operators', () => {
    it('lets only the owner edit an open demand; the edit is audited and the demand matched again', async () => {
      const demand = await matching.post(enterprise, { title: '激光熔覆修复技术 (laser cladding repair)', field: 'advanced_manufacturing' });
      await request(system.http).patch(`/api/v1/demands/${demand.id}`).set(otherEnterprise.auth).send({ minTrl: 7 }).expect(404);
      await request(system.http).patch(`/api/v1/demands/${demand.id}`).set(operator.auth).send({ minTrl: 7 }).expect(403);
      const edited = (await request(system.http).patch(`/api/v1/demands/${demand.id}`).set(enterprise.auth).send({ minTrl: 7, budget: null }).expect(200)).body;
      expect(edited).toMatchObject({ minTrl: 7, budgetNegotiable: true, budget: null, version: 2 });
      expect((await audit(demand.id)).map((a: { action: string }) => a.action)).toEqual(['demand.posted', 'demand.updated']);
      const matched = await matching.eventually(
        () => withTestDatabase(async (db) => (await db.query(`SELECT matched_version FROM matching.demands WHERE id = $1`, [demand.id])).rows[0].matched_version),
        (version) => version === 2,
      );
      expect(matched).toBe(2);
    });

    it('closes a demand: it leaves search and matching, and cannot be edited any more', async () => {
      const demand = await matching.post(enterprise, { title: '超精密磨削工艺 (ultra-precision grinding)', field: 'advanced_manufacturing' });
      await matching.eventually(() => searchIds({ q: '超精密磨削' }), (ids) => ids.includes(demand.id));
      await request(system.http).post(`/api/v1/demands/${demand.id}/close`).set(otherEnterprise.auth).send({}).expect(404);
      const closed = (await request(system.http).post(`/api/v1/demands/${demand.id}/close`).set(enterprise.auth).send({ reason: '已找到供应商' }).expect(200)).body;
      expect(closed).toMatchObject({ status: 'closed', statusReason: '已找到供应商', closedAt: expect.any(String) });
      expect(await searchIds({ q: '超精密磨削' })).not.toContain(demand.id);
      await matching.get(demand.id).expect(404);
      const edit = await request(system.http).patch(`/api/v1/demands/${demand.id}`).set(enterprise.auth).send({ minTrl: 3 }).expect(409);
      expect(edit.body.error.code).toBe('DEMAND.NOT_EDITABLE');
      expect((await matching.demandMatches(enterprise, demand.id).expect(409)).body.error.code).toBe('DEMAND.NOT_OPEN');
      await request(system.http).post(`/api/v1/demands/${demand.id}/close`).set(enterprise.auth).send({}).expect(409);
    });

    it('lets operators hide a demand with a reason (audited): only its owner and operators see it then, until it is restored', async () => {
      const demand = await matching.post(enterprise, { title: '复合材料自动铺丝装备 (automated fibre placement)', field: 'advanced_manufacturing' });
      await matching.eventually(() => searchIds({ q: '自动铺丝' }), (ids) => ids.includes(demand.id));
      const hidden = await matching.hide(operator, demand.id, '含未公开的装备指标');
      expect(hidden).toMatchObject({ status: 'hidden', statusReason: '含未公开的装备指标', hiddenAt: expect.any(String) });
      expect(await searchIds({ q: '自动铺丝' }, institute)).not.toContain(demand.id);
      await matching.get(demand.id).expect(404);
      await matching.get(demand.id, institute).expect(404);
      await matching.get(demand.id, otherEnterprise).expect(404);
      expect((await matching.get(demand.id, enterprise).expect(200)).body).toMatchObject({ view: 'full', status: 'hidden', statusReason: '含未公开的装备指标' });
      const hiddenList = (await request(system.http).get('/api/v1/admin/demands').query({ status: 'hidden' }).set(operator.auth).expect(200)).body;
      expect(hiddenList.items.map((d: { id: string }) => d.id)).toContain(demand.id);
      await request(system.http).patch(`/api/v1/demands/${demand.id}`).set(enterprise.auth).send({ minTrl: 3 }).expect(409);
      expect((await request(system.http).post(`/api/v1/admin/demands/${demand.id}/hide`).set(operator.auth).send({ reason: '再次' }).expect(409)).body.error.code).toBe('DEMAND.INVALID_TRANSITION');

      const restored = await matching.restore(operator, demand.id);
      expect(restored).toMatchObject({ status: 'open', statusReason: null, hiddenAt: null });
      await matching.eventually(() => searchIds({ q: '自动铺丝' }), (ids) => ids.includes(demand.id));
      expect(await audit(demand.id)).toEqual([
        { action: 'demand.posted', role: 'enterprise', reason: null },
        { action: 'demand.hidden', role: 'operator', reason: '含未公开的装备指标' },
        { action: 'demand.restored', role: 'operator', reason: null },
      ]);
    });

    it('hides and restores for operators only', async () => {
      const demand = await matching.post(enterprise);
      await request(system.http).post(`/api/v1/admin/demands/${demand.id}/hide`).set(enterprise.auth).send({ reason: '自己隐藏' }).expect(403);
      await request(system.http).post(`/api/v1/admin/demands/${demand.id}/restore`).set(institute.auth).send({}).expect(403);
    });
  });

  describe('matches', () => {
    it('ranks published listings for a demand with a score and an explanation, for its owner and operators only', async () => {
      const listing = await listings.published(institute, operator, { title: '脉冲风洞测力技术 (impulse wind tunnel force measurement)', trl: 7, askingPrice: '1800000.00' });
      const demand = await matching.post(otherEnterprise, { title: '脉冲风洞测力 (impulse wind tunnel force measurement)', minTrl: 6 });
      const items: Item[] = (await matching.demandMatches(otherEnterprise, demand.id).expect(200)).body.items;
      const found = items.find((i) => i.listing!.id === listing.id)!;
      expect(found).toMatchObject({ matchId: expect.any(String), notable: true, listing: { id: listing.id, title: listing.title, trl: 7 } });
      expect(found.score).toBeGreaterThanOrEqual(0.65);
      expect(found.explanation).toMatch(/^same IPC group G01M 9\/06; TRL 7 ≥ 6; asking price within budget; same field \(Aerodynamics\); strong text relevance/);
      expect(found.listing).not.toHaveProperty('organisationId');
      expect(items.map((i) => i.score)).toEqual([...items.map((i) => i.score)].sort((a, b) => b - a));
      expect((await matching.demandMatches(operator, demand.id).expect(200)).body.items.length).toBe(items.length);
      await matching.demandMatches(enterprise, demand.id).expect(404);
      await matching.demandMatches(institute, demand.id).expect(404);
      await request(system.http).get(`/api/v1/demands/${demand.id}/matches`).expect(401);
      expect((await matching.demandMatches(otherEnterprise, demand.id, { limit: 1 }).expect(200)).body.items).toHaveLength(1);
    });

    it('ranks open demands for a published listing, for its owner and operators only', async () => {
      const listing = await listings.published(institute, operator, { title: '低速风洞气动声学测量技术 (low-speed wind tunnel aeroacoustic measurement)' });
      const demand = await matching.post(otherEnterprise, { title: '低速风洞气动声学测量 (aeroacoustic measurement)' });
      const items: Item[] = await matching.eventually(
        async () => (await matching.listingMatches(institute, listing.id).expect(200)).body.items,
        (list: Item[]) => demandIds(list).includes(demand.id),
      );
      const found = items.find((i) => i.demand!.id === demand.id)!;
      expect(found.explanation).toContain('TRL 6 ≥ 5');
      expect(found.demand).not.toHaveProperty('organisationId');
      expect(demandIds((await matching.listingMatches(operator, listing.id).expect(200)).body.items)).toContain(demand.id);
      await matching.listingMatches(otherEnterprise, listing.id).expect(404);
      const other = await identity.verifiedMember(operator, 'institute');
      await matching.listingMatches(other, listing.id).expect(404);
    });

    it('matches only published listings: the owner of a draft is told so, anyone else gets 404', async () => {
      const draft = await listings.draft(institute);
      expect((await matching.listingMatches(institute, draft.id).expect(409)).body.error.code).toBe('LISTING.NOT_PUBLISHED');
      await matching.listingMatches(enterprise, draft.id).expect(404);
    });

    it('never returns an unpublished or suspended listing', async () => {
      const title = '结冰风洞防除冰验证技术 (icing wind tunnel anti-icing validation)';
      const draft = await listings.draft(institute, { title });
      const inReview = await listings.draft(institute, { title });
      await request(system.http).post(`/api/v1/listings/${inReview.id}/submit`).set(institute.auth).expect(200);
      const published = await listings.published(institute, operator, { title });
      const suspended = await listings.published(institute, operator, { title });
      await request(system.http).post(`/api/v1/admin/listings/${suspended.id}/suspend`).set(operator.auth).send({ reason: '核查解密材料' }).expect(200);
      const demand = await matching.post(otherEnterprise, { title: '结冰风洞防除冰验证 (icing wind tunnel anti-icing validation)' });
      const ids = listingIds((await matching.demandMatches(otherEnterprise, demand.id).expect(200)).body.items);
      expect(ids).toContain(published.id);
      for (const hidden of [draft.id, inReview.id, suspended.id]) expect(ids).not.toContain(hidden);

      // Suspended after it was matched: gone from the next ranking at once (the matcher asks listings, whatever the index says),
      // and its stored matches are retired once the catalogue relay has seen it leave.
      const matchIds = await withTestDatabase(async (db) => (await db.query(`SELECT id FROM matching.matches WHERE listing_id = $1 AND status = 'active'`, [published.id])).rows.map((r) => r.id));
      expect(matchIds.length).toBeGreaterThan(0);
      await request(system.http).post(`/api/v1/admin/listings/${published.id}/suspend`).set(operator.auth).send({ reason: '涉嫌侵权' }).expect(200);
      expect(listingIds((await matching.demandMatches(otherEnterprise, demand.id).expect(200)).body.items)).not.toContain(published.id);
      await matching.eventually(
        () => withTestDatabase(async (db) => (await db.query(`SELECT count(*)::int AS n FROM matching.matches WHERE listing_id = $1 AND status = 'active'`, [published.id])).rows[0].n),
        (n) => n === 0,
      );
      // Audited once, naming the matches it retired.
      const audits = await withTestDatabase(async (db) => (await db.query(`SELECT after FROM audit.entries WHERE action = 'matches.retired' AND entity_id = $1`, [published.id])).rows);
      expect(audits).toEqual([{ after: { retired: expect.arrayContaining(matchIds) } }]);
      expect(await withTestDatabase(async (db) => (await db.query(`SELECT count(*)::int AS n FROM matching.matches WHERE listing_id = ANY($1::uuid[])`, [[draft.id, inReview.id, suspended.id]])).rows[0].n)).toBe(0);
    });

    it('never returns a hidden, closed or expired demand', async () => {
      const listing = await listings.published(institute, operator, { title: '六分量应变天平技术 (six-component strain-gauge balance)' });
      const title = '六分量应变天平 (six-component strain-gauge balance)';
      const [visible, hidden, closed, expired] = [
        await matching.post(enterprise, { title }),
        await matching.post(enterprise, { title }),
        await matching.post(enterprise, { title }),
        await matching.post(otherEnterprise, { title }),
      ];
      const ranked = async () => demandIds((await matching.listingMatches(institute, listing.id).expect(200)).body.items);
      await matching.eventually(ranked, (ids) => [visible, hidden, closed, expired].every((d) => ids.includes(d.id)));
      await matching.hide(operator, hidden.id);
      await request(system.http).post(`/api/v1/demands/${closed.id}/close`).set(enterprise.auth).send({}).expect(200);
      // The deadline passes (moved back behind the service's back, then the index catches up as the sweep would).
      await withTestDatabase((db) => db.query(`UPDATE matching.demands SET deadline = current_date - 2, version = version + 1 WHERE id = $1`, [expired.id]));
      await system.services.get('matching')!.get(DemandIndexer).sync();

      const ids = await ranked();
      expect(ids).toContain(visible.id);
      for (const gone of [hidden, closed, expired]) expect(ids).not.toContain(gone.id);
      expect(await searchIds({ q: '应变天平' }, institute)).toEqual([visible.id]);
      expect((await matching.demandMatches(otherEnterprise, expired.id).expect(409)).body.error.code).toBe('DEMAND.EXPIRED');
      expect((await matching.get(expired.id).expect(200)).body).toMatchObject({ expired: true });
      const active = await withTestDatabase(
        async (db) => (await db.query(`SELECT demand_id FROM matching.matches WHERE listing_id = $1 AND status = 'active'`, [listing.id])).rows.map((r: { demand_id: string }) => r.demand_id),
      );
      expect(active).not.toContain(hidden.id);
      expect(active).not.toContain(closed.id);
    });

    it('never pairs an organisation with its own listing', async () => {
      const own = await listings.published(otherEnterprise, operator, { title: '无人水面艇平台 (unmanned surface vessel)', direction: 'civ_to_mil', field: 'unmanned_systems', ipcCodes: ['B63B 35/00'] });
      const theirs = await listings.published(institute, operator, { title: '无人水面艇平台 (unmanned surface vessel)', direction: 'civ_to_mil', field: 'unmanned_systems', ipcCodes: ['B63B 35/00'] });
      // The matcher ranks what the catalogue holds: wait until both listings are indexed.
      await listings.eventually(
        () => listings.search({ q: '无人水面艇平台', pageSize: 100 }),
        (r) => [own.id, theirs.id].every((id) => r.hits.some((h: { listing: { id: string } }) => h.listing.id === id)),
      );
      const demand = await matching.post(otherEnterprise, { title: '无人水面艇 (unmanned surface vessel)', direction: 'civ_to_mil', field: 'unmanned_systems', ipcCodes: ['B63B 35/00'] });
      const ids = listingIds((await matching.demandMatches(otherEnterprise, demand.id).expect(200)).body.items);
      expect(ids).toContain(theirs.id);
      expect(ids).not.toContain(own.id);
      expect(demandIds((await matching.listingMatches(otherEnterprise, own.id).expect(200)).body.items)).not.toContain(demand.id);
    });
  });

  describe('jobs and notifications', () => {
    const stored = (demandId: string, listingId: string) =>
      withTestDatabase(
        async (db) =>
          (await db.query(`SELECT id, found_by AS "foundBy", status, notified_at IS NOT NULL AS notified FROM matching.matches WHERE demand_id = $1 AND listing_id = $2`, [demandId, listingId]))
            .rows[0] as { id: string; foundBy: string; status: string; notified: boolean } | undefined,
      );
    const about = async (matchId: string) => (await notifications()).filter((n) => n.key.startsWith(`match.new:${matchId}:`));

    it('matches a new listing against open demands when it is published, and notifies both sides once', async () => {
      const demand = await matching.post(enterprise, { title: '粒子图像测速系统 (particle image velocimetry)', minTrl: 4 });
      const listing = await listings.published(institute, operator, { title: '粒子图像测速技术 (particle image velocimetry PIV)' });
      // No API call: the catalogue relay queued a matching job for the publication.
      const match = await matching.eventually(() => stored(demand.id, listing.id), (row) => row?.notified === true);
      expect(match).toMatchObject({ foundBy: 'listing', status: 'active' });
      const sent = await matching.eventually(() => about(match!.id), (list) => list.length === 2);
      expect(sent.find((n) => n.key.endsWith(':demand'))).toMatchObject({
        kind: 'match.new',
        recipientOrganisationIds: [enterprise.organisationId],
        recipientUserIds: [],
        subject: { type: 'demand', id: demand.id },
        body: expect.stringContaining(listing.title),
      });
      expect(sent.find((n) => n.key.endsWith(':listing'))).toMatchObject({
        kind: 'match.new',
        recipientOrganisationIds: [institute.organisationId],
        subject: { type: 'listing', id: listing.id },
        body: expect.stringContaining(demand.title),
      });

      // Matching again, by job or on demand, finds the same match: nobody is notified twice.
      await matching.demandMatches(enterprise, demand.id).expect(200);
      await matching.listingMatches(institute, listing.id).expect(200);
      await new Promise((r) => setTimeout(r, 500));
      expect(await about(match!.id)).toHaveLength(2);
    });

    it('matches a new demand against published listings when it is posted', async () => {
      const listing = await listings.published(institute, operator, { title: '压敏涂料表面压力测量技术 (pressure-sensitive paint)' });
      await matching.eventually(async () => (await listings.search({ q: '压敏涂料' })).total, (total) => total > 0);
      const demand = await matching.post(otherEnterprise, { title: '压敏涂料表面压力测量 (pressure-sensitive paint)' });
      const match = await matching.eventually(() => stored(demand.id, listing.id), (row) => row?.notified === true);
      expect(match).toMatchObject({ foundBy: 'demand', status: 'active' });
      await matching.eventually(() => about(match!.id), (list) => list.length === 2);
      const run = await withTestDatabase(async (db) => (await db.query(`SELECT matched_version, matched_at FROM matching.demands WHERE id = $1`, [demand.id])).rows[0]);
      expect(run).toMatchObject({ matched_version: 1, matched_at: expect.any(Date) });
      expect((await audit(demand.id)).map((a: { action: string }) => a.action)).toEqual(['demand.posted', 'demand.matched']);
    });

    it('runs concurrently for one demand (API and job at once) without errors: one row per pair, announced once', async () => {
      const listing = await listings.published(institute, operator, { title: '边界层转捩预测技术 (boundary-layer transition prediction)' });
      await matching.eventually(async () => (await listings.search({ q: '边界层转捩' })).total, (total) => total > 0);
      const demand = await matching.post(enterprise, { title: '边界层转捩预测 (boundary-layer transition prediction)' });
      const answers = await Promise.all(Array.from({ length: 6 }, () => matching.demandMatches(enterprise, demand.id)));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
      for (const answer of answers) expect(listingIds(answer.body.items)).toContain(listing.id);
      expect(new Set(answers.map((a) => a.body.items.find((i: Item) => i.listing!.id === listing.id).matchId)).size).toBe(1);
      const rows = await withTestDatabase(async (db) => (await db.query(`SELECT id FROM matching.matches WHERE demand_id = $1 AND listing_id = $2`, [demand.id, listing.id])).rows);
      expect(rows).toHaveLength(1);
      await matching.eventually(() => about(rows[0].id), (list) => list.length === 2);
      await new Promise((r) => setTimeout(r, 500));
      expect(await about(rows[0].id)).toHaveLength(2);
    });

    it('never notifies anyone of a match below the threshold', async () => {
      const weak = await withTestDatabase(
        async (db) => (await db.query(`SELECT id FROM matching.matches WHERE score < 0.65 AND notified_at IS NULL`)).rows.map((r: { id: string }) => r.id),
      );
      for (const id of weak) expect(await about(id)).toEqual([]);
      expect((await notifications()).every((n) => n.key.startsWith('match.new:') && n.recipientOrganisationIds.length === 1)).toBe(true);
    });
  });

  it('expires deadlines in China Standard Time: a demand due today is still open', async () => {
    const demand = await matching.post(enterprise, { deadline: chinaDateIn(0) });
    expect(demand.expired).toBe(false);
    await matching.demandMatches(enterprise, demand.id).expect(200);
  });
});
