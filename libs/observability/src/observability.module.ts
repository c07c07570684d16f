import { DynamicModule, ExecutionContext, Module, RequestMethod } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { AppConfig } from '@lib/config';
import { ClsModule, ClsServiceManager } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { CORRELATION_HEADER, correlationIdFrom } from './correlation';

/** Paths pino replaces with "[redacted]": credentials and restricted content never reach a log line. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.dossier',
  '*.secret',
  // A failed query's error (TypeORM's QueryFailedError) carries the values it tried to write, and
  // PostgreSQL's detail may quote a whole row ("Failing row contains (…)").
  'err.parameters',
  'err.detail',
  'err.driverError.detail',
  'err.driverError.parameters',
];

export type Transport = 'http' | 'rpc';

/** Correlation id of the current request or message, or undefined outside one. */
export function currentCorrelationId(): string | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.getId() : undefined;
}

/**
 * Structured JSON logs (pino) where every line carries the correlation id of the request or
 * message being handled. HTTP gets the id from the `x-request-id` header (or a new one); a
 * service gets it from the NATS message headers that `ServiceClient` sets.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(transport: Transport): DynamicModule {
    const cls =
      transport === 'http'
        ? ClsModule.forRoot({
            global: true,
            middleware: {
              mount: true,
              generateId: true,
              idGenerator: (req: IncomingMessage) => correlationIdFrom(req.headers[CORRELATION_HEADER]),
            },
          })
        : ClsModule.forRoot({
            global: true,
            interceptor: {
              mount: true,
              generateId: true,
              idGenerator: (context: ExecutionContext) => {
                if (context.getType() !== 'rpc') return correlationIdFrom(undefined);
                const nats = context.switchToRpc().getContext<NatsContext>();
                return correlationIdFrom(nats?.getHeaders?.()?.get(CORRELATION_HEADER));
              },
            },
          });
    const logger = LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Nest 11 route syntax for "every path" (a bare '*' is deprecated).
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.log.level,
          base: { app: config.app, pid: process.pid },
          redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
          genReqId: (req: IncomingMessage) => correlationIdFrom(req.headers[CORRELATION_HEADER]),
          customProps: () => ({}),
          mixin: () => {
            const correlationId = currentCorrelationId();
            return correlationId ? { correlationId } : {};
          },
          autoLogging: transport === 'http' ? { ignore: (req) => (req.url ?? '').startsWith('/health') } : false,
          transport: config.log.pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
        },
      }),
    });
    return { module: ObservabilityModule, imports: [cls, logger], exports: [cls, logger] };
  }
}
