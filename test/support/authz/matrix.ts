import { randomUUID } from 'node:crypto';
import { inHours, reviewBody } from '../evaluation';
import { PASSWORD, randomCreditCode, uniqueEmail } from '../identity';
import { englishAuctionBody } from '../auctions';
import { listingBody } from '../listings';
import { demandBody } from '../matching';
import { al, Caller, ok, Outcome } from './callers';
import { row, Row } from './row';
import { ownerOf, thisYear, TRADE_AMOUNT, World } from './world';

/**
 * The authorisation matrix: every operation of the OpenAPI document under /api/v1, the outcome for
 * each caller, and the request that shows it. Columns, in order (see callers.ts):
 *
 *   anon   no token
 *   inst   admin of institute A         i.mem  a non-admin member of institute A    i.oth  admin of institute B
 *   ent    admin of enterprise A        e.oth  admin of enterprise B
 *   exp    expert with the assignment   x.oth  another expert                       oper   operator
 *
 * A request names an object of institute A, or of enterprise A for the two enterprise columns
 * (`ownerOf`); trades, interests and negotiations have both as parties (seller institute A, buyer
 * enterprise A). How to add a row: docs/authorisation.md.
 */

// Patterns that recur. Unpublished objects on public routes are a 404 to everyone but their owner and operators.
//                                  anon  inst  i.mem i.oth ent   e.oth exp   x.oth oper
const PUBLIC: Outcome[] =          [ok,   ok,   ok,   ok,   ok,   ok,   ok,   ok,   ok];
const ANY_USER: Outcome[] =        [401,  ok,   ok,   ok,   ok,   ok,   ok,   ok,   ok];
const MEMBERS: Outcome[] =         [401,  ok,   ok,   ok,   ok,   ok,   403,  403,  403];
const MEMBERS_OPS: Outcome[] =     [401,  ok,   ok,   ok,   ok,   ok,   403,  403,  ok];
const OPERATORS: Outcome[] =       [401,  403,  403,  403,  403,  403,  403,  403,  ok];
const EXPERTS: Outcome[] =         [401,  403,  403,  403,  403,  403,  ok,   ok,   403];
const OWNERS: Outcome[] =          [401,  ok,   ok,   404,  ok,   404,  403,  403,  403];
const OWNERS_OPS: Outcome[] =      [401,  ok,   ok,   404,  ok,   404,  403,  403,  ok];
const UNPUBLISHED: Outcome[] =     [404,  ok,   ok,   404,  ok,   404,  404,  404,  ok];

const NOT_ADMIN = '403 AUTH.NOT_ORGANISATION_ADMIN';
const reason = { reason: '依据平台规则处理，详见工单' };
const insider = (who: Caller) => who === 'institute' || who === 'instituteMember' || who === 'enterprise' || who === 'operator';
const RESTRICTED_LISTING_FIELDS = ['description', 'patents', 'secrecyLevel', 'declassification', 'dossierAccess'];

type Item = Record<string, any>;
const itemsOf = (body: any): Item[] => (Array.isArray(body) ? body : (body.items ?? body.hits ?? []));

/**
 * A list of the caller's own organisation's things (operators: everyone's). Every item must name the
 * caller's organisation (`organisationsOf`), and the row's object (`idOf`) must appear in the list of
 * no caller outside `holders` (default: its owner organisation's members, or its two parties).
 */
function ownList<F>(
  organisationsOf: ((item: Item) => (string | null | undefined)[]) | null,
  idOf: ((fixture: F) => string) | null,
  holders: (who: Caller) => boolean = (who) => insider(who) && who !== 'operator',
) {
  return (who: Caller, body: unknown, fixture: F, w: World): string | undefined => {
    if (who === 'operator' || who === 'anonymous') return undefined;
    const items = itemsOf(body);
    const mine = w.sessions[who].organisationId;
    const foreign = organisationsOf ? items.filter((item) => !organisationsOf(item).includes(mine)) : [];
    if (foreign.length > 0) return `lists ${foreign.length} items of other organisations (${foreign.map((i) => i.id).join(', ')})`;
    const id = idOf?.(fixture);
    if (id && !holders(who) && items.some((item) => item.id === id)) return `lists ${id}, which is not its own`;
    return undefined;
  };
}

