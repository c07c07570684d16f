import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { until } from '../app-process';
import { AuctionsApi, englishAuctionBody } from '../auctions';
import { EvaluationApi, inHours, reviewBody } from '../evaluation';
import { IdentityApi, PASSWORD, Session, uniqueEmail } from '../identity';
import { ListingsApi } from '../listings';
import { demandBody } from '../matching';
import { NegotiationsApi } from '../negotiations';
import { Scenario, startScenario } from '../scenario';
import { TestSystem } from '../system';
import { Caller } from './callers';

/** Whose object a row names: institute A's or enterprise A's (see `ownerOf`). */
export type Owner = 'IA' | 'EA';
export type ListingState = 'draft' | 'pending_review' | 'published' | 'rejected' | 'suspended' | 'withdrawn';
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json = Record<string, any>;

/**
 * The object a caller's request names: enterprise callers name enterprise A's objects, everyone else
 * institute A's. So `institute` and `enterprise` meet their own organisation's object, and
 * `instituteOther` and `enterpriseOther` another organisation's object of their own kind.
 */
export const ownerOf = (who: Caller): Owner => (who === 'enterprise' || who === 'enterpriseOther' ? 'EA' : 'IA');

/** A listing every row may name: civ→mil (so institutes may approach it too), licensable non-exclusively. */
const LISTING = { direction: 'civ_to_mil', transactionModes: ['transfer', 'non_exclusive_licence'], askingPrice: '1250000.00' };
/** What negotiated fixture trades are agreed at. */
export const TRADE_AMOUNT = '100000.00';
export const thisYear = () => new Date().getUTCFullYear();

/**
 * The fixtures of the authorisation matrix, made once per test file through the public API: two
 * institutes and two enterprises (verified, each with its admin; institute A with a second, ordinary
 * member), a panel of experts and one more expert, an operator; and every kind of object, made when
 * a row first asks for it (`once`) or fresh for a row whose calls use it up.
 */
export class World {
  readonly sessions: Record<Exclude<Caller, 'anonymous'>, Session>;
  readonly identity: IdentityApi;
  readonly listings: ListingsApi;
  readonly auctions: AuctionsApi;
  readonly evaluations: EvaluationApi;
  readonly loop: NegotiationsApi;
  /** Two more experts: with `expert`, the panel of every evaluation made here. */
  readonly fillers: Session[];
  private readonly memo = new Map<string, Promise<unknown>>();

  private constructor(
    readonly system: TestSystem,
    scenario: Scenario,
    sessions: World['sessions'],
    fillers: Session[],
  ) {
    this.identity = scenario.identity;
    this.listings = scenario.listings;
    this.auctions = scenario.auctions;
    this.evaluations = new EvaluationApi(system);
    this.loop = new NegotiationsApi(system);
    this.sessions = sessions;
    this.fillers = fillers;
  }

  static async start(): Promise<World> {
    const scenario = await startScenario(['identity', 'listings', 'evaluation', 'auction', 'matching', 'worker']);
    try {
      const { identity, operator, system } = scenario;
      const institute = await identity.verifiedMember(operator, 'institute');
      const instituteOther = await identity.verifiedMember(operator, 'institute');
      const enterprise = await identity.verifiedMember(operator, 'enterprise');
      const enterpriseOther = await identity.verifiedMember(operator, 'enterprise');
      const loop = new NegotiationsApi(system);
      const instituteMember = await loop.colleague(identity, institute);
      const evaluations = new EvaluationApi(system);
      const [expert, ...fillers] = await evaluations.experts(operator, 3);
      // Experts may belong to an organisation, recorded for conflict-of-interest checks only: this one
      // belongs to institute A, and that must give it none of the rights of institute A's members.
      const expertOther = await evaluations.expert(operator, ['aerodynamics'], institute.organisationId!, '孙研究员');
      const world = new World(system, scenario, { institute, instituteMember, instituteOther, enterprise, enterpriseOther, expert, expertOther, operator }, fillers);
      // Deposits for every bidder of the auctions here.
      for (const bidder of [instituteOther, enterprise, enterpriseOther]) await scenario.auctions.topUp(operator, bidder.organisationId!, '10000000.00');
      return world;
    } catch (error) {
      await scenario.system.stop();
      throw error;
    }
  }

  stop() {
    return this.system.stop();
  }

  get http() {
    return this.system.http;
  }

  get operator() {
    return this.sessions.operator;
  }

  /** The admin of the owner organisation. */
  admin(owner: Owner): Session {
    return owner === 'IA' ? this.sessions.institute : this.sessions.enterprise;
  }

