import request from 'supertest';
import { Session } from './identity';
import { TestSystem } from './system';

/** A complete, valid listing body; override what a test is about. */
export function listingBody(overrides: Record<string, unknown> = {}) {
  return {
    title: '高超声速风洞气动测试技术',
    summary: '基于脉冲风洞的高超声速飞行器气动力与热环境测试方法，适用于 hypersonic wind tunnel testing。',
    description: '详细技术说明：测试段马赫数 5-10，试验时间 20 ms，测力天平精度 0.3%。',
    direction: 'mil_to_civ',
    field: 'aerodynamics',
    ipcCodes: ['G01M 9/06'],
    trl: 6,
    patents: [{ number: 'ZL201710601862.3', kind: 'invention', nationalDefence: false, title: '一种脉冲风洞测力方法' }],
    transactionModes: ['transfer', 'non_exclusive_licence'],
    askingPrice: '1250000.00',
    secrecyLevel: 'public',
    declassification: null,
    ...overrides,
  };
}

export class ListingsApi {
  constructor(private readonly system: TestSystem) {}

  get http() {
    return this.system.http;
  }

  async draft(owner: Session, overrides: Record<string, unknown> = {}) {
    const response = await request(this.http).post('/api/v1/listings').set(owner.auth).send(listingBody(overrides)).expect(201);
    return response.body;
  }

  /** A listing taken through submission and approval. */
  async published(owner: Session, operator: Session, overrides: Record<string, unknown> = {}) {
    const listing = await this.draft(owner, overrides);
    await request(this.http).post(`/api/v1/listings/${listing.id}/submit`).set(owner.auth).expect(200);
    const approved = await request(this.http).post(`/api/v1/admin/listings/${listing.id}/approve`).set(operator.auth).expect(200);
    return approved.body;
  }

  /** An array value repeats the parameter (`grade=A&grade=C`), as a browser form sends it. */
  search(query: Record<string, string | number | boolean | string[]> = {}) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) for (const one of Array.isArray(value) ? value : [value]) params.append(name, String(one));
    return request(this.http).get(`/api/v1/catalogue?${params}`).expect(200).then((r) => r.body);
  }

  /** Waits until the catalogue answers as `done` says (indexing is asynchronous). */
  async eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, withinMs = 15_000): Promise<T> {
    const deadline = Date.now() + withinMs;
    let last = await probe();
    while (!done(last)) {
      if (Date.now() > deadline) throw new Error(`Condition not met within ${withinMs} ms; last value: ${JSON.stringify(last).slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 100));
      last = await probe();
    }
    return last;
  }
}