const IDENTITY: Row[] = [
  //                                                                  anon  inst  i.mem i.oth ent   e.oth exp   x.oth oper
  row('POST /auth/register', null, PUBLIC, {
    request: () => ({
      path: '/auth/register',
      body: {
        email: uniqueEmail('register'),
        password: PASSWORD,
        displayName: '张伟',
        organisation: { name: '绵阳测试科技有限公司', kind: 'enterprise', creditCode: randomCreditCode(), regionCode: '510700' },
      },
    }),
  }),
  row('POST /auth/accept-invitation', null, PUBLIC, {
    request: async (w) => ({ path: '/auth/accept-invitation', body: { token: await w.invitationToken(), password: PASSWORD } }),
  }),
  row('POST /auth/login', null, PUBLIC, {
    request: async (w) => ({ path: '/auth/login', body: { email: (await w.strangerAccount()).email, password: PASSWORD } }),
  }),
  row('POST /auth/refresh', null, PUBLIC, {
    request: async (w) => ({ path: '/auth/refresh', body: { refreshToken: (await w.identity.login((await w.strangerAccount()).email)).refreshToken } }),
  }),
  row('POST /auth/logout', 'a second session of my own', ANY_USER, {
    request: async (w, who) => ({ path: '/auth/logout', body: { refreshToken: who === 'anonymous' ? 'x'.repeat(40) : (await w.secondSession(who)).refreshToken } }),
  }),
  row('POST /auth/logout', 'another user’s session', [401, ...Array<Outcome>(8).fill('401 AUTH.INVALID_REFRESH_TOKEN')], {
    fixture: (w) => w.once('stranger-session', () => w.stranger()),
    request: (_w, _who, stranger) => ({ path: '/auth/logout', body: { refreshToken: stranger.refreshToken } }),
    observe: async (w, stranger) => (await w.call('get', '/me', stranger)).status,
  }),
  row('GET /me', null, ANY_USER, { request: () => ({ path: '/me' }) }),

  row('GET /organisations/me', null, MEMBERS, {
    request: () => ({ path: '/organisations/me' }),
    check: (who, body, _f, w) => (who !== 'anonymous' && body.id === w.sessions[who].organisationId ? undefined : `organisation ${body.id}`),
  }),
  // Names of any organisation whose id the caller holds (docs/authorisation.md): not experts, whose pages hold none.
  row('GET /organisations/names', null, MEMBERS_OPS, {
    request: (w) => ({ path: '/organisations/names', query: { ids: [w.organisation('IA'), w.organisation('EB'), randomUUID()].join(',') } }),
    check: (_who, body, _f, w) => {
      const named = (body.organisations ?? []).map((o: Item) => `${o.id}:${typeof o.name === 'string' && o.name.length > 0}:${o.kind}`);
      const wanted = [`${w.organisation('IA')}:true:institute`, `${w.organisation('EB')}:true:enterprise`];
      return JSON.stringify(named) === JSON.stringify(wanted) ? undefined : `named ${JSON.stringify(body)}`;
    },
  }),
  row('GET /organisations/me/members', null, MEMBERS, {
    fixture: async (w, owner) => w.admin(owner).userId,
    request: () => ({ path: '/organisations/me/members' }),
    check: ownList((user) => [user.organisationId], (userId: string) => userId),
  }),
  row('POST /organisations/me/invitations', null,                     [401,  ok,   NOT_ADMIN, ok, ok, ok,     403,  403,  403], {
    request: () => ({ path: '/organisations/me/invitations', body: { email: uniqueEmail('invitee'), displayName: '王五' } }),
  }),
  row('GET /organisations/me/invitations', null, MEMBERS, {
    request: () => ({ path: '/organisations/me/invitations', query: { pageSize: 100 } }),
    check: ownList((invitation) => [invitation.organisationId], null),
  }),
  // Only a rejected organisation may resubmit; every organisation here is verified (409) but the check is the admin's.
  row('POST /organisations/me/resubmit', null,                        [401,  al,   NOT_ADMIN, al, al, al,     403,  403,  403], {
    request: () => ({ path: '/organisations/me/resubmit', body: {} }),
  }),
  row('POST /organisations/me/qualifications', null, MEMBERS, {
    request: (w) => ({ path: '/organisations/me/qualifications', body: w.qualificationBody() }),
  }),
  row('GET /organisations/me/qualifications', null, MEMBERS, {
    fixture: (w, owner) => w.once(`qualification:${owner}`, () => w.qualification(owner)),
    request: () => ({ path: '/organisations/me/qualifications', query: { pageSize: 100 } }),
    check: ownList((qualification) => [qualification.organisationId], (id: string) => id),
  }),
  row('GET /qualifications/{id}', null, OWNERS_OPS, {
    fixture: (w, owner) => w.once(`qualification:${owner}`, () => w.qualification(owner)),
    request: (_w, _who, id) => ({ path: `/qualifications/${id}` }),
  }),

  row('GET /admin/organisations', null, OPERATORS, { request: () => ({ path: '/admin/organisations' }) }),
  row('GET /admin/organisations/{id}', null, OPERATORS, { request: (w, who) => ({ path: `/admin/organisations/${w.organisation(ownerOf(who))}` }) }),
  row('GET /admin/organisations/{id}/members', null, OPERATORS, { request: (w, who) => ({ path: `/admin/organisations/${w.organisation(ownerOf(who))}/members` }) }),
  row('POST /admin/organisations/{id}/verify', null, OPERATORS, {
    fixture: (w) => w.organisationIn('pending'),
    consumes: true,
    request: (_w, _who, id) => ({ path: `/admin/organisations/${id}/verify`, body: {} }),
  }),
  row('POST /admin/organisations/{id}/reject', null, OPERATORS, {
    fixture: (w) => w.organisationIn('pending'),
    consumes: true,
    request: (_w, _who, id) => ({ path: `/admin/organisations/${id}/reject`, body: reason }),
  }),
  row('POST /admin/organisations/{id}/suspend', null, OPERATORS, {
    fixture: (w) => w.organisationIn('verified'),
    consumes: true,
    request: (_w, _who, id) => ({ path: `/admin/organisations/${id}/suspend`, body: reason }),
  }),
  row('POST /admin/organisations/{id}/reinstate', null, OPERATORS, {
    fixture: (w) => w.organisationIn('suspended'),
    consumes: true,
    request: (_w, _who, id) => ({ path: `/admin/organisations/${id}/reinstate`, body: {} }),
  }),
  row('GET /admin/qualifications', null, OPERATORS, { request: () => ({ path: '/admin/qualifications' }) }),
  row('POST /admin/qualifications/{id}/review', null, OPERATORS, {
    fixture: (w, owner) => w.qualification(owner),
    consumes: true,
    request: (_w, _who, id) => ({ path: `/admin/qualifications/${id}/review`, body: { decision: 'verify' } }),
  }),
  row('POST /admin/experts', null, OPERATORS, {
    request: () => ({ path: '/admin/experts', body: { email: uniqueEmail('expert'), displayName: '赵教授', expertiseFields: ['aerodynamics'] } }),
  }),
  row('GET /admin/experts', null, OPERATORS, { request: () => ({ path: '/admin/experts' }) }),
  row('GET /admin/audit', null, OPERATORS, { request: () => ({ path: '/admin/audit' }) }),
  row('GET /admin/audit/verify', null, OPERATORS, { request: () => ({ path: '/admin/audit/verify' }) }),
];

const listingState = (status: 'draft' | 'pending_review' | 'rejected' | 'suspended' | 'withdrawn') =>
  row('GET /listings/{id}', status, UNPUBLISHED, {
    fixture: (w, owner) => w.sharedListing(owner, status),
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}` }),
  });

const dossierState = (variant: string, relation: 'none' | 'nda' | 'granted', other: Outcome) =>
  //                                                                  anon  inst  i.mem i.oth  ent   e.oth  exp   x.oth oper
  row('GET /listings/{id}/dossier', variant,                          [401,  ok,   ok,   other, ok,   other, 403,  403,  ok], {
    fixture: (w, owner) => w.dossierListing(owner, relation),
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}/dossier` }),
  });

