import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NatsRecordBuilder } from '@nestjs/microservices';
import { AppConfig } from '@lib/config';
import { CommonErrors, DomainError } from '@lib/errors';
import { CORRELATION_HEADER, currentCorrelationId } from '@lib/observability';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { NamespacedNatsClient, natsConnectionSettings } from './nats-transport';

/**
 * How the gateway (and any app) asks a domain service something over NATS. Adds the
 * correlation id to the message headers, bounds the wait, and turns every failure into a
 * `DomainError`: the service's own, or SERVICE.UNAVAILABLE when nobody answers.
 */
@Injectable()
export class ServiceClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly client: NamespacedNatsClient;

  constructor(private readonly config: AppConfig) {
    this.client = new NamespacedNatsClient(config.nats.subjectPrefix, natsConnectionSettings(config));
  }

  /**
   * Waits briefly for NATS so a normal start is ready at once, but never blocks boot on it:
   * an app may start before NATS and becomes ready when NATS arrives.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.connected(3000).catch(() => undefined);
  }

  private connected(withinMs: number): Promise<unknown> {
    return Promise.race([
      this.client.connect(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('not connected to NATS')), withinMs).unref()),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  async send<TResult, TPayload = unknown>(pattern: string, payload: TPayload, timeoutMs?: number): Promise<TResult> {
    const service = pattern.split('.')[0];
    const headers = natsHeaders();
    const correlationId = currentCorrelationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    const limit = timeoutMs ?? this.config.nats.requestTimeoutMs;
    try {
      return await firstValueFrom(this.client.send<TResult>(pattern, record).pipe(timeout({ first: limit })));
    } catch (error) {
      throw toDomainError(error, service, limit);
    }
  }

  /** Round trip to the NATS server itself, in milliseconds. */
  async natsRoundTrip(): Promise<number> {
    await this.connected(1000);
    const connection = this.client.connection();
    if (!connection || connection.isClosed()) throw new Error('not connected to NATS');
    return connection.rtt();
  }
}

function toDomainError(error: unknown, service: string, limitMs: number): DomainError {
  if (error instanceof DomainError) return error;
  if (DomainError.isPayload(error)) return DomainError.fromPayload(error);
  if (error instanceof TimeoutError) {
    return CommonErrors.serviceUnavailable(service, `no answer within ${limitMs} ms`);
  }
  const name = (error as Error)?.constructor?.name;
  if (name === 'EmptyResponseException') {
    return CommonErrors.serviceUnavailable(service, 'no instance is running');
  }
  return CommonErrors.serviceUnavailable(service, (error as Error)?.message ?? 'unknown error');
}
