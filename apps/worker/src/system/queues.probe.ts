import { Injectable } from '@nestjs/common';
import { PingProbe, ProbeResult } from '@lib/microservice';
import { WORKER_HEARTBEAT_EVERY_MS, WORKER_HEARTBEAT_KEY } from '@lib/queues';
import { RedisConnection } from '@lib/redis';

/** Redis answers and the heartbeat job ran recently. */
@Injectable()
export class QueuesProbe implements PingProbe {
  readonly name = 'queues';

  constructor(private readonly redis: RedisConnection) {}

  async check(): Promise<ProbeResult> {
    await this.redis.client.ping();
    const last = Number(await this.redis.client.get(WORKER_HEARTBEAT_KEY));
    if (!last) return { up: true, detail: 'redis up; no heartbeat processed yet' };
    const ageMs = Date.now() - last;
    return ageMs <= WORKER_HEARTBEAT_EVERY_MS * 3
      ? { up: true, detail: `last heartbeat ${ageMs} ms ago` }
      : { up: false, detail: `last heartbeat ${ageMs} ms ago: queues are not being processed` };
  }
}