const LISTINGS: Row[] = [
  row('POST /listings', null, MEMBERS, { request: () => ({ path: '/listings', body: listingBody({ direction: 'civ_to_mil' }) }) }),
  row('GET /listings/mine', null, MEMBERS, {
    fixture: (w, owner) => w.sharedListing(owner, 'draft'),
    request: () => ({ path: '/listings/mine', query: { pageSize: 100 } }),
    check: ownList((listing) => [listing.organisationId], (listing: Item) => listing.id),
  }),
  row('GET /listings/{id}', 'published', PUBLIC, {
    fixture: (w, owner) => w.sharedListing(owner, 'published'),
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}` }),
    check: (who, body) => {
      const restricted = RESTRICTED_LISTING_FIELDS.filter((field) => field in body);
      if (insider(who)) return body.visibility === 'full' ? undefined : `the owner or operator got visibility ${body.visibility}`;
      return body.visibility === 'public' && restricted.length === 0 ? undefined : `visibility ${body.visibility} with restricted fields ${restricted.join(', ')}`;
    },
  }),
  listingState('draft'),
  listingState('pending_review'),
  listingState('rejected'),
  listingState('suspended'),
  listingState('withdrawn'),
  row('PATCH /listings/{id}', 'draft', OWNERS, {
    fixture: (w, owner) => w.listing(owner, 'draft'),
    request: (_w, who, listing) => ({ path: `/listings/${listing.id}`, body: { title: `高超声速风洞测试技术（${who} 修订）` } }),
    observe: async (w, listing, owner) => (await w.call('get', `/listings/${listing.id}`, w.admin(owner))).body.title,
  }),
  //                                                                  anon  inst  i.mem i.oth ent   e.oth exp   x.oth oper
  row('PATCH /listings/{id}', 'published: not editable',              [401,  al,   al,   404,  al,   404,  403,  403,  403], {
    fixture: (w, owner) => w.sharedListing(owner, 'published'),
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}`, body: { title: '已发布成果不可修改' } }),
  }),
  row('POST /listings/{id}/submit', null, OWNERS, {
    fixture: (w, owner) => w.listing(owner, 'draft'),
    consumes: true,
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}/submit`, body: {} }),
    observe: async (w, listing, owner) => (await w.call('get', `/listings/${listing.id}`, w.admin(owner))).body.status,
  }),
  row('POST /listings/{id}/withdraw', null, OWNERS, {
    fixture: (w, owner) => w.listing(owner, 'published'),
    consumes: true,
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}/withdraw`, body: { reason: '已与合作方另行签约' } }),
    observe: async (w, listing, owner) => (await w.call('get', `/listings/${listing.id}`, w.admin(owner))).body.status,
  }),
  row('PUT /listings/{id}/dossier', null, OWNERS, {
    fixture: (w, owner) => w.dossierListing(owner, 'none'),
    request: (_w, who, listing) => ({ path: `/listings/${listing.id}/dossier`, body: { content: `资料包由 ${who} 更新` } }),
    observe: async (w, listing, owner) => (await w.call('get', `/listings/${listing.id}/dossier`, w.admin(owner))).body.content,
  }),
  dossierState('published, no NDA', 'none', '403 DOSSIER.NDA_REQUIRED'),
  dossierState('published, NDA accepted, not granted', 'nda', '403 DOSSIER.NOT_GRANTED'),
  dossierState('published, NDA accepted and granted', 'granted', ok),
  row('GET /listings/{id}/dossier', 'draft', OWNERS_OPS, {
    fixture: (w, owner) => w.once(`dossier-draft:${owner}`, async () => {
      const listing = await w.listing(owner, 'draft');
      await w.must('put', `/listings/${listing.id}/dossier`, w.admin(owner), { content: '草稿资料包' }, 200);
      return listing;
    }),
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}/dossier` }),
  }),
  //                                                                  anon  inst          i.mem         i.oth ent           e.oth exp  x.oth oper
  row('POST /listings/{id}/nda', 'published',                         [401,  '409 DOSSIER.OWN_LISTING', '409 DOSSIER.OWN_LISTING', ok, '409 DOSSIER.OWN_LISTING', ok, 403, 403, 403], {
    fixture: (w, owner) => w.listing(owner, 'published'),
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}/nda`, body: {} }),
  }),
  row('POST /listings/{id}/nda', 'draft',                             [401,  '409 DOSSIER.OWN_LISTING', '409 DOSSIER.OWN_LISTING', 404, '409 DOSSIER.OWN_LISTING', 404, 403, 403, 403], {
    fixture: (w, owner) => w.sharedListing(owner, 'draft'),
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}/nda`, body: {} }),
  }),
  // The grantee is the other organisation of the owner's kind: its own attempt is a self-grant.
  row('POST /listings/{id}/dossier-grants', null, OWNERS, {
    fixture: (w, owner) => w.dossierListing(owner, 'nda'),
    request: (w, who, listing) => ({ path: `/listings/${listing.id}/dossier-grants`, body: { organisationId: w.other(ownerOf(who)).organisationId } }),
    observe: async (w, listing, owner) => (await w.call('get', `/listings/${listing.id}/dossier`, w.other(owner))).body.error?.code ?? 'open',
  }),
  // Who may open the dossier is the owner's to know: other organisations get 404, operators and experts 403 (role).
  row('GET /listings/{id}/dossier-access', null, OWNERS, {
    fixture: (w, owner) => w.dossierListing(owner, 'granted'),
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}/dossier-access` }),
    check: (who, body, _listing, w) => {
      const grantee = w.other(ownerOf(who)).organisationId;
      const entry = body.organisations?.find((o: Item) => o.organisationId === grantee);
      return entry?.mayOpen === true && entry.ndaAcceptedAt && entry.grantedAt && entry.organisationName ? undefined : `no open entry for ${grantee}: ${JSON.stringify(body)}`;
    },
  }),
  row('DELETE /listings/{id}/dossier-grants/{organisationId}', null, OWNERS, {
    fixture: (w, owner) => w.dossierListing(owner, 'granted'),
    request: (w, who, listing) => ({ path: `/listings/${listing.id}/dossier-grants/${w.other(ownerOf(who)).organisationId}` }),
    observe: async (w, listing, owner) => (await w.call('get', `/listings/${listing.id}/dossier`, w.other(owner))).body.error?.code ?? 'open',
  }),
  row('GET /admin/listings', null, OPERATORS, { request: () => ({ path: '/admin/listings' }) }),
  row('POST /admin/listings/{id}/approve', null, OPERATORS, {
    fixture: (w, owner) => w.listing(owner, 'pending_review'),
    consumes: true,
    request: (_w, _who, listing) => ({ path: `/admin/listings/${listing.id}/approve`, body: {} }),
  }),
  row('POST /admin/listings/{id}/reject', null, OPERATORS, {
    fixture: (w, owner) => w.listing(owner, 'pending_review'),
    consumes: true,
    request: (_w, _who, listing) => ({ path: `/admin/listings/${listing.id}/reject`, body: reason }),
  }),
  row('POST /admin/listings/{id}/suspend', null, OPERATORS, {
    fixture: (w, owner) => w.listing(owner, 'published'),
    consumes: true,
    request: (_w, _who, listing) => ({ path: `/admin/listings/${listing.id}/suspend`, body: reason }),
  }),
  row('POST /admin/listings/{id}/reinstate', null, OPERATORS, {
    fixture: (w, owner) => w.listing(owner, 'suspended'),
    consumes: true,
    request: (_w, _who, listing) => ({ path: `/admin/listings/${listing.id}/reinstate`, body: {} }),
  }),
  row('GET /catalogue', null, PUBLIC, { request: () => ({ path: '/catalogue' }) }),
  row('GET /reports/annual', null, PUBLIC, { request: () => ({ path: '/reports/annual', query: { year: thisYear() } }) }),
  row('GET /admin/reports/annual', null, OPERATORS, { request: () => ({ path: '/admin/reports/annual', query: { year: thisYear() } }) }),
];

