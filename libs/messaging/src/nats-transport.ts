import { ClientNats, NatsOptions, ServerNats } from '@nestjs/microservices';
import type { Subscription } from 'nats';
import { AppConfig } from '@lib/config';

type NatsSettings = NonNullable<NatsOptions['options']>;
type NatsConnection = Parameters<ServerNats['bindEvents']>[0];

/** Subject on the wire for a message pattern: `<prefix>.<pattern>`. */
export function subjectOf(prefix: string, pattern: string): string {
  return `${prefix}.${pattern}`;
}

/** Connection settings shared by servers and clients: reconnect forever, named connections. */
export function natsConnectionSettings(config: AppConfig): NatsSettings {
  return {
    servers: [config.nats.url],
    name: `${config.nats.subjectPrefix}:${config.app}:${process.pid}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
  };
}

/**
 * NATS server whose subjects carry the deployment's prefix, so that several deployments (or
 * test runs) share one NATS without answering each other. Handlers subscribe in the queue
 * group of their service: with several replicas, NATS hands each message to exactly one.
 */
export class NamespacedNatsServer extends ServerNats {
  private readonly prefixedSubscriptions: Subscription[] = [];

  constructor(
    private readonly subjectPrefix: string,
    private readonly queueGroup: string,
    settings: NatsSettings,
  ) {
    super({ ...settings, queue: queueGroup, gracefulShutdown: true, gracePeriod: 2000 });
  }

  override bindEvents(client: NatsConnection): void {
    for (const pattern of this.messageHandlers.keys()) {
      const handlerRef = this.messageHandlers.get(pattern);
      const queue = (handlerRef?.extras?.queue as string | undefined) ?? this.queueGroup;
      const subscription = client.subscribe(subjectOf(this.subjectPrefix, pattern), {
        queue,
        callback: this.getMessageHandler(pattern).bind(this),
      });
      this.prefixedSubscriptions.push(subscription);
    }
  }

  /** Stop taking new messages first, then let the grace period finish those in flight. */
  override async close(): Promise<void> {
    for (const subscription of this.prefixedSubscriptions.splice(0)) subscription.unsubscribe();
    await super.close();
  }
}

/** NATS client that addresses the prefixed subjects of `NamespacedNatsServer`. */
export class NamespacedNatsClient extends ClientNats {
  constructor(
    private readonly subjectPrefix: string,
    settings: NatsSettings,
  ) {
    super(settings);
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['send']>[0]): string {
    return subjectOf(this.subjectPrefix, super.normalizePattern(pattern));
  }

  /** The live connection, once connected; used by health checks. */
  connection(): NatsConnection | null {
    return this.natsClient;
  }
}
