import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { QueueName, SystemJob, WORKER_HEARTBEAT_EVERY_MS, WORKER_HEARTBEAT_KEY } from '@lib/queues';
import { RedisConnection } from '@lib/redis';
import { Job, Queue } from 'bullmq';

/**
 * Proves that queued work is really being processed, not only that Redis answers: a scheduled
 * job records its time, and the worker's ping reports how old the last one is.
 */
@Processor(QueueName.system)
export class HeartbeatProcessor extends WorkerHost {
  constructor(private readonly redis: RedisConnection) {
    super();
  }

  async process(job: Job): Promise<void> {
    if (job.name === SystemJob.heartbeat) {
      await this.redis.client.set(WORKER_HEARTBEAT_KEY, String(Date.now()), 'PX', WORKER_HEARTBEAT_EVERY_MS * 12);
    }
  }
}

@Injectable()
export class HeartbeatScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.system) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    // A job scheduler is idempotent by id: every replica may upsert it, one job runs per tick.
    await this.queue.upsertJobScheduler(
      SystemJob.heartbeat,
      { every: WORKER_HEARTBEAT_EVERY_MS },
      { name: SystemJob.heartbeat, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
