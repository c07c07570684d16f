import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AppConfigModule, DomainServiceName } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { createValidationPipe, RpcErrorFilter } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';
import { ObservabilityModule } from '@lib/observability';
import { DatabaseProbe } from './database.probe';
import { PING_PROBES, PingProbe, PingService, pingControllerFor } from './ping';

/**
 * What every domain service has: validated config, correlated logs, its own PostgreSQL schema,
 * validated message payloads, errors serialised for the caller, a client to ask other services,
 * and a ping.
 */
@Module({})
export class ServiceKernelModule {
  static forService(service: DomainServiceName): DynamicModule {
    return {
      module: ServiceKernelModule,
      imports: [
        AppConfigModule.forRoot(service),
        ObservabilityModule.forRoot('rpc'),
        DatabaseModule.forSchema(service),
      ],
      controllers: [pingControllerFor(service)],
      providers: [
        DatabaseProbe,
        ServiceClient,
        ...pingProviders([DatabaseProbe]),
        { provide: APP_FILTER, useClass: RpcErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [DatabaseModule, ServiceClient],
    };
  }
}

export function pingProviders(probes: Type<PingProbe>[]) {
  return [
    { provide: PING_PROBES, inject: probes, useFactory: (...instances: PingProbe[]) => instances },
    PingService,
  ];
}