const EVALUATIONS: Row[] = [
  row('POST /evaluations', 'draft listing', OWNERS_OPS, {
    fixture: (w, owner) => w.listing(owner, 'draft'),
    consumes: true,
    request: (_w, _who, listing) => ({ path: '/evaluations', body: { listingId: listing.id } }),
  }),
  row('POST /evaluations', 'published listing', OWNERS_OPS, {
    fixture: (w, owner) => w.listing(owner, 'published'),
    consumes: true,
    request: (_w, _who, listing) => ({ path: '/evaluations', body: { listingId: listing.id } }),
  }),
  row('POST /evaluations/income-calculator', null, ANY_USER, {
    request: () => ({ path: '/evaluations/income-calculator', body: { revenueForecast: ['1000000.00', '1200000.00'], royaltyRate: '5', discountRate: '10', years: 2 } }),
  }),
  row('GET /evaluations', null, MEMBERS_OPS, {
    fixture: (w, owner) => w.once(`evaluation:${owner}`, () => w.evaluation(owner)),
    request: () => ({ path: '/evaluations', query: { pageSize: 100 } }),
    check: ownList(null, (evaluation: Item) => evaluation.id),
  }),
  row('GET /evaluations/{id}', 'requested', OWNERS_OPS, {
    fixture: (w, owner) => w.once(`evaluation:${owner}`, () => w.evaluation(owner)),
    request: (_w, _who, evaluation) => ({ path: `/evaluations/${evaluation.id}` }),
  }),
  // The owner sees the panel by alias only; operators see who the experts are.
  row('GET /evaluations/{id}', 'in review', OWNERS_OPS, {
    fixture: (w, owner) => (owner === 'IA' ? w.once('in-review', () => w.inReview()) : w.once('in-review:EA', () => w.inReview('EA'))),
    request: (_w, _who, f) => ({ path: `/evaluations/${f.evaluationId}` }),
    check: (who, body, _f, w) => {
      const text = JSON.stringify(body);
      const named = w.panel.filter((e) => text.includes(e.userId) || text.includes(e.email));
      if (who === 'operator') return named.length === w.panel.length ? undefined : 'the operator does not see the experts';
      return named.length ? `names ${named.length} experts to the owner` : undefined;
    },
  }),
  row('POST /evaluations/{id}/cancel', null, OWNERS_OPS, {
    fixture: (w, owner) => w.evaluation(owner),
    consumes: true,
    request: (_w, _who, evaluation) => ({ path: `/evaluations/${evaluation.id}/cancel`, body: { reason: '改为委托第三方评估' } }),
    observe: async (w, evaluation) => (await w.call('get', `/evaluations/${evaluation.id}`, w.operator)).body.status,
  }),
  row('POST /admin/evaluations/{id}/panel', null, OPERATORS, {
    fixture: (w, owner) => w.evaluation(owner),
    consumes: true,
    request: (w, _who, evaluation) => ({ path: `/admin/evaluations/${evaluation.id}/panel`, body: { expertIds: w.panel.map((e) => e.userId), deadline: inHours(72) } }),
  }),
  // The deadline has not passed, so the operator's replacement is refused with a 409: what matters is who gets that far.
  //                                                                  anon  inst  i.mem i.oth ent   e.oth exp   x.oth oper
  row('POST /admin/evaluations/{id}/assignments/{assignmentId}/replace', null, [401, 403, 403, 403, 403, 403, 403, 403, al], {
    fixture: (w) => w.once('in-review', () => w.inReview()),
    request: (w, _who, f) => ({
      path: `/admin/evaluations/${f.evaluationId}/assignments/${f.assignmentId}/replace`,
      body: { expertId: w.sessions.expertOther.userId, deadline: inHours(72), reason: '专家未按期提交' },
    }),
  }),
  row('POST /admin/evaluations/{id}/confirm', null, OPERATORS, {
    fixture: (w) => w.flagged(),
    consumes: true,
    request: (_w, _who, id) => ({ path: `/admin/evaluations/${id}/confirm`, body: {} }),
  }),
  row('POST /admin/evaluations/{id}/send-back', null, OPERATORS, {
    fixture: (w) => w.flagged(),
    consumes: true,
    request: (_w, _who, id) => ({ path: `/admin/evaluations/${id}/send-back`, body: { reason: '评分分歧过大，重新组织评审' } }),
  }),
  row('GET /assignments', null, EXPERTS, {
    fixture: (w) => w.once('in-review', () => w.inReview()),
    request: () => ({ path: '/assignments', query: { pageSize: 100 } }),
    check: ownList(null, (f: { assignmentId: string }) => f.assignmentId, (who) => who === 'expert'),
  }),
  //                                                                  anon  inst  i.mem i.oth ent   e.oth exp   x.oth oper
  row('GET /assignments/{id}', null,                                  [401,  403,  403,  403,  403,  403,  ok,   404,  403], {
    fixture: (w) => w.once('in-review', () => w.inReview()),
    request: (_w, _who, f) => ({ path: `/assignments/${f.assignmentId}` }),
  }),
  row('POST /assignments/{id}/review', null,                          [401,  403,  403,  403,  403,  403,  ok,   404,  403], {
    fixture: (w) => w.inReview(),
    consumes: true,
    request: (_w, _who, f) => ({ path: `/assignments/${f.assignmentId}/review`, body: reviewBody(80) }),
    observe: async (w, f) => (await w.call('get', `/evaluations/${f.evaluationId}`, w.operator)).body.progress,
  }),
  row('GET /assignments/{id}/comparables', null,                      [401,  403,  403,  403,  403,  403,  ok,   404,  403], {
    fixture: (w) => w.once('in-review', () => w.inReview()),
    request: (_w, _who, f) => ({ path: `/assignments/${f.assignmentId}/comparables` }),
  }),
];

