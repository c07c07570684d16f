import { AppConfig } from '@lib/config';
import { exitOnBootFailure, stopGracefullyOnSignal } from '@lib/microservice';
import { Logger } from 'nestjs-pino';
import { createGatewayApp } from './bootstrap';

async function main(): Promise<void> {
  const app = await createGatewayApp();
  const config = app.get(AppConfig);
  stopGracefullyOnSignal(app, 'gateway');
  await app.listen(config.gateway.port, config.gateway.host);
  app.get(Logger).log(`Gateway listening on ${config.gateway.publicUrl} (API docs at ${config.gateway.publicUrl}/docs)`);
}

main().catch(exitOnBootFailure('gateway'));
