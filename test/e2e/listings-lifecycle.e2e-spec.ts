import { randomBytes, randomUUID } from 'node:crypto';
import request, { Response } from 'supertest';
import { IdentityApi, Session } from '../support/identity';
import { listingBody, ListingsApi } from '../support/listings';
import { TestSystem } from '../support/system';

/**
 * The listing lifecycle through HTTP: the status machine with its audit trail, the
 * declassification gate, who may edit and act, who sees what, the owner's and the review
 * queue's lists, and the restricted dossier (NDA, grants, audited views).
 */

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type Body = Record<string, unknown>;

interface AuditEntry {
  seq: string;
  actorId: string | null;
  actorRole: string;
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: Body | null;
  after: Body | null;
  reason: string | null;
}

/** The keys of the public part of a published listing, as GET /listings/:id answers it (plus `visibility`). */
const PUBLIC_KEYS = ['askingPrice', 'direction', 'evaluation', 'field', 'id', 'ipcCodes', 'priceNegotiable', 'publishedAt', 'summary', 'title', 'transactionModes', 'trl', 'visibility'];
const FULL_KEYS = [
  'askingPrice',
  'createdAt',
  'declassification',
  'description',
  'direction',
  'dossierAccess',
  'evaluation',
  'field',
  'hasDossier',
  'id',
  'ipcCodes',
  'organisationId',
  'patents',
  'priceNegotiable',
  'publishedAt',
  'secrecyLevel',
  'status',
  'statusReason',
  'summary',
  'title',
  'transactionModes',
  'trl',
  'updatedAt',
  'version',
  'visibility',
];
const DECLASSIFICATION = { decisionNumber: '科工密解〔2024〕118号', authority: '国家国防科技工业局', decisionDate: '2024-06-30' };

