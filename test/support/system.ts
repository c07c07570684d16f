import { INestMicroservice, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DomainServiceName } from '@lib/config';
import { createServiceApp } from '@lib/microservice';
import { AuctionModule } from '../../apps/auction/src/auction.module';
import { EvaluationModule } from '../../apps/evaluation/src/evaluation.module';
import { createGatewayApp } from '../../apps/gateway/src/bootstrap';
import { IdentityModule } from '../../apps/identity/src/identity.module';
import { ListingsModule } from '../../apps/listings/src/listings.module';
import { MatchingModule } from '../../apps/matching/src/matching.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { QueueWorkers } from '../../apps/worker/src/queue-workers';

export type ServiceAppName = DomainServiceName | 'worker';

const MODULES: Record<ServiceAppName, Type<unknown>> = {
  identity: IdentityModule,
  listings: ListingsModule,
  evaluation: EvaluationModule,
  auction: AuctionModule,
  matching: MatchingModule,
  worker: WorkerModule,
};

/** Starts one replica of a service in this process, listening on NATS like the real app. */
export async function startService(app: ServiceAppName): Promise<INestMicroservice> {
  const service = await createServiceApp(MODULES[app], app);
  await service.listen();
  return service;
}

export async function startGateway(): Promise<NestFastifyApplication> {
  const gateway = await createGatewayApp();
  await gateway.init();
  await gateway.getHttpAdapter().getInstance().ready();
  return gateway;
}

/** A running system: the gateway plus the given services, stopped together. */
export class TestSystem {
  private constructor(
    readonly gateway: NestFastifyApplication,
    readonly services: Map<ServiceAppName, INestMicroservice>,
    /** Further gateway replicas, when asked for. */
    readonly replicas: NestFastifyApplication[] = [],
  ) {}

  /**
   * Starts the services, then the gateway, then the worker last: all apps share this process, and
   * nestjs-cls keeps process-wide state that an app under construction briefly replaces, so no
   * app may be handling messages (as the worker's scheduled jobs cause) while another is built.
   */
  static async start(apps: ServiceAppName[], options: { gateways?: number } = {}): Promise<TestSystem> {
    const services = new Map<ServiceAppName, INestMicroservice>();
    for (const app of apps.filter((a) => a !== 'worker')) services.set(app, await startService(app));
    const gateway = await startGateway();
    const replicas: NestFastifyApplication[] = [];
    for (let i = 1; i < (options.gateways ?? 1); i++) replicas.push(await startGateway());
    if (apps.includes('worker')) services.set('worker', await startService('worker'));
    return new TestSystem(gateway, services, replicas);
  }

  get http() {
    return this.gateway.getHttpServer();
  }

  /** Drains the worker's queues, then stops the services in reverse order (the worker first), then the gateway. */
  async stop(): Promise<void> {
    await this.services.get('worker')?.get(QueueWorkers).drain();
    for (const service of [...this.services.values()].reverse()) await service.close();
    for (const replica of this.replicas) await replica.close();
    await this.gateway.close();
  }
}
