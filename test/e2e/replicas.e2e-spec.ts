import { INestMicroservice } from '@nestjs/common';
import request from 'supertest';
import { DomainError } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';
import { PingReply, PingService } from '@lib/microservice';
import { startGateway, startService } from '../support/system';
import { NestFastifyApplication } from '@nestjs/platform-fastify';


describe('service replicas on NATS queue groups', () => {
  let gateway: NestFastifyApplication;
  let replicas: INestMicroservice[];

  beforeAll(async () => {
    replicas = [await startService('identity'), await startService('identity')];
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway?.close();
    for (const replica of replicas ?? []) await replica.close().catch(() => undefined);
  });

  it('hands each request to exactly one replica, and both replicas share the work', async () => {
    const client = gateway.get(ServiceClient);
    const requests = 60;
    const replies = await Promise.all(
      Array.from({ length: requests }, () => client.send<PingReply>('identity.ping', {})),
    );
    const instanceIds = replicas.map((replica) => replica.get(PingService).instanceId);
    const byInstance = new Map(instanceIds.map((id) => [id, 0]));
    for (const reply of replies) byInstance.set(reply.instanceId, (byInstance.get(reply.instanceId) ?? 0) + 1);

    expect([...byInstance.keys()].sort()).toEqual([...instanceIds].sort());
    for (const count of byInstance.values()) expect(count).toBeGreaterThan(0);
    const handled = replicas.map((replica) => replica.get(PingService).handledCount);
    // Each replica handled exactly what it answered: no message was processed twice.
    expect(handled.reduce((a, b) => a + b, 0)).toBe(requests);
    expect(handled).toEqual(instanceIds.map((id) => byInstance.get(id)));
  });

  it('keeps answering when one replica stops', async () => {
    await replicas[0].close();
    const client = gateway.get(ServiceClient);
    const replies = await Promise.all(Array.from({ length: 10 }, () => client.send<PingReply>('identity.ping', {})));
    const survivor = replicas[1].get(PingService).instanceId;
    expect(new Set(replies.map((r) => r.instanceId))).toEqual(new Set([survivor]));
  });

  it('fails fast with SERVICE.UNAVAILABLE when no replica is running, instead of waiting for the timeout', async () => {
    await replicas[1].close();
    const client = gateway.get(ServiceClient);
    const started = Date.now();
    const failure = (await client.send('identity.ping', {}).catch((error: unknown) => error)) as DomainError;
    const elapsed = Date.now() - started;

    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({ code: 'SERVICE.UNAVAILABLE', kind: 'unavailable' });
    expect(failure.message).toContain('no instance is running');
    // NATS reports "no responders" at once; the 5 s request timeout is not what ended the wait.
    expect(elapsed).toBeLessThan(5000);

    const readiness = await request(gateway.getHttpServer()).get('/health/ready').expect(503);
    expect(readiness.body.details.identity).toMatchObject({ status: 'down', message: expect.stringContaining('no instance') });
  });
});