const SEALED_BIDS_HIDDEN = (who: Caller, bids: unknown[]) => {
  const mine = who === 'enterprise';
  return bids.length === (mine ? 1 : 0) ? undefined : `${bids.length} sealed bids shown`;
};

const AUCTIONS: Row[] = [
  row('POST /auctions', 'published listing', OWNERS, {
    fixture: (w, owner) => w.listing(owner, 'published'),
    consumes: true,
    request: (_w, _who, listing) => ({ path: '/auctions', body: englishAuctionBody(listing.id) }),
  }),
  //                                                                  anon  inst  i.mem i.oth ent   e.oth exp   x.oth oper
  row('POST /auctions', 'draft listing',                              [401,  al,   al,   404,  al,   404,  403,  403,  403], {
    fixture: (w, owner) => w.sharedListing(owner, 'draft'),
    request: (_w, _who, listing) => ({ path: '/auctions', body: englishAuctionBody(listing.id) }),
  }),
  row('GET /auctions', null, PUBLIC, {
    fixture: (w) => w.once('auction', () => w.auction('IA')),
    request: () => ({ path: '/auctions', query: { pageSize: 100 } }),
    check: (who, body) => {
      const seller = who === 'institute' || who === 'instituteMember' || who === 'operator' || who === 'enterprise';
      const reserves = itemsOf(body).filter((auction) => typeof auction.reservePrice === 'string');
      return seller || reserves.length === 0 ? undefined : `shows the reserve of ${reserves.map((a) => a.id).join(', ')}`;
    },
  }),
  // Institute A's auction for everyone: the reserve amount is its seller's and the operators' only.
  row('GET /auctions/{id}', null, PUBLIC, {
    fixture: (w) => w.once('auction', () => w.auction('IA')),
    request: (_w, _who, auction) => ({ path: `/auctions/${auction.id}` }),
    check: (who, body) => {
      const seller = who === 'institute' || who === 'instituteMember' || who === 'operator';
      return seller === (typeof body.reservePrice === 'string') ? undefined : `reservePrice ${JSON.stringify(body.reservePrice)}`;
    },
  }),
  row('GET /auctions/{id}/events', null, PUBLIC, {
    fixture: (w) => w.once('auction', () => w.auction('IA')),
    request: (_w, _who, auction) => ({ path: `/auctions/${auction.id}/events`, stream: true }),
  }),
  //                                                                  anon  inst                      i.mem                     i.oth ent e.oth exp  x.oth oper
  row('POST /auctions/{id}/registrations', null,                      [401,  '403 AUCTION.OWN_LISTING', '403 AUCTION.OWN_LISTING', ok,  ok, ok,   403, 403,  403], {
    fixture: (w) => w.auction('IA'),
    request: (_w, _who, auction) => ({ path: `/auctions/${auction.id}/registrations`, body: {} }),
    observe: async (w, auction) => (await w.call('get', '/wallet', w.sessions.institute)).body,
  }),
  // Enterprise A is the only registered bidder: a registration is its organisation's own.
  row('GET /auctions/{id}/registration', null,                        [401,  404,  404,  404,  ok,   404,  403,  403,  403], {
    fixture: (w) => w.once('auction-registered', () => w.auctionWithBidder('english', false)),
    request: (_w, _who, auction) => ({ path: `/auctions/${auction.id}/registration` }),
  }),
  row('POST /auctions/{id}/bids', null, [401, '403 AUCTION.OWN_LISTING', '403 AUCTION.OWN_LISTING', '403 BID.NOT_REGISTERED', ok, '403 BID.NOT_REGISTERED', 403, 403, 403], {
    fixture: (w) => w.auctionWithBidder('english', false),
    request: (_w, _who, auction) => ({ path: `/auctions/${auction.id}/bids`, headers: { 'Idempotency-Key': randomUUID() }, body: { amount: '1000000.00' } }),
    observe: async (w, auction) => (await w.call('get', `/auctions/${auction.id}`)).body.bidCount,
  }),
  row('GET /auctions/{id}/bids', 'english', PUBLIC, {
    fixture: (w) => w.once('auction-bid', () => w.auctionWithBidder('english', true)),
    request: (_w, _who, auction) => ({ path: `/auctions/${auction.id}/bids` }),
    check: (_who, bids) => (Array.isArray(bids) && bids.length === 1 ? undefined : `bids ${JSON.stringify(bids)}`),
  }),
  // A sealed bid is seen by its bidder only until the auction is settled.
  row('GET /auctions/{id}/bids', 'sealed, before settlement', PUBLIC, {
    fixture: (w) => w.once('auction-sealed-bid', () => w.auctionWithBidder('sealed', true)),
    request: (_w, _who, auction) => ({ path: `/auctions/${auction.id}/bids` }),
    check: (who, bids) => SEALED_BIDS_HIDDEN(who, bids),
  }),
  row('GET /wallet', null, MEMBERS, { request: () => ({ path: '/wallet' }) }),
  row('POST /admin/auctions/{id}/pause', null, OPERATORS, {
    fixture: (w) => w.auction('IA'),
    consumes: true,
    request: (_w, _who, auction) => ({ path: `/admin/auctions/${auction.id}/pause`, body: reason }),
  }),
  row('POST /admin/auctions/{id}/resume', null, OPERATORS, {
    fixture: async (w) => {
      const auction = await w.auction('IA');
      await w.must('post', `/admin/auctions/${auction.id}/pause`, w.operator, reason, 200);
      return auction;
    },
    consumes: true,
    request: (_w, _who, auction) => ({ path: `/admin/auctions/${auction.id}/resume`, body: {} }),
  }),
  row('POST /admin/auctions/{id}/cancel', null, OPERATORS, {
    fixture: (w) => w.auction('IA'),
    consumes: true,
    request: (_w, _who, auction) => ({ path: `/admin/auctions/${auction.id}/cancel`, body: reason }),
  }),
  row('POST /admin/payments/top-ups', null, OPERATORS, {
    request: (w, who) => ({ path: '/admin/payments/top-ups', body: { organisationId: w.organisation(ownerOf(who)), amount: '1000.00', reference: `TEST-${randomUUID()}` } }),
  }),
];

