import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NatsRecordBuilder } from '@nestjs/microservices';
import { AppConfig } from '@lib/config';
import { CommonErrors, DomainError } from '@lib/errors';
import { CORRELATION_HEADER, currentCorrelationId } from '@lib/observability';
import { headers as natsHeaders, type Msg } from 'nats';
import { firstValueFrom, Observable, timeout, TimeoutError } from 'rxjs';
import { NamespacedNatsClient, natsConnectionSettings, subjectOf } from './nats-transport';

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

  /**
   * Publishes an event (fire and forget) to every subscriber of the pattern, on any replica.
   * Events carry only what their subscribers may see; losing one is tolerable (readers can re-read state).
   */
  async publish(pattern: string, payload: unknown): Promise<void> {
    const headers = natsHeaders();
    const correlationId = currentCorrelationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    await firstValueFrom(this.client.emit(pattern, new NatsRecordBuilder(payload).setHeaders(headers).build())).catch(() => undefined);
  }

  /** A live stream of the events published on a pattern (every subscriber gets every event). */
  events<T>(pattern: string): Observable<T> {
    return new Observable<T>((subscriber) => {
      let subscription: { unsubscribe(): void } | null = null;
      let cancelled = false;
      this.connected(3000)
        .then(() => {
          if (cancelled) return;
          const connection = this.client.connection();
          if (!connection) throw new Error('not connected to NATS');
          subscription = connection.subscribe(subjectOf(this.config.nats.subjectPrefix, pattern), {
            callback: (error: Error | null, message: Msg) => {
              if (error) return subscriber.error(error);
              try {
                subscriber.next((JSON.parse(new TextDecoder().decode(message.data)) as { data: T }).data);
              } catch {
                // not an event packet: ignore
              }
            },
          });
        })
        .catch((error) => subscriber.error(error));
      return () => {
        cancelled = true;
        subscription?.unsubscribe();
      };
    });
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
