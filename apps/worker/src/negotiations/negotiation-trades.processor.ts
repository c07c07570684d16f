import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { NegotiationPatterns, OpenTradeAnswer } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { NEGOTIATION_TRADE_SWEEP_EVERY_MS, NegotiationTradeJob, OpenNegotiatedTradeJob, QueueName } from '@lib/queues';
import { Job, Queue } from 'bullmq';

/**
 * Opens the trades of agreed negotiations that the matching service could not open in line (the
 * trade service was down or slow). Both the matching service and the trade side are idempotent on the
 * negotiation id, so retries and the sweep can only record the one trade. The sweep asks matching for
 * agreed threads still without a trade, so a job lost with Redis is recovered from PostgreSQL.
 */
@Processor(QueueName.negotiationTrades, { concurrency: 5 })
export class NegotiationTradesProcessor extends WorkerHost {
  private readonly logger = new Logger(NegotiationTradesProcessor.name);

  constructor(private readonly services: ServiceClient) {
    super();
  }

  async process(job: Job<OpenNegotiatedTradeJob>): Promise<unknown> {
    if (job.name === NegotiationTradeJob.sweep) return this.sweep();
    return this.services.send<OpenTradeAnswer>(NegotiationPatterns.openTrade, { actor: null, input: { negotiationId: job.data.negotiationId } });
  }

  private async sweep(): Promise<{ pending: number; opened: number }> {
    const pending = await this.services.send<string[]>(NegotiationPatterns.pendingTrades, { actor: null, input: { limit: 100 } });
    let opened = 0;
    for (const negotiationId of pending) {
      try {
        const answer = await this.services.send<OpenTradeAnswer>(NegotiationPatterns.openTrade, { actor: null, input: { negotiationId } });
        if (answer.tradeId) opened++;
      } catch (error) {
        this.logger.warn(`Sweep could not open the trade of negotiation ${negotiationId}: ${(error as Error).message}`);
      }
    }
    if (pending.length) this.logger.log(`Negotiation sweep: ${opened} of ${pending.length} pending trade(s) opened`);
    return { pending: pending.length, opened };
  }
}

@Injectable()
export class NegotiationTradesSweepScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.negotiationTrades) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'negotiation-trades-sweep',
      { every: NEGOTIATION_TRADE_SWEEP_EVERY_MS },
      { name: NegotiationTradeJob.sweep, data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