/** Trades of institute A (seller) with enterprise A (buyer). */
const TRADES: Row[] = [
  row('GET /trades', null, MEMBERS_OPS, {
    fixture: (w) => w.once('trade-pending', () => w.trade('pending')),
    request: () => ({ path: '/trades', query: { pageSize: 100 } }),
    check: ownList((trade) => [trade.sellerOrganisationId, trade.buyerOrganisationId], (trade: { id: string }) => trade.id),
  }),
  row('GET /trades/{id}', null, OWNERS_OPS, {
    fixture: (w) => w.once('trade-pending', () => w.trade('pending')),
    request: (_w, _who, trade) => ({ path: `/trades/${trade.id}` }),
  }),
  //                                                                  anon  inst  i.mem i.oth ent                                 e.oth exp   x.oth oper
  row('PUT /trades/{id}/contract', null,                              [401,  ok,   ok,   404,  '403 TRADE.SELLER_PROPOSES_TERMS', 404,  403,  403,  403], {
    fixture: (w) => w.trade('pending'),
    request: (_w, _who, trade) => ({ path: `/trades/${trade.id}/contract`, body: { scope: '非独占许可，含技术资料与培训', effectiveDate: '2027-01-01', expiryDate: null } }),
    observe: async (w, trade) => (await w.call('get', `/trades/${trade.id}`, w.operator)).body.contract,
  }),
  row('POST /trades/{id}/signatures', null, OWNERS, {
    fixture: (w) => w.trade('terms'),
    consumes: true,
    request: (_w, _who, trade) => ({ path: `/trades/${trade.id}/signatures`, body: { termsVersion: trade.termsVersion } }),
    observe: async (w, trade) => (await w.call('get', `/trades/${trade.id}`, w.operator)).body.contract,
  }),
  row('POST /trades/{id}/completion', null,                           [401,  '403 TRADE.BUYER_ACCEPTS', '403 TRADE.BUYER_ACCEPTS', 404, ok, 404, 403, 403, ok], {
    fixture: (w) => w.trade('paid'),
    consumes: true,
    request: (_w, _who, trade) => ({ path: `/trades/${trade.id}/completion`, body: {} }),
    observe: async (w, trade) => (await w.call('get', `/trades/${trade.id}`, w.operator)).body.status,
  }),
  row('POST /trades/{id}/disputes', null, OWNERS, {
    fixture: (w) => w.trade('signed'),
    consumes: true,
    request: (_w, _who, trade) => ({ path: `/trades/${trade.id}/disputes`, body: { reason: '交付的技术资料不完整' } }),
    observe: async (w, trade) => (await w.call('get', `/trades/${trade.id}`, w.operator)).body.status,
  }),
  row('POST /admin/trades/{id}/payments', null, OPERATORS, {
    fixture: (w) => w.trade('signed'),
    consumes: true,
    request: (_w, _who, trade) => ({ path: `/admin/trades/${trade.id}/payments`, body: { amount: TRADE_AMOUNT, reference: `BANK-${randomUUID()}` } }),
  }),
  row('POST /admin/trades/{id}/resolution', null, OPERATORS, {
    fixture: (w) => w.trade('disputed'),
    consumes: true,
    request: (_w, _who, trade) => ({ path: `/admin/trades/${trade.id}/resolution`, body: { outcome: 'cancelled', reason: '双方同意解除合同' } }),
  }),
];

const demandRead = (variant: string, status: 'open' | 'hidden' | 'closed', visibility: 'public' | 'registered', outcomes: Outcome[]) =>
  row('GET /demands/{id}', variant, outcomes, {
    fixture: (w, owner) => w.sharedDemand(owner, status, visibility),
    request: (_w, _who, demand) => ({ path: `/demands/${demand.id}` }),
    check: (who, body) => (insider(who) === (body.view === 'full') ? undefined : `view ${body.view}`),
  });

