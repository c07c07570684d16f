import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { readAppConfig } from '@lib/config';
import { CORRELATION_HEADER, correlationIdFrom } from '@lib/observability';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { GatewayModule } from './gateway.module';
import { registerWebConsole } from './web/web-console';

export const API_PREFIX = 'api/v1';
const MAX_BODY_BYTES = 1024 * 1024;

/** The gateway, configured but not listening: `main.ts` listens, tests use `inject`/supertest. */
export async function createGatewayApp(): Promise<NestFastifyApplication> {
  const config = readAppConfig('gateway'); // fail fast, before Nest starts, with a message naming every bad variable
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: config.gateway.trustProxy,
    // The correlation id is fixed here, before any middleware, and written back to the request
    // so the logger and the request context read the same one.
    genReqId: (req: IncomingMessage) => {
      const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
      req.headers[CORRELATION_HEADER] = id;
      return id;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready'] });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        scriptSrc: [`'self'`, `'unsafe-inline'`],
      },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      reply.header(CORRELATION_HEADER, request.id);
    });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dual-use technology trading centre API')
      .setDescription(
        'REST API of the trading centre. Every error has the shape `{ error: { code, message, fields? }, correlationId }`; ' +
          'each operation states which roles may call it.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  // The web console (apps/web, built into dist/web) at `/`, when it has been built.
  await registerWebConsole(app);
  return app;
}
