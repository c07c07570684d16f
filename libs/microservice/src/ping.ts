import { Controller, Inject, Injectable } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AppConfig } from '@lib/config';
import { currentCorrelationId } from '@lib/observability';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

export interface ProbeResult {
  up: boolean;
  detail?: string;
}

/** Something an app depends on, checked on every ping (its database, Redis...). */
export interface PingProbe {
  readonly name: string;
  check(): Promise<ProbeResult>;
}

export const PING_PROBES = Symbol('PING_PROBES');

/** What a service answers to `<service>.ping`. */
export interface PingReply {
  service: string;
  instanceId: string;
  pid: number;
  uptimeSeconds: number;
  /** Pings this instance has answered since it started. */
  handled: number;
  /** The correlation id this instance received with the ping: proves ids cross the NATS hop. */
  correlationId?: string;
  checks: Record<string, ProbeResult>;
}

export const pingPatternOf = (app: string) => `${app}.ping`;

@Injectable()
export class PingService {
  readonly instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly startedAt = Date.now();
  private handled = 0;

  constructor(
    private readonly config: AppConfig,
    @Inject(PING_PROBES) private readonly probes: PingProbe[],
  ) {}

  get handledCount(): number {
    return this.handled;
  }

  async reply(): Promise<PingReply> {
    this.handled += 1;
    const checks: Record<string, ProbeResult> = {};
    await Promise.all(
      this.probes.map(async (probe) => {
        checks[probe.name] = await probe.check().catch((error: Error) => ({ up: false, detail: error.message }));
      }),
    );
    return {
      service: this.config.app,
      instanceId: this.instanceId,
      pid: process.pid,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      handled: this.handled,
      correlationId: currentCorrelationId(),
      checks,
    };
  }
}

/** A controller answering `<app>.ping`; patterns are static, so it is made per app. */
export function pingControllerFor(app: string) {
  @Controller()
  class PingController {
    constructor(private readonly ping: PingService) {}

    @MessagePattern(pingPatternOf(app))
    reply(): Promise<PingReply> {
      return this.ping.reply();
    }
  }
  return PingController;
}