const DEMANDS: Row[] = [
  row('POST /demands', null, MEMBERS, { request: () => ({ path: '/demands', body: demandBody({ direction: 'civ_to_mil' }) }) }),
  // Public demands to anyone, registered-only ones to members and operators, hidden and closed ones to nobody.
  row('GET /demands', null, PUBLIC, {
    fixture: (w) => w.searchableDemands(),
    request: () => ({ path: '/demands', query: { pageSize: 100 } }),
    check: (who, body, f) => {
      const hits = itemsOf(body);
      const unlisted = hits.filter((d) => d.id === f.hidden || d.id === f.closed);
      const registered = hits.filter((d) => d.visibility !== 'public');
      const member = who !== 'anonymous' && who !== 'expert' && who !== 'expertOther';
      if (unlisted.length) return `finds hidden or closed demands ${unlisted.map((d) => d.id).join(', ')}`;
      return member || registered.length === 0 ? undefined : `finds ${registered.length} registered-only demands`;
    },
  }),
  row('GET /demands/mine', null, MEMBERS, {
    fixture: (w, owner) => w.sharedDemand(owner, 'hidden'),
    request: () => ({ path: '/demands/mine', query: { pageSize: 100 } }),
    check: ownList((demand) => [demand.organisationId], (demand: Item) => demand.id),
  }),
  demandRead('open, public', 'open', 'public', PUBLIC),
  //                                                                  anon  inst  i.mem i.oth ent   e.oth exp   x.oth oper
  demandRead('open, registered members only', 'open', 'registered',  [404,  ok,   ok,   ok,   ok,   ok,   404,  404,  ok]),
  demandRead('hidden by an operator', 'hidden', 'public', UNPUBLISHED),
  demandRead('closed', 'closed', 'public', UNPUBLISHED),
  row('PATCH /demands/{id}', null, OWNERS, {
    fixture: (w, owner) => w.demand(owner),
    request: (_w, who, demand) => ({ path: `/demands/${demand.id}`, body: { title: `风洞测试技术引进（${who} 修订）` } }),
    observe: async (w, demand, owner) => (await w.call('get', `/demands/${demand.id}`, w.admin(owner))).body.title,
  }),
  row('POST /demands/{id}/close', null, OWNERS, {
    fixture: (w, owner) => w.demand(owner),
    consumes: true,
    request: (_w, _who, demand) => ({ path: `/demands/${demand.id}/close`, body: { reason: '已找到供方' } }),
    observe: async (w, demand, owner) => (await w.call('get', `/demands/${demand.id}`, w.admin(owner))).body.status,
  }),
  row('GET /admin/demands', null, OPERATORS, { request: () => ({ path: '/admin/demands' }) }),
  row('POST /admin/demands/{id}/hide', null, OPERATORS, {
    fixture: (w, owner) => w.demand(owner),
    consumes: true,
    request: (_w, _who, demand) => ({ path: `/admin/demands/${demand.id}/hide`, body: { reason: '需求内容含未公开的装备指标' } }),
  }),
  row('POST /admin/demands/{id}/restore', null, OPERATORS, {
    fixture: (w, owner) => w.demand(owner, 'hidden'),
    consumes: true,
    request: (_w, _who, demand) => ({ path: `/admin/demands/${demand.id}/restore`, body: {} }),
  }),
  row('GET /demands/{id}/matches', 'open', OWNERS_OPS, {
    fixture: (w, owner) => w.sharedDemand(owner, 'open'),
    request: (_w, _who, demand) => ({ path: `/demands/${demand.id}/matches` }),
  }),
  //                                                                  anon  inst  i.mem i.oth ent   e.oth exp   x.oth oper
  row('GET /demands/{id}/matches', 'hidden: not matched',             [401,  al,   al,   404,  al,   404,  403,  403,  al], {
    fixture: (w, owner) => w.sharedDemand(owner, 'hidden'),
    request: (_w, _who, demand) => ({ path: `/demands/${demand.id}/matches` }),
  }),
  // The listing is public, but its matches are its owner's business.
  row('GET /listings/{id}/matches', 'published', OWNERS_OPS, {
    fixture: (w, owner) => w.sharedListing(owner, 'published'),
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}/matches` }),
  }),
  row('GET /listings/{id}/matches', 'draft: not matched',             [401,  al,   al,   404,  al,   404,  403,  403,  al], {
    fixture: (w, owner) => w.sharedListing(owner, 'draft'),
    request: (_w, _who, listing) => ({ path: `/listings/${listing.id}/matches` }),
  }),
];

const OWN_LISTING = '403 INTEREST.OWN_LISTING';
const NOT_ALLOWED = '403 INTEREST.NOT_ALLOWED';

/** Interests and threads of enterprise A (buyer) in listings of institute A (seller). */
const NEGOTIATION: Row[] = [
  //                                                                  anon  inst         i.mem        i.oth ent   e.oth exp   x.oth oper
  row('POST /interests', 'published listing',                         [401,  OWN_LISTING, OWN_LISTING, ok,   ok,   ok,   403,  403,  403], {
    fixture: (w) => w.listing('IA', 'published'),
    request: (_w, _who, listing) => ({ path: '/interests', body: { listingId: listing.id, message: '希望就许可条件洽谈。' } }),
  }),
  row('POST /interests', 'draft listing',                             [401,  OWN_LISTING, OWN_LISTING, 404,  404,  404,  403,  403,  403], {
    fixture: (w) => w.sharedListing('IA', 'draft'),
    request: (_w, _who, listing) => ({ path: '/interests', body: { listingId: listing.id, message: '希望就许可条件洽谈。' } }),
  }),
  row('GET /interests', null, MEMBERS_OPS, {
    fixture: (w) => w.once('interest', () => w.interest()),
    request: () => ({ path: '/interests', query: { pageSize: 100 } }),
    check: ownList((interest) => [interest.buyerOrganisationId, interest.sellerOrganisationId], (interest: Item) => interest.id),
  }),
  row('GET /interests/{id}', null, OWNERS_OPS, {
    fixture: (w) => w.once('interest', () => w.interest()),
    request: (_w, _who, interest) => ({ path: `/interests/${interest.id}` }),
  }),
  row('POST /interests/{id}/accept', null,                            [401,  ok,   ok,   404,  NOT_ALLOWED, 404, 403, 403,  403], {
    fixture: (w) => w.interest(),
    consumes: true,
    request: (_w, _who, interest) => ({ path: `/interests/${interest.id}/accept`, body: { message: '欢迎洽谈。' } }),
    observe: async (w, interest) => (await w.call('get', `/interests/${interest.id}`, w.operator)).body.status,
  }),
  row('POST /interests/{id}/decline', null,                           [401,  ok,   ok,   404,  NOT_ALLOWED, 404, 403, 403,  403], {
    fixture: (w) => w.interest(),
    consumes: true,
    request: (_w, _who, interest) => ({ path: `/interests/${interest.id}/decline`, body: { message: '暂不考虑。' } }),
    observe: async (w, interest) => (await w.call('get', `/interests/${interest.id}`, w.operator)).body.status,
  }),
  row('POST /interests/{id}/withdraw', null,                          [401,  NOT_ALLOWED, NOT_ALLOWED, 404, ok, 404, 403, 403,  403], {
    fixture: (w) => w.interest(),
    consumes: true,
    request: (_w, _who, interest) => ({ path: `/interests/${interest.id}/withdraw`, body: {} }),
    observe: async (w, interest) => (await w.call('get', `/interests/${interest.id}`, w.operator)).body.status,
  }),
  row('GET /negotiations', null, MEMBERS_OPS, {
    fixture: (w) => w.once('thread', () => w.thread()),
    request: () => ({ path: '/negotiations', query: { pageSize: 100 } }),
    check: ownList((thread) => [thread.sellerOrganisationId, thread.buyerOrganisationId], (thread: { negotiationId: string }) => thread.negotiationId),
  }),
  row('GET /negotiations/{id}', null, OWNERS_OPS, {
    fixture: (w) => w.once('thread', () => w.thread()),
    request: (_w, _who, thread) => ({ path: `/negotiations/${thread.negotiationId}` }),
  }),
  row('POST /negotiations/{id}/messages', null, OWNERS, {
    fixture: (w) => w.thread(),
    request: (_w, who, thread) => ({ path: `/negotiations/${thread.negotiationId}/messages`, body: { body: `${who}：请确认交付周期。` } }),
    observe: async (w, thread) => (await w.call('get', `/negotiations/${thread.negotiationId}`, w.operator)).body.timeline.length,
  }),
  row('POST /negotiations/{id}/offers', null, OWNERS, {
    fixture: (w) => w.thread(),
    request: (_w, _who, thread) => ({ path: `/negotiations/${thread.negotiationId}/offers`, body: { amount: '120000.00', transactionMode: 'transfer' } }),
    observe: async (w, thread) => (await w.call('get', `/negotiations/${thread.negotiationId}`, w.operator)).body.timeline.length,
  }),
  // The open offer is the buyer's (enterprise A): the seller answers it, the buyer may only withdraw it.
  //                                                                  anon  inst  i.mem i.oth ent                  e.oth exp   x.oth oper
  row('POST /negotiations/{id}/offers/{offerId}/accept', 'the buyer’s open offer', [401, ok,   ok,   404,  '422 OFFER.OWN_OFFER', 404, 403,  403,  403], {
    fixture: (w) => w.thread(),
    consumes: true,
    request: (_w, _who, thread) => ({ path: `/negotiations/${thread.negotiationId}/offers/${thread.offerId}/accept`, body: {} }),
    observe: async (w, thread) => (await w.call('get', `/negotiations/${thread.negotiationId}`, w.operator)).body.status,
  }),
  // The offer of another thread of the same parties, through this thread's path: it is not there.
  row('POST /negotiations/{id}/offers/{offerId}/accept', 'offer of another thread', [401, 404, 404, 404, 404, 404, 403, 403, 403], {
    fixture: async (w) => ({ path: await w.thread(), other: await w.thread() }),
    request: (_w, _who, f) => ({ path: `/negotiations/${f.path.negotiationId}/offers/${f.other.offerId}/accept`, body: {} }),
    observe: async (w, f) => [
      (await w.call('get', `/negotiations/${f.path.negotiationId}`, w.operator)).body.status,
      (await w.call('get', `/negotiations/${f.other.negotiationId}`, w.operator)).body.currentOffer,
    ],
  }),
  row('POST /negotiations/{id}/offers/{offerId}/reject', null,        [401,  ok,   ok,   404,  '422 OFFER.OWN_OFFER', 404, 403,  403,  403], {
    fixture: (w) => w.thread(),
    consumes: true,
    request: (_w, _who, thread) => ({ path: `/negotiations/${thread.negotiationId}/offers/${thread.offerId}/reject`, body: { note: '价格偏低' } }),
    observe: async (w, thread) => (await w.call('get', `/negotiations/${thread.negotiationId}`, w.operator)).body.currentOffer,
  }),
  row('POST /negotiations/{id}/offers/{offerId}/withdraw', null,      [401,  '422 OFFER.NOT_YOURS', '422 OFFER.NOT_YOURS', 404, ok, 404, 403, 403, 403], {
    fixture: (w) => w.thread(),
    consumes: true,
    request: (_w, _who, thread) => ({ path: `/negotiations/${thread.negotiationId}/offers/${thread.offerId}/withdraw`, body: {} }),
    observe: async (w, thread) => (await w.call('get', `/negotiations/${thread.negotiationId}`, w.operator)).body.currentOffer,
  }),
  row('POST /negotiations/{id}/withdraw', null, OWNERS, {
    fixture: (w) => w.thread(),
    consumes: true,
    request: (_w, _who, thread) => ({ path: `/negotiations/${thread.negotiationId}/withdraw`, body: { reason: '双方条件差距过大' } }),
    observe: async (w, thread) => (await w.call('get', `/negotiations/${thread.negotiationId}`, w.operator)).body.status,
  }),
];

/** Whose notification a caller names: institute A's admin's, enterprise A's admin's, or the expert's. */
const inboxOf = (who: Caller) => (ownerOf(who) === 'EA' ? 'enterprise' : who === 'expert' || who === 'expertOther' ? 'expert' : 'institute');

const NOTIFICATIONS: Row[] = [
  // Each inbox holds its user's notifications only; an expert is told about evaluations only.
  row('GET /notifications', null, ANY_USER, {
    fixture: async (w) => ({ institute: await w.notificationOf('institute'), enterprise: await w.notificationOf('enterprise'), expert: await w.notificationOf('expert') }),
    request: () => ({ path: '/notifications', query: { pageSize: 100 } }),
    check: (who, body, f: Record<string, string>) => {
      const items = itemsOf(body);
      const others = Object.entries(f).filter(([holder, id]) => holder !== who && items.some((n) => n.id === id));
      if (others.length) return `holds the notifications of ${others.map(([holder]) => holder).join(', ')}`;
      const foreign = who === 'expert' || who === 'expertOther' ? items.filter((n) => !String(n.kind).startsWith('evaluation.')) : [];
      return foreign.length ? `an expert is told ${foreign.map((n) => n.kind).join(', ')}` : undefined;
    },
  }),
  row('POST /notifications/read-all', null, ANY_USER, { request: () => ({ path: '/notifications/read-all', body: {} }) }),
  // An inbox is its user's: not even a colleague or an operator reads another's notification.
  //                                                                  anon  inst  i.mem i.oth ent   e.oth exp   x.oth oper
  row('POST /notifications/{id}/read', null,                          [401,  ok,   404,  404,  ok,   404,  ok,   404,  404], {
    request: async (w, who) => ({ path: `/notifications/${await w.notificationOf(inboxOf(who))}/read`, body: {} }),
  }),
];

export const AREAS = { identity: IDENTITY, listings: LISTINGS, evaluations: EVALUATIONS, auctions: AUCTIONS, trades: TRADES, demands: DEMANDS, negotiation: NEGOTIATION, notifications: NOTIFICATIONS };
export type Area = keyof typeof AREAS;
export const MATRIX: Row[] = Object.values(AREAS).flat();

export type { World };
