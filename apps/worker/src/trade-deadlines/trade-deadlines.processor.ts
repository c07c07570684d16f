import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import { TradePatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { QueueName, TradeDeadlinesJob } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * Trades left unsigned past the deadline are flagged to operators. The auction service flags each
 * trade once (a conditional update), so overlapping sweeps or retries flag nothing twice.
 */
@Processor(QueueName.tradeDeadlines)
export class TradeDeadlinesProcessor extends WorkerHost {
  constructor(private readonly services: ServiceClient) {
    super();
  }

  process(): Promise<{ flagged: number }> {
    return this.services.send(TradePatterns.flagOverdueSignatures, { actor: null, input: {} });
  }
}

@Injectable()
export class TradeDeadlinesScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.tradeDeadlines) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'trade-signature-deadlines',
      { every: this.config.trades.deadlineSweepSeconds * 1000 },
      { name: TradeDeadlinesJob.flagOverdueSignatures, data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
