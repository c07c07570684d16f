import request from 'supertest';
import { IdentityApi, PASSWORD, Session, uniqueEmail } from './identity';
import { until } from './app-process';
import { TestSystem } from './system';

/** A small client over the running gateway for the matching loop (interest → negotiation → trade) and the inbox. */
export class NegotiationsApi {
  constructor(private readonly system: TestSystem) {}

  get http() {
    return this.system.http;
  }

  /** An expert added by the operator, signed in (experts have no organisation here). */
  async expert(identity: IdentityApi, operator: Session): Promise<Session> {
    const email = uniqueEmail('expert');
    const invitation = await request(this.http).post('/api/v1/admin/experts').set(operator.auth).send({ email, displayName: '陈教授', expertiseFields: ['aerodynamics'] }).expect(201);
    await request(this.http).post('/api/v1/auth/accept-invitation').send({ token: invitation.body.token, password: PASSWORD }).expect(201);
    return identity.login(email);
  }

  /** A second user of `admin`'s organisation (invited and joined), signed in. */
  async colleague(identity: IdentityApi, admin: Session): Promise<Session> {
    const email = uniqueEmail('colleague');
    const invitation = await request(this.http).post('/api/v1/organisations/me/invitations').set(admin.auth).send({ email, displayName: '王五' }).expect(201);
    await request(this.http).post('/api/v1/auth/accept-invitation').send({ token: invitation.body.token, password: PASSWORD }).expect(201);
    return identity.login(email);
  }

  express(buyer: Session, listingId: string, body: Record<string, unknown> = {}) {
    return request(this.http).post('/api/v1/interests').set(buyer.auth).send({ listingId, message: '我司希望就该成果的许可条件进一步洽谈。', ...body });
  }

  async interest(buyer: Session, listingId: string, body: Record<string, unknown> = {}) {
    return (await this.express(buyer, listingId, body).expect(201)).body;
  }

  accept(seller: Session, interestId: string, message?: string) {
    return request(this.http).post(`/api/v1/interests/${interestId}/accept`).set(seller.auth).send(message === undefined ? {} : { message });
  }

  decline(seller: Session, interestId: string, message = '该成果已与其他单位达成意向，暂不考虑。') {
    return request(this.http).post(`/api/v1/interests/${interestId}/decline`).set(seller.auth).send({ message });
  }

  /** Interest expressed and accepted: the id of the negotiation thread it opened. */
  async thread(seller: Session, buyer: Session, listingId: string): Promise<string> {
    const interest = await this.interest(buyer, listingId);
    const accepted = await this.accept(seller, interest.id, '欢迎洽谈。').expect(200);
    return accepted.body.negotiationId;
  }

  get(session: Session, negotiationId: string) {
    return request(this.http).get(`/api/v1/negotiations/${negotiationId}`).set(session.auth);
  }

  message(session: Session, negotiationId: string, body: string) {
    return request(this.http).post(`/api/v1/negotiations/${negotiationId}/messages`).set(session.auth).send({ body });
  }

  offer(session: Session, negotiationId: string, amount: string, transactionMode = 'transfer', note?: string) {
    return request(this.http)
      .post(`/api/v1/negotiations/${negotiationId}/offers`)
      .set(session.auth)
      .send({ amount, transactionMode, ...(note ? { note } : {}) });
  }

  answer(session: Session, negotiationId: string, offerId: string, action: 'accept' | 'reject' | 'withdraw', note?: string) {
    return request(this.http)
      .post(`/api/v1/negotiations/${negotiationId}/offers/${offerId}/${action}`)
      .set(session.auth)
      .send(note ? { note } : {});
  }

  inbox(session: Session, query: Record<string, string | number | boolean> = {}) {
    return request(this.http).get('/api/v1/notifications').set(session.auth).query(query);
  }

  /** Waits until the user's inbox holds a notification of each kind (delivery goes through NATS and the worker). */
  async eventuallyKinds(session: Session, kinds: string[], withinMs = 15_000) {
    return until(
      async () => (await this.inbox(session, { pageSize: 100 }).expect(200)).body,
      (page: { items: { kind: string }[] }) => kinds.every((kind) => page.items.some((n) => n.kind === kind)),
      withinMs,
    );
  }

  /** Waits until the thread records the trade its agreement opened. */
  async eventuallyTrade(session: Session, negotiationId: string, withinMs = 15_000) {
    return until(
      async () => (await this.get(session, negotiationId).expect(200)).body,
      (thread: { tradeId: string | null }) => thread.tradeId !== null,
      withinMs,
    );
  }
}