  /** The admin of the other organisation of the owner's kind. */
  other(owner: Owner): Session {
    return owner === 'IA' ? this.sessions.instituteOther : this.sessions.enterpriseOther;
  }

  organisation(owner: Owner | 'IB' | 'EB'): string {
    const session = { IA: this.sessions.institute, EA: this.sessions.enterprise, IB: this.sessions.instituteOther, EB: this.sessions.enterpriseOther }[owner];
    return session.organisationId!;
  }

  /** The same value for every row that asks for `key`; made on first use. */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as Promise<T>;
  }

  call(method: Method, path: string, session?: Session) {
    const call = request(this.http)[method](`/api/v1${path}`);
    return session ? call.set(session.auth) : call;
  }

  /** Makes a fixture step, failing with what the API answered if it is not the expected status. */
  async must(method: Method, path: string, session: Session | undefined, body: unknown, status: number): Promise<Json> {
    const response = await this.call(method, path, session).send(body as object);
    if (response.status !== status) {
      throw new Error(`fixture step ${method.toUpperCase()} ${path} answered ${response.status} ${JSON.stringify(response.body).slice(0, 400)}`);
    }
    return response.body;
  }

  // ─── Identity ─────────────────────────────────────────────────────────────────────────────────

  /** A new session of the caller's own user (another login), for logout. */
  async secondSession(who: Exclude<Caller, 'anonymous'>): Promise<Session> {
    return this.identity.login(this.sessions[who].email);
  }

  /** A user nobody else in the matrix is: a fresh registration, logged in. */
  async stranger(): Promise<Session> {
    return this.identity.member('enterprise');
  }

  /** A registered account's credentials (not logged in). */
  strangerAccount(): Promise<{ email: string }> {
    return this.once('stranger-account', async () => ({ email: (await this.identity.register('enterprise')).email }));
  }

  async invitationToken(): Promise<string> {
    const invitation = await this.must('post', '/organisations/me/invitations', this.sessions.institute, { email: uniqueEmail('invitee'), displayName: '李四' }, 201);
    return invitation.token;
  }

  /** A new organisation: pending, verified or suspended. */
  async organisationIn(status: 'pending' | 'verified' | 'suspended'): Promise<string> {
    const { organisation } = await this.identity.register('enterprise');
    if (status !== 'pending') await this.must('post', `/admin/organisations/${organisation.id}/verify`, this.operator, {}, 200);
    if (status === 'suspended') await this.must('post', `/admin/organisations/${organisation.id}/suspend`, this.operator, { reason: '资质材料存疑，暂停核查' }, 200);
    return organisation.id;
  }

  qualificationBody() {
    return { type: 'secrecy', number: `BM-${randomUUID().slice(0, 8)}`, grade: '二级', issuer: '国家保密局', validFrom: '2024-01-01', validUntil: '2035-12-31' };
  }

  /** A qualification submitted by the owner organisation (not yet reviewed). */
  async qualification(owner: Owner): Promise<string> {
    return (await this.must('post', '/organisations/me/qualifications', this.admin(owner), this.qualificationBody(), 201)).id;
  }

  // ─── Listings ─────────────────────────────────────────────────────────────────────────────────

  async listing(owner: Owner, status: ListingState, overrides: Json = {}): Promise<Json> {
    const seller = this.admin(owner);
    const listing = await this.listings.draft(seller, { ...LISTING, ...overrides });
    if (status === 'draft') return listing;
    await this.must('post', `/listings/${listing.id}/submit`, seller, {}, 200);
    if (status === 'pending_review') return listing;
    if (status === 'rejected') {
      await this.must('post', `/admin/listings/${listing.id}/reject`, this.operator, { reason: '解密批件与成果内容不符' }, 200);
      return listing;
    }
    await this.must('post', `/admin/listings/${listing.id}/approve`, this.operator, {}, 200);
    if (status === 'suspended') await this.must('post', `/admin/listings/${listing.id}/suspend`, this.operator, { reason: '收到权属争议投诉' }, 200);
    if (status === 'withdrawn') await this.must('post', `/listings/${listing.id}/withdraw`, seller, { reason: '已与合作方另行签约' }, 200);
    return listing;
  }

  /** One listing of the owner per state, shared by the rows that only read it. */
  sharedListing(owner: Owner, status: ListingState): Promise<Json> {
    return this.once(`listing:${owner}:${status}`, () => this.listing(owner, status));
  }

  /**
   * A published listing with a dossier, and the other organisation of the owner's kind in a given
   * relation to it: none, NDA accepted, or NDA accepted and access granted by the owner.
   */
  async dossierListing(owner: Owner, relation: 'none' | 'nda' | 'granted'): Promise<Json> {
    const listing = await this.listing(owner, 'published');
    await this.must('put', `/listings/${listing.id}/dossier`, this.admin(owner), { content: '试验台图纸与工艺参数 (restricted)' }, 200);
    if (relation !== 'none') await this.must('post', `/listings/${listing.id}/nda`, this.other(owner), {}, 200);
    if (relation === 'granted') await this.must('post', `/listings/${listing.id}/dossier-grants`, this.admin(owner), { organisationId: this.other(owner).organisationId }, 200);
    return listing;
  }

  // ─── Auctions ─────────────────────────────────────────────────────────────────────────────────

  /** An auction on a new published listing of the owner: English with a reserve, or sealed first price. */
  async auction(owner: Owner = 'IA', type: 'english' | 'sealed' = 'english'): Promise<Json> {
    const listing = await this.listing(owner, 'published');
    const body =
      type === 'english'
        ? englishAuctionBody(listing.id, { reservePrice: '1100000.00' })
        : englishAuctionBody(listing.id, { type: 'sealed_first_price', increment: undefined, softClose: null });
    return this.auctions.create(this.admin(owner), body);
  }

  /** An auction of institute A for which enterprise A registered (and, if asked, bid). */
  async auctionWithBidder(type: 'english' | 'sealed', bid: boolean): Promise<Json> {
    const auction = await this.auction('IA', type);
    await this.must('post', `/auctions/${auction.id}/registrations`, this.sessions.enterprise, {}, 200);
    if (bid) {
      const response = await this.auctions.bid(this.sessions.enterprise, auction.id, '1000000.00');
      if (response.status !== 200) throw new Error(`fixture bid answered ${response.status} ${JSON.stringify(response.body)}`);
    }
    return auction;
  }

  // ─── Interests, negotiations, trades (seller institute A, buyer enterprise A) ─────────────────

  /** A pending interest of enterprise A in a new published listing of institute A. */
  async interest(): Promise<Json> {
    const listing = await this.listing('IA', 'published');
    return this.must('post', '/interests', this.sessions.enterprise, { listingId: listing.id, message: '我司希望就该成果的许可条件进一步洽谈。' }, 201);
  }

  /** An open negotiation thread on `listingId` (default: a new listing) with an open offer from the buyer. */
  async thread(listingId?: string): Promise<{ negotiationId: string; offerId: string; listingId: string }> {
    const listing = listingId ?? (await this.listing('IA', 'published')).id;
    const interest = await this.must('post', '/interests', this.sessions.enterprise, { listingId: listing, message: '我司希望就该成果的许可条件进一步洽谈。' }, 201);
    const accepted = await this.must('post', `/interests/${interest.id}/accept`, this.sessions.institute, { message: '欢迎洽谈。' }, 200);
    const negotiationId: string = accepted.negotiationId;
    const offered = await this.must('post', `/negotiations/${negotiationId}/offers`, this.sessions.enterprise, { amount: TRADE_AMOUNT, transactionMode: 'non_exclusive_licence' }, 201);
    return { negotiationId, offerId: offered.currentOffer.id, listingId: listing };
  }

  /**
   * A trade of institute A (seller) with enterprise A (buyer), agreed in a negotiation on one shared
   * listing licensed non-exclusively (so it stays published), taken to `stage`.
   */
  async trade(stage: 'pending' | 'terms' | 'signed' | 'paid' | 'disputed'): Promise<{ id: string; termsVersion: number }> {
    const shared = await this.once('trade-listing', () => this.listing('IA', 'published'));
    const { negotiationId, offerId } = await this.thread(shared.id);
    const agreed = await this.must('post', `/negotiations/${negotiationId}/offers/${offerId}/accept`, this.sessions.institute, {}, 200);
    const tradeId: string = agreed.tradeId ?? (await this.loop.eventuallyTrade(this.sessions.institute, negotiationId)).tradeId;
    if (stage === 'pending') return { id: tradeId, termsVersion: 0 };
    const terms = { scope: '非独占许可，含技术资料与培训 / non-exclusive licence with know-how', effectiveDate: '2027-01-01', expiryDate: null };
    const proposed = await this.must('put', `/trades/${tradeId}/contract`, this.sessions.institute, terms, 200);
    const termsVersion: number = proposed.contract.termsVersion;
    if (stage === 'terms') return { id: tradeId, termsVersion };
    await this.must('post', `/trades/${tradeId}/signatures`, this.sessions.institute, { termsVersion }, 200);
    const signed = await this.must('post', `/trades/${tradeId}/signatures`, this.sessions.enterprise, { termsVersion }, 200);
    if (stage === 'paid') {
      await this.must('post', `/admin/trades/${tradeId}/payments`, this.operator, { amount: signed.outstanding, reference: `BANK-${randomUUID()}` }, 200);
    }
    if (stage === 'disputed') await this.must('post', `/trades/${tradeId}/disputes`, this.sessions.enterprise, { reason: '交付的技术资料不完整' }, 200);
    return { id: tradeId, termsVersion };
  }

  // ─── Evaluations ──────────────────────────────────────────────────────────────────────────────

  get panel(): Session[] {
    return [this.sessions.expert, ...this.fillers];
  }

  /** An evaluation requested by the owner of a new draft listing. */
  async evaluation(owner: Owner): Promise<Json> {
    const listing = await this.listing(owner, 'draft');
    return this.must('post', '/evaluations', this.admin(owner), { listingId: listing.id }, 201);
  }

  /** An evaluation of the owner in review by the panel: its id and the id of `expert`'s assignment. */
  async inReview(owner: Owner = 'IA'): Promise<{ evaluationId: string; assignmentId: string }> {
    const evaluation = await this.evaluation(owner);
    await this.must('post', `/admin/evaluations/${evaluation.id}/panel`, this.operator, { expertIds: this.panel.map((e) => e.userId), deadline: inHours(72) }, 200);
    const assignment = await this.evaluations.assignmentOf(this.sessions.expert, evaluation.id);
    return { evaluationId: evaluation.id, assignmentId: assignment.id };
  }

  /** An evaluation whose panel disagreed beyond the threshold: flagged for the operator. */
  async flagged(): Promise<string> {
    const { evaluationId } = await this.inReview();
    await this.evaluations.reviewedBy(this.panel, evaluationId, [reviewBody(90), reviewBody(90), reviewBody(40)]);
    const view = await this.must('get', `/evaluations/${evaluationId}`, this.operator, undefined, 200);
    if (view.status !== 'flagged') throw new Error(`fixture evaluation is ${view.status}, not flagged`);
    return evaluationId;
  }

  // ─── Demands ──────────────────────────────────────────────────────────────────────────────────

  async demand(owner: Owner, status: 'open' | 'hidden' | 'closed' = 'open', visibility: 'public' | 'registered' = 'public'): Promise<Json> {
    const demand = await this.must('post', '/demands', this.admin(owner), demandBody({ direction: 'civ_to_mil', visibility }), 201);
    if (status === 'hidden') await this.must('post', `/admin/demands/${demand.id}/hide`, this.operator, { reason: '需求内容含未公开的装备指标' }, 200);
    if (status === 'closed') await this.must('post', `/demands/${demand.id}/close`, this.admin(owner), { reason: '已找到供方' }, 200);
    return demand;
  }

  sharedDemand(owner: Owner, status: 'open' | 'hidden' | 'closed', visibility: 'public' | 'registered' = 'public'): Promise<Json> {
    return this.once(`demand:${owner}:${status}:${visibility}`, () => this.demand(owner, status, visibility));
  }

  /** Demands of institute A in the search index: one registered-only (waited for), one hidden, one closed. */
  searchableDemands(): Promise<{ registered: string; hidden: string; closed: string }> {
    return this.once('searchable-demands', async () => {
      const hidden = (await this.sharedDemand('IA', 'hidden')).id;
      const closed = (await this.sharedDemand('IA', 'closed')).id;
      const registered = (await this.sharedDemand('IA', 'open', 'registered')).id;
      await until(
        async () => (await this.call('get', '/demands?pageSize=100', this.sessions.institute)).body,
        (result: { hits?: { id: string }[] }) => (result.hits ?? []).some((d) => d.id === registered),
        20_000,
      );
      return { registered, hidden, closed };
    });
  }

  // ─── Notifications ────────────────────────────────────────────────────────────────────────────

  /**
   * A notification in the inbox of `who`: institute A's admin is told of an interest in its listing,
   * enterprise A's of the answer, the expert of an assignment (delivered by the worker).
   */
  notificationOf(who: 'institute' | 'enterprise' | 'expert'): Promise<string> {
    return this.once(`notification:${who}`, async () => {
      if (who === 'expert') await this.inReview();
      else await this.thread();
      const session = this.sessions[who];
      const page = await until(
        async () => (await this.call('get', '/notifications?pageSize=1', session)).body,
        (p: { items?: unknown[] }) => (p.items?.length ?? 0) > 0,
        20_000,
      );
      return (page.items as { id: string }[])[0].id;
    });
  }
}

export { PASSWORD };
