import { randomUUID } from 'node:crypto';
import request, { Response } from 'supertest';
import { withTestDatabase } from '../support/database';
import { EvaluationApi, inHours, reviewBody } from '../support/evaluation';
import { Session } from '../support/identity';
import { Scenario, startScenario } from '../support/scenario';
import { TradesApi } from '../support/trades';
import { englishAuctionBody } from '../support/auctions';

/**
 * Evaluation through the gateway: a request, a panel of experts with conflict-of-interest checks,
 * final reviews, the consensus (published, or flagged for an operator), deadlines with reminders
 * from the worker, and the published result on the listing and in the catalogue.
 *
 * Expected scores are worked by hand with the weights 25/20/20/20/15 (docs/evaluation.md).
 */

function expectError(response: Response, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
}

const count = (sql: string, params: unknown[] = []) => withTestDatabase(async (db) => Number((await db.query(sql, params)).rows[0].count));
const auditActions = (evaluationId: string) =>
  withTestDatabase(async (db) => (await db.query(`SELECT action FROM audit.entries WHERE entity_id = $1 ORDER BY seq`, [evaluationId])).rows.map((r) => r.action as string));

describe('evaluation', () => {
  let { system, identity, listings, auctions, operator } = {} as Scenario;
  let evaluations: EvaluationApi;
  let trades: TradesApi;
  let owner: Session;
  let panel: Session[];

  const api = (path: string) => `/api/v1${path}`;
  const get = (path: string, session?: Session) => {
    const test = request(system.http).get(api(path));
    return session ? test.set(session.auth) : test;
  };
  const post = (path: string, session?: Session) => {
    const test = request(system.http).post(api(path));
    return session ? test.set(session.auth) : test;
  };

  beforeAll(async () => {
    ({ system, identity, listings, auctions, operator } = await startScenario(['identity', 'listings', 'auction', 'evaluation', 'matching', 'worker']));
    evaluations = new EvaluationApi(system);
    trades = new TradesApi(system);
    owner = await identity.verifiedMember(operator, 'institute');
    panel = await evaluations.experts(operator, 3);
  });
  afterAll(() => system?.stop());

  it('takes a published listing from request to a published grade, found through the catalogue filter', async () => {
    const notices = await evaluations.notifications();
    const listing = await listings.published(owner, operator, { title: '脉冲风洞测力天平评估样例' });
    const requested = await evaluations.requested(owner, listing.id);
    expect(requested).toMatchObject({ listingId: listing.id, status: 'requested', round: 1, requestedBy: 'owner', panel: [], result: null });

    const assigned = await evaluations.assigned(operator, requested.id, panel);
    expect(assigned.status).toBe('in_review');
    expect(assigned.panel.map((m: { alias: string; expert: { id: string } }) => [m.alias, m.expert.id])).toEqual([
      ['专家 01', panel[0].userId],
      ['专家 02', panel[1].userId],
      ['专家 03', panel[2].userId],
    ]);

    // Each expert sees only their own assignment, with what they evaluate.
    const first = await evaluations.assignmentOf(panel[0], requested.id);
    const detail = (await get(`/assignments/${first.id}`, panel[0]).expect(200)).body;
    expect(detail).toMatchObject({ alias: '专家 01', status: 'assigned', review: null, listing: { id: listing.id, title: listing.title, description: listing.description } });
    expect(JSON.stringify(detail)).not.toContain(panel[1].userId);

    /*
     * E1: 80 70 75 60 90 → 7450; E2: 85 75 70 65 85 → 7600; E3: 78 72 80 70 88 → 7710
     * mean 75.87 → 75.9, grade B; SD 1.07; valuations [1.0M,1.5M] [1.2M,1.8M] [0.9M,1.4M] → 1.0M–1.5M
     */
    await evaluations.reviewedBy(panel, requested.id, [
      reviewBody({ technicalAdvancement: 80, maturity: 70, ipStrength: 75, marketProspect: 60, dualUseValue: 90 }),
      reviewBody({ technicalAdvancement: 85, maturity: 75, ipStrength: 70, marketProspect: 65, dualUseValue: 85 }, { low: '1200000.00', high: '1800000.00' }),
      reviewBody({ technicalAdvancement: 78, maturity: 72, ipStrength: 80, marketProspect: 70, dualUseValue: 88 }, { low: '900000.00', high: '1400000.00' }),
    ]);

    const asOperator = (await evaluations.get(operator, requested.id).expect(200)).body;
    expect(asOperator).toMatchObject({
      status: 'published',
      progress: { panelSize: 3, submitted: 3 },
      result: { score: 75.9, grade: 'B', valuationLow: '1000000.00', valuationHigh: '1500000.00', dispersion: 1.07, dispersionThreshold: 15, flagged: false, experts: 3 },
    });
    expect(asOperator.reviews.map((r: { alias: string; expert: { id: string }; weightedScore: number }) => [r.alias, r.expert.id, r.weightedScore])).toEqual([
      ['专家 01', panel[0].userId, 74.5],
      ['专家 02', panel[1].userId, 76],
      ['专家 03', panel[2].userId, 77.1],
    ]);

    // The owner reads the reviews without names.
    const asOwner = (await evaluations.get(owner, requested.id).expect(200)).body;
    expect(asOwner.result).toMatchObject({ score: 75.9, grade: 'B' });
    expect(asOwner.reviews.map((r: { alias: string }) => r.alias)).toEqual(['专家 01', '专家 02', '专家 03']);
    for (const expert of panel) {
      expect(JSON.stringify(asOwner)).not.toContain(expert.userId);
      expect(JSON.stringify(asOwner)).not.toContain(expert.email);
    }
    expect(JSON.stringify(asOwner)).not.toContain('专家1号');

    // The public: the summary on the listing and in the catalogue, and nothing about the experts.
    const summary = { grade: 'B', score: 75.9, valuationLow: '1000000.00', valuationHigh: '1500000.00', experts: 3, evaluatedAt: asOperator.publishedAt };
    const anonymous = await listings.eventually(
      () => get(`/listings/${listing.id}`).then((r) => r.body),
      (l) => l.evaluation !== null,
    );
    expect(anonymous.evaluation).toEqual(summary);
    const found = await listings.eventually(
      () => listings.search({ hasEvaluation: true, q: '脉冲风洞测力天平评估样例' }),
      (r) => r.hits.some((h: { listing: { id: string } }) => h.listing.id === listing.id),
    );
    expect(found.hits.find((h: { listing: { id: string } }) => h.listing.id === listing.id).listing.evaluation).toEqual(summary);
    const withoutEvaluation = await listings.search({ hasEvaluation: false, q: '脉冲风洞测力天平评估样例' });
    expect(withoutEvaluation.hits.map((h: { listing: { id: string } }) => h.listing.id)).not.toContain(listing.id);
    const ids = (r: { hits: { listing: { id: string } }[] }) => r.hits.map((h) => h.listing.id);
    expect(ids(await listings.search({ grade: ['B'], q: '脉冲风洞测力天平评估样例' }))).toContain(listing.id);
    expect(ids(await listings.search({ grade: ['A', 'C'], q: '脉冲风洞测力天平评估样例' }))).not.toContain(listing.id);
    expect((await listings.search({ q: '脉冲风洞测力天平评估样例' })).facets.evaluationGrade).toMatchObject({ B: 1 });
    for (const expert of panel) expect(JSON.stringify([anonymous, found])).not.toContain(expert.userId);

    expect(await auditActions(requested.id)).toEqual([
      'evaluation.requested',
      'evaluation.panel_assigned',
      'evaluation.assignment_viewed',
      'evaluation.review_submitted',
      'evaluation.review_submitted',
      'evaluation.review_submitted',
      'evaluation.published',
    ]);
    expect(await count(`SELECT count(*) FROM audit.entries WHERE entity_id = $1 AND action = 'listing.evaluation_recorded'`, [listing.id])).toBe(1);
    expect((await notices.requests()).filter((n) => n.subject.id === requested.id).map((n) => [n.kind, n.recipientUserIds, n.recipientOrganisationIds])).toEqual([
      ['evaluation.assigned', [panel[0].userId], []],
      ['evaluation.assigned', [panel[1].userId], []],
      ['evaluation.assigned', [panel[2].userId], []],
      ['evaluation.published', [], [owner.organisationId]],
    ]);
  });
  describe('conflicts of interest', () => {
    /** A published listing of `owner` with an open evaluation, and two experts without conflicts. */
    async function requestedEvaluation() {
      const listing = await listings.published(owner, operator);
      const evaluation = await evaluations.requested(owner, listing.id);
      return { listing, evaluation, fine: panel.slice(0, 2) };
    }

    /** The refusal names the expert and the reason; the evaluation is untouched. */
    async function expectConflict(evaluationId: string, experts: Session[], conflicted: Session, reason: string, message: string) {
      const refused = await evaluations.assign(operator, evaluationId, experts);
      expectError(refused, 422, 'EVALUATION.CONFLICT_OF_INTEREST');
      expect(refused.body.error.fields).toEqual([{ field: 'expertIds', messages: [`${conflicted.userId}: ${message}`] }]);
      expect(refused.body.error.details).toEqual({ conflicts: [{ expertId: conflicted.userId, reason, message }] });
      expect(refused.body.error.message).toContain(message);
      const after = (await evaluations.get(operator, evaluationId).expect(200)).body;
      expect({ status: after.status, panel: after.panel }).toEqual({ status: 'requested', panel: [] });
      expect(await count(`SELECT count(*) FROM evaluation.assignments WHERE evaluation_id = $1`, [evaluationId])).toBe(0);
      expect(await auditActions(evaluationId)).toEqual(['evaluation.requested']);
    }

    it('refuses an expert from the listing’s own organisation', async () => {
      const { evaluation, fine } = await requestedEvaluation();
      const colleague = await evaluations.expert(operator, ['aerodynamics'], owner.organisationId!);
      await expectConflict(evaluation.id, [...fine, colleague], colleague, 'listing_organisation', 'the expert belongs to the listing’s organisation');
    });

    it('refuses an expert from an organisation registered for the listing’s auction', async () => {
      const { listing, evaluation, fine } = await requestedEvaluation();
      const auction = await auctions.create(owner, englishAuctionBody(listing.id));
      const bidder = await identity.verifiedMember(operator, 'enterprise');
      await auctions.registered(operator, bidder, auction.id);
      const fromBidder = await evaluations.expert(operator, ['aerodynamics'], bidder.organisationId!);
      await expectConflict(
        evaluation.id,
        [...fine, fromBidder],
        fromBidder,
        'auction_or_trade',
        'the expert’s organisation registered for an auction of this listing or is party to a trade of it',
      );
    });

    it('refuses an expert from an organisation party to a trade of the listing', async () => {
      const listing = await listings.published(owner, operator);
      const buyer = await identity.verifiedMember(operator, 'enterprise');
      await trades.openNegotiated({ listingId: listing.id, seller: owner, buyer, amount: '800000.00', transactionMode: 'non_exclusive_licence' });
      const evaluation = await evaluations.requested(owner, listing.id);
      const fromBuyer = await evaluations.expert(operator, ['aerodynamics'], buyer.organisationId!);
      await expectConflict(
        evaluation.id,
        [...panel.slice(0, 2), fromBuyer],
        fromBuyer,
        'auction_or_trade',
        'the expert’s organisation registered for an auction of this listing or is party to a trade of it',
      );
    });

    /** `suitor` tells the owner it is interested in the listing, through matching. */
    async function interestIn(listingId: string, suitor: Session): Promise<string> {
      const created = await post('/interests', suitor).send({ listingId, message: '我司拟将该技术用于民用风洞测试，希望洽谈许可条件。' });
      expect({ status: created.status, error: created.body.error }).toEqual({ status: 201, error: undefined });
      return created.body.id;
    }

    it('refuses an expert from an organisation that expressed interest in the listing', async () => {
      const { listing, evaluation, fine } = await requestedEvaluation();
      const suitor = await identity.verifiedMember(operator, 'enterprise');
      await interestIn(listing.id, suitor);
      const fromSuitor = await evaluations.expert(operator, ['aerodynamics'], suitor.organisationId!);
      await expectConflict(
        evaluation.id,
        [...fine, fromSuitor],
        fromSuitor,
        'interest_or_negotiation',
        'the expert’s organisation expressed interest in this listing or negotiated for it',
      );
    });

    it('refuses an expert from an organisation negotiating for the listing, even after it withdrew an earlier interest', async () => {
      const { listing, evaluation, fine } = await requestedEvaluation();
      const negotiator = await identity.verifiedMember(operator, 'enterprise');
      const interestId = await interestIn(listing.id, negotiator);
      await post(`/interests/${interestId}/accept`, owner).send({}).expect(200);
      const fromNegotiator = await evaluations.expert(operator, ['aerodynamics'], negotiator.organisationId!);
      await expectConflict(
        evaluation.id,
        [...fine, fromNegotiator],
        fromNegotiator,
        'interest_or_negotiation',
        'the expert’s organisation expressed interest in this listing or negotiated for it',
      );
      const withdrawer = await identity.verifiedMember(operator, 'enterprise');
      await post(`/interests/${await interestIn(listing.id, withdrawer)}/withdraw`, withdrawer).send({}).expect(200);
      const fromWithdrawer = await evaluations.expert(operator, ['aerodynamics'], withdrawer.organisationId!);
      await expectConflict(
        evaluation.id,
        [...fine, fromWithdrawer],
        fromWithdrawer,
        'interest_or_negotiation',
        'the expert’s organisation expressed interest in this listing or negotiated for it',
      );
    });

    it('names every conflicted expert at once, with each reason', async () => {
      const { listing, evaluation } = await requestedEvaluation();
      const suitor = await identity.verifiedMember(operator, 'enterprise');
      await interestIn(listing.id, suitor);
      const colleague = await evaluations.expert(operator, ['aerodynamics'], owner.organisationId!);
      const fromSuitor = await evaluations.expert(operator, ['aerodynamics'], suitor.organisationId!);
      const refused = await evaluations.assign(operator, evaluation.id, [panel[0], colleague, fromSuitor]);
      expectError(refused, 422, 'EVALUATION.CONFLICT_OF_INTEREST');
      expect(refused.body.error.fields[0].messages).toEqual([
        `${colleague.userId}: the expert belongs to the listing’s organisation`,
        `${fromSuitor.userId}: the expert’s organisation expressed interest in this listing or negotiated for it`,
      ]);
    });

    it('refuses experts of another field, ids that are no expert, and panels under three', async () => {
      const { evaluation, fine } = await requestedEvaluation();
      const biologist = await evaluations.expert(operator, ['biomedicine']);
      const outside = await evaluations.assign(operator, evaluation.id, [...fine, biologist]);
      expectError(outside, 422, 'EVALUATION.EXPERT_FIELD_MISMATCH');
      expect(outside.body.error.fields).toEqual([{ field: 'expertIds', messages: [`${biologist.userId} does not work in aerodynamics`] }]);
      const stranger = { ...fine[0], userId: owner.userId };
      const unknown = await evaluations.assign(operator, evaluation.id, [...fine, stranger]);
      expectError(unknown, 400, 'EVALUATION.NOT_AN_EXPERT');
      expect(unknown.body.error.fields).toEqual([{ field: 'expertIds', messages: [`${owner.userId} is not an expert of the pool`] }]);
      const small = await evaluations.assign(operator, evaluation.id, fine);
      expectError(small, 400, 'REQUEST.INVALID');
      expect(small.body.error.fields).toEqual([{ field: 'expertIds', messages: ['expertIds must name at least 3 experts'] }]);
      expect(await count(`SELECT count(*) FROM evaluation.assignments WHERE evaluation_id = $1`, [evaluation.id])).toBe(0);
    });
  });

  describe('who sees and does what', () => {
    let evaluationId: string;
    let assignmentOf: Record<string, string>;
    beforeAll(async () => {
      const listing = await listings.published(owner, operator);
      evaluationId = (await evaluations.requested(owner, listing.id)).id;
      await evaluations.assigned(operator, evaluationId, panel);
      assignmentOf = {};
      for (const expert of panel) assignmentOf[expert.userId] = (await evaluations.assignmentOf(expert, evaluationId)).id;
    });

    it('an expert cannot see or score another expert’s assignment, nor read the evaluation', async () => {
      const [a, b] = panel;
      const theirs = assignmentOf[b.userId];
      expectError(await get(`/assignments/${theirs}`, a), 404, 'ASSIGNMENT.NOT_FOUND');
      expectError(await evaluations.review(a, theirs), 404, 'ASSIGNMENT.NOT_FOUND');
      expectError(await get(`/assignments/${theirs}/comparables`, a), 404, 'ASSIGNMENT.NOT_FOUND');
      expectError(await get(`/assignments/${randomUUID()}`, a), 404, 'ASSIGNMENT.NOT_FOUND');
      const mine = (await get('/assignments?pageSize=100', a).expect(200)).body;
      expect(mine.items.map((i: { id: string }) => i.id)).toContain(assignmentOf[a.userId]);
      expect(mine.items.map((i: { id: string }) => i.id)).not.toContain(theirs);
      expectError(await evaluations.get(a, evaluationId), 403, 'AUTH.FORBIDDEN');
      expectError(await get('/evaluations', a), 403, 'AUTH.FORBIDDEN');
      expect(await count(`SELECT count(*) FROM evaluation.reviews WHERE assignment_id = $1`, [theirs])).toBe(0);
    });

    it('another organisation cannot see the evaluation or request one for the listing; members cannot assign or confirm', async () => {
      const other = await identity.verifiedMember(operator, 'institute');
      expectError(await evaluations.get(other, evaluationId), 404, 'EVALUATION.NOT_FOUND');
      expect((await get('/evaluations', other).expect(200)).body.items).toEqual([]);
      const listing = await listings.published(owner, operator);
      expectError(await evaluations.request(other, listing.id), 404, 'LISTING.NOT_FOUND');
      expectError(await evaluations.assign(owner, evaluationId, panel), 403, 'AUTH.FORBIDDEN');
      expectError(await post(`/admin/evaluations/${evaluationId}/confirm`, owner).send({}), 403, 'AUTH.FORBIDDEN');
      expectError(await post(`/assignments/${assignmentOf[panel[0].userId]}/review`, owner).send(reviewBody()), 403, 'AUTH.FORBIDDEN');
      expectError(await get('/evaluations'), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('the owner sees the panel by alias while it works, and no result or review before publication', async () => {
      const seen = (await evaluations.get(owner, evaluationId).expect(200)).body;
      expect(seen.panel.map((m: { alias: string; status: string }) => [m.alias, m.status])).toEqual([
        ['专家 01', 'assigned'],
        ['专家 02', 'assigned'],
        ['专家 03', 'assigned'],
      ]);
      expect(seen.panel.every((m: Record<string, unknown>) => !('expert' in m))).toBe(true);
      expect({ result: seen.result, reviews: seen.reviews }).toEqual({ result: null, reviews: [] });
    });

    it('a second submission is refused: submissions are final, and the database keeps them so', async () => {
      const expert = panel[0];
      const assignmentId = assignmentOf[expert.userId];
      const first = await evaluations.review(expert, assignmentId, reviewBody(70));
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'submitted', review: { weightedScore: 70, alias: '专家 01' } });
      const again = await evaluations.review(expert, assignmentId, reviewBody(95));
      expectError(again, 409, 'REVIEW.ALREADY_SUBMITTED');
      expect(await count(`SELECT count(*) FROM evaluation.reviews WHERE assignment_id = $1`, [assignmentId])).toBe(1);
      expect((await get(`/assignments/${assignmentId}`, expert).expect(200)).body.review.weightedScore).toBe(70);
      await expect(withTestDatabase((db) => db.query(`UPDATE evaluation.reviews SET maturity = 100 WHERE assignment_id = $1`, [assignmentId]))).rejects.toThrow(/reviews are final/);
      await expect(withTestDatabase((db) => db.query(`DELETE FROM evaluation.reviews WHERE assignment_id = $1`, [assignmentId]))).rejects.toThrow(/reviews are final/);
    });

    it('an operator cannot replace an expert before the deadline', async () => {
      const refused = await post(`/admin/evaluations/${evaluationId}/assignments/${assignmentOf[panel[1].userId]}/replace`, operator).send({
        expertId: (await evaluations.expert(operator)).userId,
        deadline: inHours(24),
      });
      expectError(refused, 422, 'ASSIGNMENT.DEADLINE_NOT_PASSED');
    });

    it('one open evaluation per listing', async () => {
      const listing = await listings.published(owner, operator);
      await evaluations.requested(owner, listing.id);
      const again = await evaluations.request(operator, listing.id);
      expectError(again, 409, 'EVALUATION.ALREADY_OPEN');
      expect(again.body.error.fields).toEqual([{ field: 'listingId', messages: ['the listing already has an open evaluation'] }]);
    });
  });

  describe('a panel that disagrees', () => {
    /** Two experts at 90, one at 40: SD 23.57 > 15 (docs/evaluation.md). */
    async function flaggedEvaluation() {
      const listing = await listings.published(owner, operator);
      const evaluation = await evaluations.requested(owner, listing.id);
      await evaluations.assigned(operator, evaluation.id, panel);
      const notices = await evaluations.notifications();
      await evaluations.reviewedBy(panel, evaluation.id, [reviewBody(90), reviewBody(90), reviewBody(40)]);
      return { listing, evaluation, notices: await notices.requests() };
    }

    it('goes to the operator instead of being published; confirmed, it is published', async () => {
      const { listing, evaluation, notices } = await flaggedEvaluation();
      const flagged = (await evaluations.get(operator, evaluation.id).expect(200)).body;
      expect(flagged).toMatchObject({ status: 'flagged', result: { score: 73.3, grade: 'B', dispersion: 23.57, flagged: true }, publishedAt: null });
      expect(notices.filter((n) => n.kind === 'evaluation.flagged').map((n) => n.recipientUserIds)).toEqual([[operator.userId]]);
      const byOwner = (await evaluations.get(owner, evaluation.id).expect(200)).body;
      expect({ status: byOwner.status, result: byOwner.result, reviews: byOwner.reviews }).toEqual({ status: 'flagged', result: null, reviews: [] });
      expect((await get(`/listings/${listing.id}`).expect(200)).body.evaluation).toBeNull();

      const confirmed = (await post(`/admin/evaluations/${evaluation.id}/confirm`, operator).send({ reason: '差异源于市场前景判断，已复核' }).expect(200)).body;
      expect(confirmed).toMatchObject({ status: 'published', result: { grade: 'B', flagged: true } });
      const shown = await listings.eventually(
        () => get(`/listings/${listing.id}`).then((r) => r.body),
        (l) => l.evaluation !== null,
      );
      expect(shown.evaluation).toMatchObject({ grade: 'B', score: 73.3, experts: 3 });
      expect((await auditActions(evaluation.id)).slice(-2)).toEqual(['evaluation.flagged', 'evaluation.confirmed']);
    });

    it('sent back with a reason, it gets a new panel in a new round, and only that round counts', async () => {
      const { listing, evaluation } = await flaggedEvaluation();
      expectError(await post(`/admin/evaluations/${evaluation.id}/send-back`, operator).send({}), 400, 'EVALUATION.REASON_REQUIRED');
      const sentBack = (await post(`/admin/evaluations/${evaluation.id}/send-back`, operator).send({ reason: '评分分歧过大，重新组织评审' }).expect(200)).body;
      expect(sentBack).toMatchObject({ status: 'requested', round: 2, statusReason: '评分分歧过大，重新组织评审', result: null, panel: [] });

      const second = await evaluations.experts(operator, 2);
      const newPanel = [panel[0], ...second];
      const assigned = await evaluations.assigned(operator, evaluation.id, newPanel);
      expect(assigned.panel.map((m: { alias: string }) => m.alias)).toEqual(['专家 04', '专家 05', '专家 06']);
      await evaluations.reviewedBy(newPanel, evaluation.id, [reviewBody(60), reviewBody(62), reviewBody(64)]);
      const done = (await evaluations.get(operator, evaluation.id).expect(200)).body;
      expect(done).toMatchObject({ status: 'published', round: 2, result: { score: 62, grade: 'C', experts: 3 } });
      expect(done.reviews.map((r: { round: number }) => r.round)).toEqual([1, 1, 1, 2, 2, 2]);
      const byOwner = (await evaluations.get(owner, evaluation.id).expect(200)).body;
      expect(byOwner.reviews.map((r: { alias: string }) => r.alias)).toEqual(['专家 04', '专家 05', '专家 06']);
      await listings.eventually(
        () => get(`/listings/${listing.id}`).then((r) => r.body),
        (l) => l.evaluation?.grade === 'C',
      );
    });
  });

  it('reminds experts before the deadline, flags a missed one at it, and lets the operator replace them', async () => {
    const listing = await listings.published(owner, operator);
    const evaluation = await evaluations.requested(owner, listing.id);
    const notices = await evaluations.notifications();
    // A deadline 4 s away: the reminder comes halfway (the 24 h lead does not fit), the missed flag at 4 s.
    await evaluations.assigned(operator, evaluation.id, panel, new Date(Date.now() + 4000).toISOString());
    await evaluations.reviewedBy(panel.slice(0, 2), evaluation.id);
    const late = panel[2];
    const lateAssignment = await evaluations.assignmentOf(late, evaluation.id);

    const missed = await listings.eventually(
      () => evaluations.get(operator, evaluation.id).then((r) => r.body),
      (e) => e.panel.some((m: { missed: boolean }) => m.missed),
      15_000,
    );
    const member = missed.panel.find((m: { assignmentId: string }) => m.assignmentId === lateAssignment.id);
    expect(member).toMatchObject({ status: 'assigned', missed: true, remindedAt: expect.any(String) });
    expect(missed.panel.filter((m: { missed: boolean }) => m.missed)).toHaveLength(1);
    await listings.eventually(
      async () => (await notices.requests()).filter((n) => n.subject.id === evaluation.id).map((n) => n.kind),
      (kinds) => kinds.includes('evaluation.deadline_missed'),
    );
    const received = await notices.requests();
    const about = (kind: string) => received.filter((n) => n.subject.id === evaluation.id && n.kind === kind);
    expect(about('evaluation.reminder').map((n) => n.recipientUserIds)).toEqual([[late.userId]]);
    expect(about('evaluation.deadline_missed').map((n) => n.recipientUserIds)).toEqual([[late.userId, operator.userId]]);
    // …and they reach the expert's inbox (kept by matching, filled by the worker).
    const inbox = await listings.eventually(
      () => get('/notifications?pageSize=100', late).then((r) => r.body.items as { kind: string; subject: { id: string } }[]),
      (items) => items.filter((n) => n.subject.id === evaluation.id).length >= 3,
    );
    expect(inbox.filter((n) => n.subject.id === evaluation.id).map((n) => n.kind).sort()).toEqual(['evaluation.assigned', 'evaluation.deadline_missed', 'evaluation.reminder']);

    const stand = await evaluations.expert(operator, ['aerodynamics', 'unmanned_systems'], undefined, '替补专家');
    const replaceBody = { expertId: stand.userId, deadline: inHours(48), reason: '原专家逾期未提交' };
    const colleague = await evaluations.expert(operator, ['aerodynamics'], owner.organisationId!);
    expectError(
      await post(`/admin/evaluations/${evaluation.id}/assignments/${lateAssignment.id}/replace`, operator).send({ ...replaceBody, expertId: colleague.userId }),
      422,
      'EVALUATION.CONFLICT_OF_INTEREST',
    );
    expectError(
      await post(`/admin/evaluations/${evaluation.id}/assignments/${lateAssignment.id}/replace`, operator).send({ ...replaceBody, expertId: panel[0].userId }),
      409,
      'EVALUATION.EXPERT_ALREADY_ON_PANEL',
    );
    const replaced = (await post(`/admin/evaluations/${evaluation.id}/assignments/${lateAssignment.id}/replace`, operator).send(replaceBody).expect(200)).body;
    expect(replaced.panel.map((m: { alias: string; status: string; expert: { id: string } }) => [m.alias, m.status, m.expert.id])).toEqual([
      ['专家 01', 'submitted', panel[0].userId],
      ['专家 02', 'submitted', panel[1].userId],
      ['专家 03', 'replaced', late.userId],
      ['专家 04', 'assigned', stand.userId],
    ]);
    expect(replaced.progress).toEqual({ panelSize: 3, submitted: 2 });

    // The replaced expert's review comes too late; the new expert's completes the panel.
    expectError(await evaluations.review(late, lateAssignment.id), 409, 'ASSIGNMENT.CLOSED');
    await evaluations.reviewedBy([stand], evaluation.id);
    expect((await evaluations.get(operator, evaluation.id).expect(200)).body).toMatchObject({ status: 'published', result: { score: 80, grade: 'B', experts: 3 } });
    expect(await auditActions(evaluation.id)).toEqual(
      expect.arrayContaining(['evaluation.expert_reminded', 'evaluation.deadline_missed', 'evaluation.expert_replaced', 'evaluation.published']),
    );
  });

  describe('valuation support', () => {
    it('shows the expert comparable signed trades in the field and TRL band, never their parties', async () => {
      const seller = await identity.verifiedMember(operator, 'institute');
      const buyer = await identity.verifiedMember(operator, 'enterprise');
      const sold = await listings.published(seller, operator, { field: 'lasers_optics', trl: 5, title: '光纤激光器可比交易' });
      const { tradeId } = await trades.openNegotiated({ listingId: sold.id, seller, buyer, amount: '2350000.00', transactionMode: 'non_exclusive_licence' });
      await trades.signed(seller, buyer, tradeId);

      const listing = await listings.published(owner, operator, { field: 'lasers_optics', trl: 6 });
      const evaluation = await evaluations.requested(owner, listing.id);
      const optics = await evaluations.experts(operator, 3, ['lasers_optics']);
      await evaluations.assigned(operator, evaluation.id, optics);
      const assignment = await evaluations.assignmentOf(optics[0], evaluation.id);

      const band = (await get(`/assignments/${assignment.id}/comparables`, optics[0]).expect(200)).body;
      expect(band).toMatchObject({ field: 'lasers_optics', trlMin: 5, trlMax: 7 });
      expect(band.trades).toContainEqual(
        expect.objectContaining({ tradeId, listingId: sold.id, listingTitle: '光纤激光器可比交易', amount: '2350000.00', trl: 5, source: 'negotiation' }),
      );
      expect(JSON.stringify(band)).not.toContain(buyer.organisationId);
      expect(JSON.stringify(band)).not.toContain(seller.organisationId);
      const narrow = (await get(`/assignments/${assignment.id}/comparables?trlBand=0`, optics[0]).expect(200)).body;
      expect(narrow.trades.map((t: { tradeId: string }) => t.tradeId)).not.toContain(tradeId);

      const review = await evaluations.review(optics[0], assignment.id, reviewBody(75, { method: 'market', low: '2000000.00', high: '2600000.00', comparableTradeIds: [tradeId] }));
      expect(review.status).toBe(201);
      expect(review.body.review.valuation).toMatchObject({ method: 'market', comparableTradeIds: [tradeId], income: null });
    });

    it('computes the income method’s discounted royalties, and keeps the calculation with an income review', async () => {
      // 1,000,000.00 a year for 3 years at 5% royalty, discounted at 10%: 124,342.60 (hand-worked in income.spec.ts).
      const inputs = { revenueForecast: ['1000000.00'], royaltyRate: '5', discountRate: '10', years: 3 };
      const calculated = (await post('/evaluations/income-calculator', panel[0]).send(inputs).expect(200)).body;
      expect(calculated).toEqual({
        presentValue: '124342.60',
        years: [
          { year: 1, revenue: '1000000.00', royalty: '50000.00', discountFactor: '0.909091', presentValue: '45454.55' },
          { year: 2, revenue: '1000000.00', royalty: '50000.00', discountFactor: '0.826446', presentValue: '41322.31' },
          { year: 3, revenue: '1000000.00', royalty: '50000.00', discountFactor: '0.751315', presentValue: '37565.74' },
        ],
        inputs,
      });
      expectError(await post('/evaluations/income-calculator').send(inputs), 401, 'AUTH.UNAUTHENTICATED');

      const listing = await listings.published(owner, operator);
      const evaluation = await evaluations.requested(owner, listing.id);
      await evaluations.assigned(operator, evaluation.id, panel);
      const assignment = await evaluations.assignmentOf(panel[1], evaluation.id);
      const review = await evaluations.review(panel[1], assignment.id, reviewBody(75, { method: 'income', low: '110000.00', high: '140000.00', income: inputs }));
      expect(review.status).toBe(201);
      expect(review.body.review.valuation.income).toEqual(calculated);
    });
  });

  describe('requests and cancellation', () => {
    it('evaluates a draft listing; its grade reaches the catalogue when the listing is published', async () => {
      const draft = await listings.draft(owner, { title: '草稿阶段先评估的成果' });
      const evaluation = await evaluations.requested(owner, draft.id);
      await evaluations.assigned(operator, evaluation.id, panel);
      await evaluations.reviewedBy(panel, evaluation.id, [reviewBody(88), reviewBody(86), reviewBody(90)]);
      const mine = await listings.eventually(
        () => get(`/listings/${draft.id}`, owner).then((r) => r.body),
        (l) => l.evaluation !== null,
      );
      expect(mine).toMatchObject({ status: 'draft', evaluation: { grade: 'A', score: 88, experts: 3 } });
      expect((await listings.search({ q: '草稿阶段先评估的成果' })).hits).toEqual([]);
      await post(`/listings/${draft.id}/submit`, owner).expect(200);
      await post(`/admin/listings/${draft.id}/approve`, operator).expect(200);
      const found = await listings.eventually(
        () => listings.search({ q: '草稿阶段先评估的成果', hasEvaluation: true }),
        (r) => r.hits.length === 1,
      );
      expect(found.hits[0].listing.evaluation).toMatchObject({ grade: 'A', score: 88 });
    });

    it('an operator may request one; the owner withdraws a request before the panel, an operator cancels one under way', async () => {
      const listing = await listings.published(owner, operator);
      const byOperator = await evaluations.requested(operator, listing.id);
      expect(byOperator.requestedBy).toBe('operator');
      expectError(await post(`/evaluations/${byOperator.id}/cancel`, owner).send({}), 400, 'EVALUATION.REASON_REQUIRED');
      const withdrawn = (await post(`/evaluations/${byOperator.id}/cancel`, owner).send({ reason: '暂不需要评估' }).expect(200)).body;
      expect(withdrawn).toMatchObject({ status: 'cancelled', statusReason: '暂不需要评估' });

      const again = await evaluations.requested(owner, listing.id);
      await evaluations.assigned(operator, again.id, panel);
      expectError(await post(`/evaluations/${again.id}/cancel`, owner).send({ reason: '改变主意' }), 409, 'EVALUATION.INVALID_TRANSITION');
      const cancelled = (await post(`/evaluations/${again.id}/cancel`, operator).send({ reason: '成果信息有误' }).expect(200)).body;
      expect(cancelled.panel.map((m: { status: string }) => m.status)).toEqual(['withdrawn', 'withdrawn', 'withdrawn']);
      const assignment = await evaluations.assignmentOf(panel[0], again.id);
      expectError(await evaluations.review(panel[0], assignment.id), 409, 'ASSIGNMENT.CLOSED');
    });

    it('refuses listings that cannot be evaluated', async () => {
      const listing = await listings.published(owner, operator);
      await post(`/listings/${listing.id}/withdraw`, owner).send({ reason: '不再转让' }).expect(200);
      const refused = await evaluations.request(owner, listing.id);
      expectError(refused, 422, 'EVALUATION.LISTING_NOT_EVALUABLE');
      expect(refused.body.error.fields).toEqual([{ field: 'listingId', messages: ['the listing is withdrawn; only draft, pending_review or published listings are evaluated'] }]);
    });
  });
});
