import { INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppName, InvalidEnvironmentError, readAppConfig } from '@lib/config';
import { NamespacedNatsServer, natsConnectionSettings } from '@lib/messaging';
import { Logger } from 'nestjs-pino';

/**
 * Creates an app that serves NATS messages in its own queue group (`<app>`), so any number of
 * replicas share the work and each message is handled once.
 */
export async function createServiceApp(module: Type<unknown>, app: AppName): Promise<INestMicroservice> {
  const config = readAppConfig(app);
  const strategy = new NamespacedNatsServer(config.nats.subjectPrefix, app, natsConnectionSettings(config));
  const service = await NestFactory.createMicroservice(module, { strategy, bufferLogs: true, abortOnError: false });
  service.useLogger(service.get(Logger));
  return service;
}

/** `main.ts` of a service: start it, or explain in one message why it cannot start. */
export function runServiceApp(module: Type<unknown>, app: AppName): void {
  createServiceApp(module, app)
    .then(async (service) => {
      stopGracefullyOnSignal(service, app);
      await service.listen();
    })
    .catch(exitOnBootFailure(app));
}

const SHUTDOWN_DEADLINE_MS = 15_000;

/**
 * On SIGTERM or SIGINT: stop taking messages, let those in flight finish, close connections,
 * and exit 0, so a supervisor can tell a clean stop from a crash. A stuck shutdown exits 1.
 */
export function stopGracefullyOnSignal(app: { close(): Promise<void> }, name: string): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[${name}] ${signal} received: stopping\n`);
    setTimeout(() => {
      process.stderr.write(`[${name}] did not stop within ${SHUTDOWN_DEADLINE_MS} ms\n`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => {
        process.stderr.write(`[${name}] stopped\n`);
        process.exit(0);
      },
      (error: Error) => {
        process.stderr.write(`[${name}] failed to stop cleanly: ${error.stack}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export function exitOnBootFailure(app: string) {
  return (error: unknown) => {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`[${app}] cannot start. ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    process.stderr.write(`[${app}] failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  };
}
