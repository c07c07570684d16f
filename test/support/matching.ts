import request from 'supertest';
import { Session } from './identity';
import { TestSystem } from './system';

/** `YYYY-MM-DD` `days` days from now in China Standard Time (deadlines are dated there). */
export function chinaDateIn(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

/** A complete, valid demand body (an enterprise seeking wind-tunnel test technology); override what a test is about. */
export function demandBody(overrides: Record<string, unknown> = {}) {
  return {
    title: '高超声速风洞气动测试技术引进 (hypersonic wind tunnel testing)',
    description: '我公司从事高速列车外形设计，需要风洞气动力测试与测力天平技术，要求 TRL 5 以上，可转让或许可。',
    field: 'aerodynamics',
    direction: 'mil_to_civ',
    ipcCodes: ['G01M 9/06'],
    minTrl: 5,
    budget: '2000000.00',
    deadline: chinaDateIn(365),
    visibility: 'public',
    ...overrides,
  };
}

/** A small client over the running gateway for demands and matches. */
export class MatchingApi {
  constructor(private readonly system: TestSystem) {}

  get http() {
    return this.system.http;
  }

  async post(owner: Session, overrides: Record<string, unknown> = {}) {
    return (await request(this.http).post('/api/v1/demands').set(owner.auth).send(demandBody(overrides)).expect(201)).body;
  }

  get(demandId: string, session?: Session) {
    const call = request(this.http).get(`/api/v1/demands/${demandId}`);
    return session ? call.set(session.auth) : call;
  }

  search(query: Record<string, string | number> = {}, session?: Session) {
    const call = request(this.http).get('/api/v1/demands').query(query);
    return session ? call.set(session.auth) : call;
  }

  demandMatches(session: Session, demandId: string, query: Record<string, string | number> = {}) {
    return request(this.http).get(`/api/v1/demands/${demandId}/matches`).query(query).set(session.auth);
  }

  listingMatches(session: Session, listingId: string, query: Record<string, string | number> = {}) {
    return request(this.http).get(`/api/v1/listings/${listingId}/matches`).query(query).set(session.auth);
  }

  async hide(operator: Session, demandId: string, reason = '需求内容含未公开的装备指标') {
    return (await request(this.http).post(`/api/v1/admin/demands/${demandId}/hide`).set(operator.auth).send({ reason }).expect(200)).body;
  }

  async restore(operator: Session, demandId: string) {
    return (await request(this.http).post(`/api/v1/admin/demands/${demandId}/restore`).set(operator.auth).send({}).expect(200)).body;
  }

  /** Waits until `probe` answers as `done` says (indexing and jobs are asynchronous). */
  async eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, withinMs = 15_000): Promise<T> {
    const deadline = Date.now() + withinMs;
    let last = await probe();
    while (!done(last)) {
      if (Date.now() > deadline) throw new Error(`Condition not met within ${withinMs} ms; last value: ${JSON.stringify(last).slice(0, 800)}`);
      await new Promise((r) => setTimeout(r, 100));
      last = await probe();
    }
    return last;
  }
}