describe('listings lifecycle over HTTP', () => {
  let system: TestSystem;
  let identity: IdentityApi;
  let listings: ListingsApi;
  let operator: Session;
  let owner: Session; // a verified institute
  let other: Session; // a verified enterprise

  function call(method: Method, path: string, session?: Session | null) {
    const test = request(system.http)[method](`/api/v1${path}`);
    return session ? test.set(session.auth) : test;
  }

  /** Asserts an error answer: status, code and (when given) exactly the fields named. */
  function expectError(response: Response, status: number, code: string, fields?: string[]): void {
    expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
    if (fields) expect((response.body.error.fields ?? []).map((f: { field: string }) => f.field)).toEqual(fields);
  }

  const get = (id: string, session?: Session | null) => call('get', `/listings/${id}`, session);
  const submit = (id: string, session: Session) => call('post', `/listings/${id}/submit`, session);
  const approve = (id: string) => call('post', `/admin/listings/${id}/approve`, operator);
  const statusOf = async (id: string) => (await get(id, operator).expect(200)).body.status as string;

  /** Audit entries of one listing, oldest first. */
  async function auditOf(listingId: string): Promise<AuditEntry[]> {
    const response = await call('get', '/admin/audit', operator).query({ entityType: 'listing', entityId: listingId, limit: 500 }).expect(200);
    return (response.body as AuditEntry[]).slice().reverse();
  }

  const withoutSeal = ({ chainSeq: _chainSeq, hash: _hash, prevHash: _prevHash, ...content }: AuditEntry & { chainSeq?: unknown; hash?: unknown; prevHash?: unknown }) => content;

  /** Every audit entry of this test file's database, paging back through the whole log. */
  async function wholeAuditLog(): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let beforeSeq: string | undefined;
    for (;;) {
      const query: Record<string, string | number> = { limit: 500, ...(beforeSeq ? { beforeSeq } : {}) };
      const page = (await call('get', '/admin/audit', operator).query(query).expect(200)).body as AuditEntry[];
      entries.push(...page);
      if (page.length < 500) return entries;
      beforeSeq = page[page.length - 1].seq;
    }
  }

  async function listingIn(status: 'draft' | 'pending_review' | 'published' | 'rejected' | 'suspended' | 'withdrawn', by: Session = owner, overrides: Body = {}) {
    const listing = await listings.draft(by, overrides);
    if (status === 'draft') return listing;
    await submit(listing.id, by).expect(200);
    if (status === 'pending_review') return listing;
    if (status === 'rejected') {
      await call('post', `/admin/listings/${listing.id}/reject`, operator).send({ reason: '材料不全' }).expect(200);
      return listing;
    }
    await approve(listing.id).expect(200);
    if (status === 'suspended') await call('post', `/admin/listings/${listing.id}/suspend`, operator).send({ reason: '涉嫌侵权' }).expect(200);
    if (status === 'withdrawn') await call('post', `/listings/${listing.id}/withdraw`, by).send({}).expect(200);
    return listing;
  }

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings', 'worker']);
    identity = new IdentityApi(system);
    listings = new ListingsApi(system);
    operator = await identity.operator();
    owner = await identity.verifiedMember(operator, 'institute');
    other = await identity.verifiedMember(operator, 'enterprise');
  });
  afterAll(() => system?.stop());

  describe('the status machine, audited', () => {
    it('create → edit → submit → approve → withdraw, each step recorded with its actor and reason', async () => {
      const created = await call('post', '/listings', owner).send(listingBody({ patents: [{ number: 'zl 2017 1060 1862.3', kind: 'invention', nationalDefence: true }] }));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        organisationId: owner.organisationId,
        status: 'draft',
        statusReason: null,
        askingPrice: '1250000.00',
        priceNegotiable: false,
        patents: [{ number: 'ZL201710601862.3', kind: 'invention', nationalDefence: true, title: null }],
        secrecyLevel: 'public',
        declassification: null,
        dossierAccess: 'by_grant',
        hasDossier: false,
        publishedAt: null,
      });
      const id = created.body.id as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);

      const edited = await call('patch', `/listings/${id}`, owner).send({ title: '脉冲风洞测力技术', askingPrice: null, ipcCodes: ['g01m9/06', 'G01S 7/48'] });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ status: 'draft', title: '脉冲风洞测力技术', askingPrice: null, priceNegotiable: true, ipcCodes: ['G01M 9/06', 'G01S 7/48'] });

      const submitted = await submit(id, owner);
      expect({ status: submitted.status, listing: submitted.body.status }).toEqual({ status: 200, listing: 'pending_review' });

      const approved = await approve(id);
      expect({ status: approved.status, listing: approved.body.status }).toEqual({ status: 200, listing: 'published' });
      expect(new Date(approved.body.publishedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

      const withdrawn = await call('post', `/listings/${id}/withdraw`, owner).send({ reason: '已与合作方另行签约' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', statusReason: '已与合作方另行签约' });

      const trail = await auditOf(id);
      expect(trail.map((e) => [e.action, e.actorId, e.actorRole, e.reason])).toEqual([
        ['listing.created', owner.userId, 'institute', null],
        ['listing.updated', owner.userId, 'institute', null],
        ['listing.submitted', owner.userId, 'institute', null],
        ['listing.approved', operator.userId, 'operator', null],
        ['listing.withdrawn', owner.userId, 'institute', '已与合作方另行签约'],
      ]);
      expect(trail.every((e) => e.entityType === 'listing' && e.entityId === id && e.organisationId === owner.organisationId)).toBe(true);
      expect(trail.map((e) => [e.before?.status ?? null, e.after?.status])).toEqual([
        [null, 'draft'],
        ['draft', 'draft'],
        ['draft', 'pending_review'],
        ['pending_review', 'published'],
        ['published', 'withdrawn'],
      ]);
      expect(trail[1].before).toMatchObject({ title: listingBody().title, askingPriceFen: '125000000' });
      expect(trail[1].after).toMatchObject({ title: '脉冲风洞测力技术', askingPriceFen: null });

      // withdrawn is the end: nothing further, and no trace in public
      expectError(await submit(id, owner), 409, 'LISTING.INVALID_TRANSITION');
      expectError(await call('post', `/listings/${id}/withdraw`, owner).send({}), 409, 'LISTING.INVALID_TRANSITION');
      expectError(await call('post', `/admin/listings/${id}/reinstate`, operator).send({}), 409, 'LISTING.INVALID_TRANSITION');
      expectError(await get(id), 404, 'LISTING.NOT_FOUND');
      expect(await auditOf(id)).toHaveLength(5);
    });

    it('reject needs a reason; the owner edits the rejected listing (back to draft, reason cleared) and resubmits', async () => {
      const { id } = await listingIn('pending_review');

      expectError(await call('post', `/admin/listings/${id}/reject`, operator).send({}), 400, 'LISTING.REASON_REQUIRED', ['reason']);
      expect(await statusOf(id)).toBe('pending_review');

      const rejected = await call('post', `/admin/listings/${id}/reject`, operator).send({ reason: '  缺少测试报告  ' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: '缺少测试报告' });
      expect((await get(id, owner).expect(200)).body).toMatchObject({ status: 'rejected', statusReason: '缺少测试报告' });

      // a rejected listing cannot go straight back to review: it is revised by editing
      expectError(await submit(id, owner), 409, 'LISTING.INVALID_TRANSITION');

      const revised = await call('patch', `/listings/${id}`, owner).send({ description: '补充：附第三方测试报告（编号 CAAA-2024-031）。' });
      expect(revised.status).toBe(200);
      expect(revised.body).toMatchObject({ status: 'draft', statusReason: null, description: '补充：附第三方测试报告（编号 CAAA-2024-031）。' });

      expect((await submit(id, owner).expect(200)).body.status).toBe('pending_review');
      expect((await approve(id).expect(200)).body.status).toBe('published');

      const trail = await auditOf(id);
      expect(trail.map((e) => [e.action, e.actorId, e.reason])).toEqual([
        ['listing.created', owner.userId, null],
        ['listing.submitted', owner.userId, null],
        ['listing.rejected', operator.userId, '缺少测试报告'],
        ['listing.revised', owner.userId, null],
        ['listing.submitted', owner.userId, null],
        ['listing.approved', operator.userId, null],
      ]);
      expect(trail[2].after).toMatchObject({ status: 'rejected', statusReason: '缺少测试报告' });
      expect(trail[3].before).toMatchObject({ status: 'rejected' });
      expect(trail[3].after).toMatchObject({ status: 'draft', statusReason: null });
    });

    it('an operator suspends (with a reason) and reinstates a published listing; it leaves and re-enters public view', async () => {
      const { id } = await listingIn('published');
      await get(id).expect(200);

      expectError(await call('post', `/admin/listings/${id}/suspend`, operator).send({}), 400, 'LISTING.REASON_REQUIRED', ['reason']);
      expectError(await call('post', `/admin/listings/${id}/suspend`, operator).send({ reason: '   ' }), 400, 'REQUEST.INVALID', ['reason']);
      expect(await statusOf(id)).toBe('published');

      const suspended = await call('post', `/admin/listings/${id}/suspend`, operator).send({ reason: '权属争议待查' });
      expect(suspended.status).toBe(200);
      expect(suspended.body).toMatchObject({ status: 'suspended', statusReason: '权属争议待查' });
      expectError(await get(id), 404, 'LISTING.NOT_FOUND');
      expectError(await get(id, other), 404, 'LISTING.NOT_FOUND');
      // the owner cannot withdraw or edit a suspended listing
      expectError(await call('post', `/listings/${id}/withdraw`, owner).send({}), 409, 'LISTING.INVALID_TRANSITION');
      expectError(await call('patch', `/listings/${id}`, owner).send({ title: '换个标题' }), 409, 'LISTING.NOT_EDITABLE');

      const reinstated = await call('post', `/admin/listings/${id}/reinstate`, operator).send({ reason: '争议已解决' });
      expect(reinstated.status).toBe(200);
      expect(reinstated.body).toMatchObject({ status: 'published', statusReason: '争议已解决' });
      expect(reinstated.body.publishedAt).toBe(suspended.body.publishedAt);
      expect((await get(id).expect(200)).body.visibility).toBe('public');

      const trail = await auditOf(id);
      expect(trail.slice(-2).map((e) => [e.action, e.actorId, e.actorRole, e.reason, e.before?.status, e.after?.status])).toEqual([
        ['listing.suspended', operator.userId, 'operator', '权属争议待查', 'published', 'suspended'],
        ['listing.reinstated', operator.userId, 'operator', '争议已解决', 'suspended', 'published'],
      ]);
      // refused attempts left no trace
      expect(trail.map((e) => e.action)).toEqual(['listing.created', 'listing.submitted', 'listing.approved', 'listing.suspended', 'listing.reinstated']);
    });

    it('the catalogue follows the status: only a published listing is in it', async () => {
      const word = `zq${randomBytes(5).toString('hex')}`;
      const inCatalogue = () => listings.search({ q: word }).then((r) => (r.hits as { listing: { id: string } }[]).map((h) => h.listing.id));
      const { id } = await listingIn('pending_review', owner, { title: `风洞测试 ${word}` });
      await approve(id).expect(200);
      await listings.eventually(inCatalogue, (ids) => ids.includes(id));
      await call('post', `/admin/listings/${id}/suspend`, operator).send({ reason: '权属争议待查' }).expect(200);
      await listings.eventually(inCatalogue, (ids) => ids.length === 0);
      await call('post', `/admin/listings/${id}/reinstate`, operator).send({}).expect(200);
      const back = await listings.eventually(() => listings.search({ q: word }), (r) => r.total === 1);
      expect(back.hits[0].listing).not.toHaveProperty('description');
      await call('post', `/listings/${id}/withdraw`, owner).send({}).expect(200);
      await listings.eventually(inCatalogue, (ids) => ids.length === 0);
    });

    it.each([
      ['approve a draft', 'draft', 'approve', {}],
      ['reject a draft', 'draft', 'reject', { reason: '不符合要求' }],
      ['suspend a draft', 'draft', 'suspend', { reason: '不符合要求' }],
      ['reinstate a published listing', 'published', 'reinstate', {}],
      ['approve a published listing', 'published', 'approve', {}],
      ['reject a published listing', 'published', 'reject', { reason: '不符合要求' }],
      ['suspend a pending listing', 'pending_review', 'suspend', { reason: '不符合要求' }],
      ['approve a rejected listing', 'rejected', 'approve', {}],
    ] as const)('an operator cannot %s: 409 LISTING.INVALID_TRANSITION, nothing changes', async (_, status, action, body) => {
      const { id } = await listingIn(status);
      const before = await auditOf(id);
      const response = await call('post', `/admin/listings/${id}/${action}`, operator).send(body);
      expectError(response, 409, 'LISTING.INVALID_TRANSITION');
      expect(response.body.error.message).toBe(`Cannot ${action} a listing that is ${status}`);
      expect(await statusOf(id)).toBe(status);
      // Sealing into the hash chain (after commit, asynchronously) may fill an entry's chain fields meanwhile; its content must not change.
      expect((await auditOf(id)).map(withoutSeal)).toEqual(before.map(withoutSeal));
    });

    it.each([
      ['submit a pending listing', 'pending_review', 'submit'],
      ['submit a published listing', 'published', 'submit'],
      ['withdraw a draft', 'draft', 'withdraw'],
      ['withdraw a pending listing', 'pending_review', 'withdraw'],
      ['withdraw a rejected listing', 'rejected', 'withdraw'],
    ] as const)('the owner cannot %s: 409 LISTING.INVALID_TRANSITION', async (_, status, action) => {
      const { id } = await listingIn(status);
      expectError(await call('post', `/listings/${id}/${action}`, owner).send({}), 409, 'LISTING.INVALID_TRANSITION');
      expect(await statusOf(id)).toBe(status);
    });
  });

  describe('the declassification gate', () => {
    it.each(['internal', 'secret', 'confidential'])(
      'a %s achievement can be drafted without its record, but not submitted (422 naming declassification); with the record it submits',
      async (secrecyLevel) => {
        const draft = await listings.draft(owner, { secrecyLevel, declassification: null });
        expect(draft).toMatchObject({ status: 'draft', secrecyLevel, declassification: null });

        const refused = await submit(draft.id, owner);
        expectError(refused, 422, 'LISTING.NOT_SUBMITTABLE', ['declassification']);
        expect(refused.body.error.fields[0].messages[0]).toContain(`a ${secrecyLevel} achievement needs its declassification record`);
        expect(await statusOf(draft.id)).toBe('draft');
        expect((await auditOf(draft.id)).map((e) => e.action)).toEqual(['listing.created']);

        const recorded = await call('patch', `/listings/${draft.id}`, owner).send({ declassification: DECLASSIFICATION }).expect(200);
        expect(recorded.body.declassification).toEqual(DECLASSIFICATION);
        expect((await submit(draft.id, owner).expect(200)).body.status).toBe('pending_review');

        // …and a listing created with its record submits at once
        const withRecord = await listings.draft(owner, { secrecyLevel, declassification: DECLASSIFICATION });
        expect((await submit(withRecord.id, owner).expect(200)).body.status).toBe('pending_review');
      },
    );

    // Regression (found by this suite, fixed): `declassification: []` passes input validation (@ValidateNested accepts an array and checks each of
    // its zero elements), is stored as a truthy record, and the gate (`!listing.declassification`) lets the secret
    // listing be submitted without decision number, authority or date. Fixed means: refused at input (400) or at submit (422).
    it.each([
      ['an empty array', []],
      ['an array holding a record', [DECLASSIFICATION]],
    ])('a secret achievement whose declassification is %s does not get through the gate', async (_, declassification) => {
      const created = await call('post', '/listings', owner).send(listingBody({ secrecyLevel: 'secret', declassification }));
      if (created.status === 400) return expectError(created, 400, 'REQUEST.INVALID', ['declassification']);
      expect(created.status).toBe(201);
      expectError(await submit(created.body.id, owner), 422, 'LISTING.NOT_SUBMITTABLE', ['declassification']);
    });

    it('removing the record from a secret draft closes the gate again', async () => {
      const draft = await listings.draft(owner, { secrecyLevel: 'secret', declassification: DECLASSIFICATION });
      await call('patch', `/listings/${draft.id}`, owner).send({ declassification: null }).expect(200);
      expectError(await submit(draft.id, owner), 422, 'LISTING.NOT_SUBMITTABLE', ['declassification']);
    });

    it('raising a public draft to confidential closes the gate', async () => {
      const draft = await listings.draft(owner);
      await call('patch', `/listings/${draft.id}`, owner).send({ secrecyLevel: 'confidential' }).expect(200);
      expectError(await submit(draft.id, owner), 422, 'LISTING.NOT_SUBMITTABLE', ['declassification']);
    });

    it.each(['top_secret', 'TOP_SECRET', 'topsecret', '绝密'])('refuses secrecyLevel %p at input with 400 about top secret; nothing is created', async (secrecyLevel) => {
      const mine = async () => (await call('get', '/listings/mine', owner).expect(200)).body.total as number;
      const before = await mine();
      const response = await call('post', '/listings', owner).send(listingBody({ secrecyLevel, declassification: DECLASSIFICATION }));
      expectError(response, 400, 'REQUEST.INVALID', ['secrecyLevel']);
      expect(response.body.error.fields[0].messages).toEqual(['secrecyLevel top secret (绝密) is refused outright: such achievements cannot be listed']);
      expect(await mine()).toBe(before);
    });

    it('refuses raising a draft to top secret by an edit', async () => {
      const draft = await listings.draft(owner);
      const response = await call('patch', `/listings/${draft.id}`, owner).send({ secrecyLevel: 'top_secret' });
      expectError(response, 400, 'REQUEST.INVALID', ['secrecyLevel']);
      expect(response.body.error.fields[0].messages[0]).toContain('top secret');
      expect((await get(draft.id, owner).expect(200)).body.secrecyLevel).toBe('public');
    });
  });

  describe('who may create, edit and act', () => {
    it.each(['pending_review', 'published', 'suspended', 'withdrawn'] as const)(
      'the owner cannot edit a %s listing: 409 LISTING.NOT_EDITABLE, nothing changes',
      async (status) => {
        const { id } = await listingIn(status);
        const before = (await get(id, owner).expect(200)).body;
        expectError(await call('patch', `/listings/${id}`, owner).send({ title: '改个标题' }), 409, 'LISTING.NOT_EDITABLE');
        expect((await get(id, owner).expect(200)).body).toEqual(before);
      },
    );

    it('an enterprise may only list civ_to_mil technology (422 naming direction), on create and on edit', async () => {
      const refused = await call('post', '/listings', other).send(listingBody({ direction: 'mil_to_civ' }));
      expectError(refused, 422, 'LISTING.DIRECTION_NOT_ALLOWED', ['direction']);
      expect((await call('get', '/listings/mine', other).expect(200)).body.total).toBe(0);

      const civ = await call('post', '/listings', other).send(listingBody({ direction: 'civ_to_mil', field: 'new_materials' }));
      expect({ status: civ.status, direction: civ.body.direction }).toEqual({ status: 201, direction: 'civ_to_mil' });
      expectError(await call('patch', `/listings/${civ.body.id}`, other).send({ direction: 'mil_to_civ' }), 422, 'LISTING.DIRECTION_NOT_ALLOWED', ['direction']);
      expect((await get(civ.body.id, other).expect(200)).body.direction).toBe('civ_to_mil');

      // an institute lists either way
      await call('post', '/listings', owner).send(listingBody({ direction: 'civ_to_mil' })).expect(201);
    });

    it('a pending (unverified) organisation drafts, but submitting is 403 ORGANISATION.NOT_VERIFIED', async () => {
      const pending = await identity.member('institute');
      const draft = await listings.draft(pending);
      expect(draft.status).toBe('draft');
      expectError(await submit(draft.id, pending), 403, 'ORGANISATION.NOT_VERIFIED');
      expect(await statusOf(draft.id)).toBe('draft');
      // once verified it may submit
      await call('post', `/admin/organisations/${pending.organisationId}/verify`, operator).send({}).expect(200);
      expect((await submit(draft.id, pending).expect(200)).body.status).toBe('pending_review');
    });

    it('a suspended organisation cannot create a listing (403 ORGANISATION.SUSPENDED) and nothing is created', async () => {
      const member = await identity.verifiedMember(operator, 'institute');
      await call('post', `/admin/organisations/${member.organisationId}/suspend`, operator).send({ reason: '资质过期' }).expect(200);
      expectError(await call('post', '/listings', member).send(listingBody()), 403, 'ORGANISATION.SUSPENDED');
      expect((await call('get', '/listings/mine', member).expect(200)).body.total).toBe(0);
    });

    it('a listing whose organisation is suspended after submitting cannot be approved (403), and can once reinstated', async () => {
      const member = await identity.verifiedMember(operator, 'institute');
      const { id } = await listingIn('pending_review', member);
      await call('post', `/admin/organisations/${member.organisationId}/suspend`, operator).send({ reason: '资质过期' }).expect(200);
      expectError(await approve(id), 403, 'ORGANISATION.SUSPENDED');
      expect(await statusOf(id)).toBe('pending_review');
      expect((await auditOf(id)).map((e) => e.action)).toEqual(['listing.created', 'listing.submitted']);
      await call('post', `/admin/organisations/${member.organisationId}/reinstate`, operator).send({}).expect(200);
      expect((await approve(id).expect(200)).body.status).toBe('published');
    });

    it('a suspended listing of a suspended organisation cannot be reinstated (403)', async () => {
      const member = await identity.verifiedMember(operator, 'institute');
      const { id } = await listingIn('suspended', member);
      await call('post', `/admin/organisations/${member.organisationId}/suspend`, operator).send({ reason: '资质过期' }).expect(200);
      expectError(await call('post', `/admin/listings/${id}/reinstate`, operator).send({}), 403, 'ORGANISATION.SUSPENDED');
      expect(await statusOf(id)).toBe('suspended');
    });

    it('another organisation cannot edit, submit, withdraw or touch the dossier of someone else’s listing: 404', async () => {
      const draft = await listings.draft(owner);
      const published = await listingIn('published');
      expectError(await call('patch', `/listings/${draft.id}`, other).send({ title: '抢注' }), 404, 'LISTING.NOT_FOUND');
      expectError(await submit(draft.id, other), 404, 'LISTING.NOT_FOUND');
      expectError(await call('post', `/listings/${published.id}/withdraw`, other).send({}), 404, 'LISTING.NOT_FOUND');
      expectError(await call('patch', `/listings/${published.id}`, other).send({ title: '抢注' }), 404, 'LISTING.NOT_FOUND');
      expectError(await call('put', `/listings/${published.id}/dossier`, other).send({ content: '伪造内容' }), 404, 'LISTING.NOT_FOUND');
      expectError(await call('post', `/listings/${published.id}/dossier-grants`, other).send({ organisationId: other.organisationId }), 404, 'LISTING.NOT_FOUND');
      expect((await get(draft.id, owner).expect(200)).body).toMatchObject({ status: 'draft', title: listingBody().title });
      expect(await statusOf(published.id)).toBe('published');
      expect((await get(published.id, owner).expect(200)).body.hasDossier).toBe(false);
      expect((await auditOf(draft.id)).map((e) => e.action)).toEqual(['listing.created']);
    });

    it.each(['approve', 'reject', 'suspend', 'reinstate'])('members (even the owner) cannot %s: 403 AUTH.FORBIDDEN', async (action) => {
      const { id } = await listingIn(action === 'suspend' ? 'published' : action === 'reinstate' ? 'suspended' : 'pending_review');
      const status = await statusOf(id);
      for (const member of [owner, other]) {
        expectError(await call('post', `/admin/listings/${id}/${action}`, member).send({ reason: '自己审核' }), 403, 'AUTH.FORBIDDEN');
      }
      expect(await statusOf(id)).toBe(status);
    });

    it('operators cannot act for an owner: create, edit, submit and withdraw are refused (403 AUTH.FORBIDDEN)', async () => {
      const draft = await listings.draft(owner);
      const published = await listingIn('published');
      expectError(await call('post', '/listings', operator).send(listingBody()), 403, 'AUTH.FORBIDDEN');
      expectError(await submit(draft.id, operator), 403, 'AUTH.FORBIDDEN');
      expectError(await call('patch', `/listings/${draft.id}`, operator).send({ title: '代改' }), 403, 'AUTH.FORBIDDEN');
      expectError(await call('post', `/listings/${published.id}/withdraw`, operator).send({}), 403, 'AUTH.FORBIDDEN');
      expect(await statusOf(draft.id)).toBe('draft');
      expect(await statusOf(published.id)).toBe('published');
    });

    it('anonymous callers are refused every write with 401', async () => {
      const draft = await listings.draft(owner);
      expectError(await call('post', '/listings').send(listingBody()), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await call('patch', `/listings/${draft.id}`).send({ title: 'x' }), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await call('post', `/listings/${draft.id}/submit`), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await call('post', `/admin/listings/${draft.id}/approve`), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await call('get', '/listings/mine'), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await call('get', '/admin/listings'), 401, 'AUTH.UNAUTHENTICATED');
    });
  });

  describe('visibility of GET /listings/:id', () => {
    it.each(['draft', 'pending_review', 'rejected', 'suspended', 'withdrawn'] as const)(
      'a %s listing is 404 to anonymous callers and other organisations, full to its owner and operators',
      async (status) => {
        const listing = await listingIn(status);
        expectError(await get(listing.id), 404, 'LISTING.NOT_FOUND');
        expectError(await get(listing.id, other), 404, 'LISTING.NOT_FOUND');
        // a 404 for an existing listing looks exactly like one for a listing that never existed
        const missing = await get(randomUUID(), other);
        expect(missing.status).toBe(404);
        expect(missing.body.error.code).toBe('LISTING.NOT_FOUND');
        for (const viewer of [owner, operator]) {
          const full = await get(listing.id, viewer);
          expect(full.status).toBe(200);
          expect(Object.keys(full.body).sort()).toEqual(FULL_KEYS);
          expect(full.body).toMatchObject({ visibility: 'full', id: listing.id, status, description: listingBody().description, organisationId: owner.organisationId });
        }
      },
    );

    it('a published listing is exactly the public part to anonymous callers and other organisations, full to its owner and operators', async () => {
      const listing = await listingIn('published', owner, { secrecyLevel: 'confidential', declassification: DECLASSIFICATION });
      for (const viewer of [null, other]) {
        const response = await get(listing.id, viewer);
        expect(response.status).toBe(200);
        expect(Object.keys(response.body).sort()).toEqual(PUBLIC_KEYS);
        expect(response.body).toEqual({
          visibility: 'public',
          id: listing.id,
          title: listingBody().title,
          summary: listingBody().summary,
          direction: 'mil_to_civ',
          field: 'aerodynamics',
          ipcCodes: ['G01M 9/06'],
          trl: 6,
          transactionModes: ['transfer', 'non_exclusive_licence'],
          askingPrice: '1250000.00',
          priceNegotiable: false,
          evaluation: null,
          publishedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        });
        const text = JSON.stringify(response.body);
        for (const secret of [listingBody().description, 'ZL201710601862.3', DECLASSIFICATION.decisionNumber, 'confidential', owner.organisationId!]) {
          expect(text).not.toContain(secret);
        }
      }
      for (const viewer of [owner, operator]) {
        const full = (await get(listing.id, viewer).expect(200)).body;
        expect(full).toMatchObject({ visibility: 'full', status: 'published', secrecyLevel: 'confidential', declassification: DECLASSIFICATION, description: listingBody().description });
      }
    });

    it('a listing id that does not exist is 404 for everyone', async () => {
      for (const viewer of [null, owner, operator]) expectError(await get(randomUUID(), viewer), 404, 'LISTING.NOT_FOUND');
    });
  });

  describe('lists', () => {
    it('GET /listings/mine lists only my organisation’s listings, in every status, filterable by status', async () => {
      const mineOrg = await identity.verifiedMember(operator, 'institute');
      const colleagueOrg = await identity.verifiedMember(operator, 'institute');
      const a = await listingIn('draft', mineOrg);
      const b = await listingIn('pending_review', mineOrg);
      const c = await listingIn('published', mineOrg);
      const theirs = await listingIn('draft', colleagueOrg);

      const mine = (await call('get', '/listings/mine', mineOrg).expect(200)).body;
      expect(mine).toMatchObject({ page: 1, pageSize: 20, total: 3 });
      expect(mine.items.map((l: { id: string }) => l.id).sort()).toEqual([a.id, b.id, c.id].sort());
      expect(mine.items.every((l: Body) => l.organisationId === mineOrg.organisationId)).toBe(true);
      expect(mine.items.map((l: { id: string }) => l.id)).not.toContain(theirs.id);
      expect(mine.items[0]).toHaveProperty('description');

      const drafts = (await call('get', '/listings/mine', mineOrg).query({ status: 'draft' }).expect(200)).body;
      expect({ total: drafts.total, ids: drafts.items.map((l: { id: string }) => l.id) }).toEqual({ total: 1, ids: [a.id] });
      const paged = (await call('get', '/listings/mine', mineOrg).query({ pageSize: 2, page: 2 }).expect(200)).body;
      expect({ total: paged.total, count: paged.items.length }).toEqual({ total: 3, count: 1 });

      const theirsList = (await call('get', '/listings/mine', colleagueOrg).expect(200)).body;
      expect({ total: theirsList.total, ids: theirsList.items.map((l: { id: string }) => l.id) }).toEqual({ total: 1, ids: [theirs.id] });

      expectError(await call('get', '/listings/mine', operator), 403, 'AUTH.FORBIDDEN');
    });

    it('GET /admin/listings is the review queue: pending_review only, oldest first; for operators only', async () => {
      const first = await listingIn('pending_review', owner, { title: '队列一' });
      const second = await listingIn('pending_review', other, { title: '队列二', direction: 'civ_to_mil' });
      const third = await listingIn('pending_review', owner, { title: '队列三' });
      const notQueued = [await listingIn('draft'), await listingIn('published'), await listingIn('rejected')];

      const queue = (await call('get', '/admin/listings', operator).query({ pageSize: 100 }).expect(200)).body;
      const ids: string[] = queue.items.map((l: { id: string }) => l.id);
      expect(queue.items.every((l: Body) => l.status === 'pending_review')).toBe(true);
      expect(queue.total).toBe(queue.items.length);
      for (const listing of notQueued) expect(ids).not.toContain(listing.id);
      const positions = [first, second, third].map((l) => ids.indexOf(l.id));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      const updated = queue.items.map((l: { updatedAt: string }) => new Date(l.updatedAt).getTime());
      expect(updated).toEqual([...updated].sort((x, y) => x - y));

      const published = (await call('get', '/admin/listings', operator).query({ status: 'published', pageSize: 100 }).expect(200)).body;
      expect(published.items.every((l: Body) => l.status === 'published')).toBe(true);
      expect(published.items.map((l: { id: string }) => l.id)).toContain(notQueued[1].id);

      expectError(await call('get', '/admin/listings', owner), 403, 'AUTH.FORBIDDEN');
    });

    // Regression (found by this suite, fixed): the review queue is ordered by updatedAt, and writing the dossier (PUT /listings/:id/dossier) of a
    // pending listing bumps updatedAt, so a listing submitted first drops behind listings submitted after it.
    it('the review queue keeps submission order when the owner updates the dossier of a pending listing', async () => {
      const first = await listingIn('pending_review', owner, { title: '先提交' });
      const second = await listingIn('pending_review', owner, { title: '后提交' });
      await call('put', `/listings/${first.id}/dossier`, owner).send({ content: '补充材料' }).expect(200);
      const ids: string[] = (await call('get', '/admin/listings', operator).query({ pageSize: 100 }).expect(200)).body.items.map((l: { id: string }) => l.id);
      expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    });
  });

  describe('the restricted dossier', () => {
    const content = () => `试验段结构图、天平标定数据与工艺参数 ${randomBytes(8).toString('hex')}`;
    const dossier = (id: string, session?: Session | null) => call('get', `/listings/${id}/dossier`, session);
    const nda = (id: string, session?: Session | null) => call('post', `/listings/${id}/nda`, session);
    const grant = (id: string, organisationId: string, session: Session = owner) => call('post', `/listings/${id}/dossier-grants`, session).send({ organisationId });
    const revoke = (id: string, organisationId: string, session: Session = owner) => call('delete', `/listings/${id}/dossier-grants/${organisationId}`, session);

    it('by_grant: NDA required, then the owner’s grant; the dossier opens with content, description and patents', async () => {
      const secret = content();
      const listing = await listingIn('published', owner, { secrecyLevel: 'secret', declassification: DECLASSIFICATION });
      const put = await call('put', `/listings/${listing.id}/dossier`, owner).send({ content: secret });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({ updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
      expect((await get(listing.id, owner).expect(200)).body.hasDossier).toBe(true);

      expectError(await dossier(listing.id, other), 403, 'DOSSIER.NDA_REQUIRED');

      const accepted = await nda(listing.id, other);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({ acceptedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
      // accepting again is harmless and answers the first acceptance
      expect((await nda(listing.id, other).expect(200)).body).toEqual(accepted.body);

      expectError(await dossier(listing.id, other), 403, 'DOSSIER.NOT_GRANTED');

      expect((await grant(listing.id, other.organisationId!)).body).toEqual({ granted: true });
      const opened = await dossier(listing.id, other);
      expect(opened.status).toBe(200);
      expect(opened.body).toEqual({
        listingId: listing.id,
        description: listingBody().description,
        patents: [{ number: 'ZL201710601862.3', kind: 'invention', nationalDefence: false, title: '一种脉冲风洞测力方法' }],
        declassification: DECLASSIFICATION,
        content: secret,
        updatedAt: put.body.updatedAt,
      });
    });

    // Regression (found by this suite, fixed): DELETE /listings/:id/dossier-grants/:organisationId always answers 400 REQUEST.INVALID
    // "property id should not exist": the gateway's revoke route validates the whole path with two DTOs
    // (`@Param() params: IdParam, @Param() grant: DossierGrantDto`) under forbidNonWhitelisted, so each DTO
    // refuses the other's parameter. A grant can never be revoked.
    it('revoking a grant (DELETE …/dossier-grants/:organisationId) closes the dossier again', async () => {
      const listing = await listingIn('published');
      await call('put', `/listings/${listing.id}/dossier`, owner).send({ content: content() }).expect(200);
      await nda(listing.id, other).expect(200);
      await grant(listing.id, other.organisationId!).expect(200);
      await dossier(listing.id, other).expect(200);

      const revoked = await revoke(listing.id, other.organisationId!);
      expect({ status: revoked.status, body: revoked.body }).toEqual({ status: 200, body: { revoked: true } });
      expectError(await dossier(listing.id, other), 403, 'DOSSIER.NOT_GRANTED');
      expect((await auditOf(listing.id)).map((e) => e.action).slice(-2)).toEqual(['listing.dossier_viewed', 'listing.dossier_revoked']);
    });

    it('the owner lists who may open the dossier: NDA acceptances and grants by organisation, with names', async () => {
      const listing = await listingIn('published');
      const access = () => call('get', `/listings/${listing.id}/dossier-access`, owner);
      expect((await access().expect(200)).body).toEqual({ listingId: listing.id, policy: 'by_grant', organisations: [] });

      // One that accepted the NDA only, one allowed before its NDA, and the one with both.
      const ndaOnly = await identity.verifiedMember(operator, 'enterprise');
      const grantOnly = await identity.verifiedMember(operator, 'enterprise');
      await nda(listing.id, ndaOnly).expect(200);
      await grant(listing.id, grantOnly.organisationId!).expect(200);
      await nda(listing.id, other).expect(200);
      await grant(listing.id, other.organisationId!).expect(200);
      const body = (await access().expect(200)).body;
      const byId = new Map(body.organisations.map((o: Record<string, unknown>) => [o.organisationId, o]));
      const at = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/);
      expect(byId.get(other.organisationId)).toEqual({ organisationId: other.organisationId, organisationName: expect.any(String), ndaAcceptedAt: at, grantedAt: at, mayOpen: true });
      expect(byId.get(ndaOnly.organisationId)).toEqual({ organisationId: ndaOnly.organisationId, organisationName: expect.any(String), ndaAcceptedAt: at, grantedAt: null, mayOpen: false });
      expect(byId.get(grantOnly.organisationId)).toEqual({ organisationId: grantOnly.organisationId, organisationName: expect.any(String), ndaAcceptedAt: null, grantedAt: at, mayOpen: false });
      // Latest change first: the grant to `other`, then the grant to `grantOnly`, then the NDA of `ndaOnly`.
      expect(body.organisations.map((o: Record<string, unknown>) => o.organisationId)).toEqual([other.organisationId, grantOnly.organisationId, ndaOnly.organisationId]);

      // A withdrawn grant leaves the NDA; another organisation learns nothing (404), a bad id is a 400.
      await revoke(listing.id, other.organisationId!).expect(200);
      const after = (await access().expect(200)).body.organisations.find((o: Record<string, unknown>) => o.organisationId === other.organisationId);
      expect({ grantedAt: after.grantedAt, mayOpen: after.mayOpen }).toEqual({ grantedAt: null, mayOpen: false });
      expectError(await call('get', `/listings/${listing.id}/dossier-access`, other), 404, 'LISTING.NOT_FOUND');
      expect((await call('get', '/listings/not-a-uuid/dossier-access', owner)).status).toBe(400);
    });

    it('another organisation cannot grant on someone else’s listing (404)', async () => {
      const listing = await listingIn('published');
      await nda(listing.id, other).expect(200);
      expectError(await grant(listing.id, other.organisationId!, other), 404, 'LISTING.NOT_FOUND');
      expectError(await dossier(listing.id, other), 403, 'DOSSIER.NOT_GRANTED');
      expect((await auditOf(listing.id)).map((e) => e.action)).not.toContain('listing.dossier_granted');
    });

    // Regression (found by this suite, fixed): same cause as above; the refusal is 400 REQUEST.INVALID instead of 404 LISTING.NOT_FOUND.
    it('another organisation cannot revoke a grant on someone else’s listing (404)', async () => {
      const listing = await listingIn('published');
      await nda(listing.id, other).expect(200);
      await grant(listing.id, other.organisationId!).expect(200);
      const third = await identity.verifiedMember(operator, 'enterprise');
      expectError(await revoke(listing.id, other.organisationId!, third), 404, 'LISTING.NOT_FOUND');
      await dossier(listing.id, other).expect(200);
    });

    it('with dossierAccess verified_organisations the NDA suffices', async () => {
      const secret = content();
      const listing = await listingIn('published', owner, { dossierAccess: 'verified_organisations' });
      await call('put', `/listings/${listing.id}/dossier`, owner).send({ content: secret }).expect(200);
      const reader = await identity.verifiedMember(operator, 'enterprise');
      expectError(await dossier(listing.id, reader), 403, 'DOSSIER.NDA_REQUIRED');
      await nda(listing.id, reader).expect(200);
      const opened = await dossier(listing.id, reader);
      expect({ status: opened.status, content: opened.body.content }).toEqual({ status: 200, content: secret });
    });

    it('an unverified organisation cannot accept the NDA (403) nor open the dossier', async () => {
      const listing = await listingIn('published', owner, { dossierAccess: 'verified_organisations' });
      const pending = await identity.member('enterprise');
      expectError(await nda(listing.id, pending), 403, 'ORGANISATION.NOT_VERIFIED');
      expectError(await dossier(listing.id, pending), 403, 'ORGANISATION.NOT_VERIFIED');
      // even a grant from the owner does not open it to an unverified organisation
      await grant(listing.id, pending.organisationId!).expect(200);
      expectError(await dossier(listing.id, pending), 403, 'ORGANISATION.NOT_VERIFIED');
      expect((await auditOf(listing.id)).map((e) => e.action)).not.toContain('listing.nda_accepted');
    });

    it('an organisation suspended after its NDA and grant can no longer open the dossier', async () => {
      const listing = await listingIn('published');
      const reader = await identity.verifiedMember(operator, 'enterprise');
      await nda(listing.id, reader).expect(200);
      await grant(listing.id, reader.organisationId!).expect(200);
      await dossier(listing.id, reader).expect(200);
      await call('post', `/admin/organisations/${reader.organisationId}/suspend`, operator).send({ reason: '违规' }).expect(200);
      expectError(await dossier(listing.id, reader), 403, 'ORGANISATION.NOT_VERIFIED');
    });

    it('anonymous callers get 401', async () => {
      const listing = await listingIn('published');
      expectError(await dossier(listing.id), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await nda(listing.id), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await call('put', `/listings/${listing.id}/dossier`).send({ content: 'x' }), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await call('post', `/listings/${listing.id}/dossier-grants`).send({ organisationId: other.organisationId }), 401, 'AUTH.UNAUTHENTICATED');
    });

    it.each(['draft', 'pending_review', 'rejected', 'suspended', 'withdrawn'] as const)(
      'the dossier of a %s listing is 404 to others (even granted ones), open to its owner and operators',
      async (status) => {
        const listing = await listingIn('draft');
        await call('put', `/listings/${listing.id}/dossier`, owner).send({ content: content() }).expect(200);
        await grant(listing.id, other.organisationId!).expect(200);
        if (status !== 'draft') {
          await submit(listing.id, owner).expect(200);
          if (status === 'rejected') await call('post', `/admin/listings/${listing.id}/reject`, operator).send({ reason: '材料不全' }).expect(200);
          if (status === 'suspended' || status === 'withdrawn') {
            await approve(listing.id).expect(200);
            await nda(listing.id, other).expect(200);
            await dossier(listing.id, other).expect(200);
            if (status === 'suspended') await call('post', `/admin/listings/${listing.id}/suspend`, operator).send({ reason: '涉嫌侵权' }).expect(200);
            else await call('post', `/listings/${listing.id}/withdraw`, owner).send({}).expect(200);
          }
        }
        expect(await statusOf(listing.id)).toBe(status);
        expectError(await dossier(listing.id, other), 404, 'LISTING.NOT_FOUND');
        expectError(await nda(listing.id, other), 404, 'LISTING.NOT_FOUND');
        await dossier(listing.id, owner).expect(200);
        await dossier(listing.id, operator).expect(200);
      },
    );

    it('an organisation does not sign the NDA of its own listing (409)', async () => {
      const listing = await listingIn('published');
      expectError(await nda(listing.id, owner), 409, 'DOSSIER.OWN_LISTING');
    });

    it('every successful view is audited as listing.dossier_viewed with the viewer as actor; refusals are not', async () => {
      const listing = await listingIn('published');
      await call('put', `/listings/${listing.id}/dossier`, owner).send({ content: content() }).expect(200);
      const reader = await identity.verifiedMember(operator, 'enterprise');
      await dossier(listing.id, reader).expect(403); // no NDA: not a view
      await nda(listing.id, reader).expect(200);
      await dossier(listing.id, reader).expect(403); // no grant: not a view
      await grant(listing.id, reader.organisationId!).expect(200);

      await dossier(listing.id, owner).expect(200);
      await dossier(listing.id, operator).expect(200);
      await dossier(listing.id, reader).expect(200);
      await dossier(listing.id, reader).expect(200);

      const views = (await auditOf(listing.id)).filter((e) => e.action === 'listing.dossier_viewed');
      expect(views.map((e) => [e.actorId, e.actorRole, e.reason])).toEqual([
        [owner.userId, 'institute', 'viewed as owner'],
        [operator.userId, 'operator', 'viewed as operator'],
        [reader.userId, 'enterprise', 'viewed as counterparty'],
        [reader.userId, 'enterprise', 'viewed as counterparty'],
      ]);
      const byAction = await call('get', '/admin/audit', operator).query({ action: 'listing.dossier_viewed', actorId: reader.userId }).expect(200);
      expect(byAction.body.map((e: AuditEntry) => e.entityId)).toEqual([listing.id, listing.id]);
    });

    it('the dossier content never appears in any audit entry', async () => {
      const first = content();
      const second = content();
      const listing = await listingIn('published');
      await call('put', `/listings/${listing.id}/dossier`, owner).send({ content: first }).expect(200);
      await call('put', `/listings/${listing.id}/dossier`, owner).send({ content: second }).expect(200);
      await nda(listing.id, other).expect(200);
      await grant(listing.id, other.organisationId!).expect(200);
      expect((await dossier(listing.id, other).expect(200)).body.content).toBe(second);
      await dossier(listing.id, owner).expect(200);

      const trail = await auditOf(listing.id);
      expect(trail.map((e) => e.action)).toEqual([
        'listing.created',
        'listing.submitted',
        'listing.approved',
        'listing.dossier_updated',
        'listing.dossier_updated',
        'listing.nda_accepted',
        'listing.dossier_granted',
        'listing.dossier_viewed',
        'listing.dossier_viewed',
      ]);
      expect(trail[3].after).toEqual({ characters: first.length });
      const whole = JSON.stringify(await wholeAuditLog());
      expect(whole).toContain(listing.id);
      for (const secret of [first, second, first.slice(-16), second.slice(-16)]) expect(whole).not.toContain(secret);
    });
  });
});
