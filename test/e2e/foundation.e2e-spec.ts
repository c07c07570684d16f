import { CLS_ID, ClsService } from 'nestjs-cls';
import request from 'supertest';
import { ServiceClient } from '@lib/messaging';
import { PingReply } from '@lib/microservice';
import { TestSystem } from '../support/system';


describe('the walking skeleton: HTTP → gateway → NATS → service → PostgreSQL', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings', 'evaluation', 'auction', 'matching', 'worker']);
  });
  afterAll(() => system?.stop());

  it('answers liveness without touching any dependency', async () => {
    await request(system.http).get('/health').expect(200, { status: 'ok' });
  });

  it('reports every dependency and every service ready, each service having reached its own schema', async () => {
    const response = await request(system.http).get('/health/ready').expect(200);
    expect(response.body.status).toBe('ok');
    for (const component of ['postgres', 'redis', 'nats', 'meilisearch']) {
      expect(response.body.details[component].status).toBe('up');
    }
    for (const service of ['identity', 'listings', 'evaluation', 'auction', 'matching']) {
      expect(response.body.details[service]).toMatchObject({
        status: 'up',
        checks: { database: { up: true, detail: `schema ${service}` } },
      });
    }
    expect(response.body.details.worker).toMatchObject({ status: 'up', checks: { queues: { up: true } } });
  });

  it('carries the caller’s correlation id across the NATS hop and back in the response header', async () => {
    const response = await request(system.http).get('/health/ready').set('x-request-id', 'trace-0123456789');
    expect(response.headers['x-request-id']).toBe('trace-0123456789');

    const cls = system.gateway.get(ClsService);
    const client = system.gateway.get(ServiceClient);
    const reply = await cls.run(async () => {
      cls.set(CLS_ID, 'trace-abcdef012345');
      return client.send<PingReply>('listings.ping', {});
    });
    expect(reply.correlationId).toBe('trace-abcdef012345');
  });

  it('gives each request a fresh correlation id when the caller sends none or a malformed one', async () => {
    const response = await request(system.http).get('/health').set('x-request-id', 'bad id with spaces');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with a JSON error carrying a code and the correlation id', async () => {
    const response = await request(system.http).get('/api/v1/no-such-thing').expect(404);
    expect(response.body).toEqual({
      error: { code: 'HTTP.NOT_FOUND', message: expect.any(String) },
      correlationId: response.headers['x-request-id'],
    });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const response = await request(system.http).get('/docs/openapi.json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toContain('/health/ready');
    await request(system.http).get('/docs').expect(200).expect('content-type', /html/);
  });

  it('sends security headers', async () => {
    const response = await request(system.http).get('/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
