import request from 'supertest';
import { PASSWORD, Session, uniqueEmail } from './identity';
import { watchNotificationOutbox } from './notification-outbox';
import { TestSystem } from './system';

type Body = Record<string, unknown>;

const CRITERIA = ['technicalAdvancement', 'maturity', 'ipStrength', 'marketProspect', 'dualUseValue'] as const;

/**
 * A complete, valid review: every criterion at `score` (or as given) with a comment, and a cost-method
 * valuation of 1,000,000.00–1,500,000.00 yuan. Override what a test is about.
 */
export function reviewBody(scores: number | Partial<Record<(typeof CRITERIA)[number], number>> = 80, valuation: Body = {}) {
  const scoreOf = (criterion: (typeof CRITERIA)[number]) => (typeof scores === 'number' ? scores : (scores[criterion] ?? 80));
  return {
    scores: Object.fromEntries(CRITERIA.map((c) => [c, { score: scoreOf(c), comment: `${c}：依据测试数据与专利文献评定。` }])),
    valuation: { low: '1000000.00', high: '1500000.00', method: 'cost', basis: '重置成本法：研制投入 120 万元，成新率 0.9。', ...valuation },
  };
}

export const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** A small client over the running gateway for evaluation flows. */
export class EvaluationApi {
  constructor(private readonly system: TestSystem) {}

  get http() {
    return this.system.http;
  }

  /** An expert of the pool (invited by the operator, invitation accepted), logged in. */
  async expert(operator: Session, fields: string[] = ['aerodynamics'], organisationId?: string, displayName = '陈教授'): Promise<Session> {
    const email = uniqueEmail('expert');
    const invitation = await request(this.http)
      .post('/api/v1/admin/experts')
      .set(operator.auth)
      .send({ email, displayName, expertiseFields: fields, ...(organisationId ? { organisationId } : {}) })
      .expect(201);
    await request(this.http).post('/api/v1/auth/accept-invitation').send({ token: invitation.body.token, password: PASSWORD }).expect(201);
    const response = await request(this.http).post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    const me = await request(this.http).get('/api/v1/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    return {
      userId: me.body.user.id,
      email,
      organisationId: me.body.user.organisationId,
      accessToken: response.body.accessToken,
      refreshToken: response.body.refreshToken,
      auth: { Authorization: `Bearer ${response.body.accessToken}` },
    };
  }

  async experts(operator: Session, count: number, fields: string[] = ['aerodynamics']): Promise<Session[]> {
    const experts: Session[] = [];
    for (let i = 0; i < count; i++) experts.push(await this.expert(operator, fields, undefined, `专家${i + 1}号`));
    return experts;
  }

  request(session: Session, listingId: string, note?: string) {
    return request(this.http).post('/api/v1/evaluations').set(session.auth).send({ listingId, ...(note ? { note } : {}) });
  }

  async requested(session: Session, listingId: string) {
    const response = await this.request(session, listingId);
    expect({ status: response.status, error: response.body.error }).toEqual({ status: 201, error: undefined });
    return response.body;
  }

  assign(operator: Session, evaluationId: string, experts: Session[], deadline = inHours(72)) {
    return request(this.http)
      .post(`/api/v1/admin/evaluations/${evaluationId}/panel`)
      .set(operator.auth)
      .send({ expertIds: experts.map((e) => e.userId), deadline });
  }

  async assigned(operator: Session, evaluationId: string, experts: Session[], deadline?: string) {
    const response = await this.assign(operator, evaluationId, experts, deadline);
    expect({ status: response.status, error: response.body.error }).toEqual({ status: 200, error: undefined });
    return response.body;
  }

  get(session: Session, evaluationId: string) {
    return request(this.http).get(`/api/v1/evaluations/${evaluationId}`).set(session.auth);
  }

  /** The expert's assignment for the evaluation, from their own list. */
  async assignmentOf(expert: Session, evaluationId: string): Promise<{ id: string; status: string; alias: string }> {
    const mine = await request(this.http).get('/api/v1/assignments').query({ pageSize: 100 }).set(expert.auth).expect(200);
    const found = mine.body.items.filter((a: { evaluationId: string; status: string }) => a.evaluationId === evaluationId);
    if (found.length === 0) throw new Error(`the expert has no assignment for ${evaluationId}`);
    return found[0];
  }

  review(expert: Session, assignmentId: string, body: Body = reviewBody()) {
    return request(this.http).post(`/api/v1/assignments/${assignmentId}/review`).set(expert.auth).send(body);
  }

  /** Each expert submits `bodies[i]` (or a default review) for the evaluation. */
  async reviewedBy(experts: Session[], evaluationId: string, bodies: Body[] = []) {
    for (const [i, expert] of experts.entries()) {
      const assignment = await this.assignmentOf(expert, evaluationId);
      const response = await this.review(expert, assignment.id, bodies[i] ?? reviewBody());
      expect({ status: response.status, error: response.body.error }).toEqual({ status: 201, error: undefined });
    }
  }

  /** Notification requests evaluation commits to its outbox from now on, as the worker's relay will deliver them. */
  notifications() {
    return watchNotificationOutbox('evaluation');
  }
}
