import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { EvaluationEntity } from './evaluation.entity';
import { summaryOf } from './evaluation-views';
import { PeerServices } from './peer-services';

/**
 * Puts a published result on its listing (and so in the catalogue). The evaluation commits first;
 * the listings service is asked after, and `listing_recorded_at` says it answered. Until it does,
 * the worker's sweep asks again (`syncPending`); listings ignores repeats and older results.
 */
@Injectable()
export class Publication {
  private readonly logger = new Logger(Publication.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerServices,
  ) {}

  async record(evaluationId: string): Promise<boolean> {
    const evaluation = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ id: evaluationId });
    if (!evaluation || evaluation.status !== 'published' || evaluation.listingRecordedAt) return false;
    try {
      await this.peers.recordOnListing(evaluation.listingId, evaluation.id, summaryOf(evaluation));
    } catch (error) {
      this.logger.warn(`Could not record evaluation ${evaluationId} on listing ${evaluation.listingId} (the sweep will retry): ${(error as Error).message}`);
      return false;
    }
    // A plain update: bookkeeping of the hand-over, not a change of the evaluation (listings audits its side).
    await this.dataSource.getRepository(EvaluationEntity).update({ id: evaluationId, listingRecordedAt: IsNull() }, { listingRecordedAt: new Date() });
    return true;
  }

  async syncPending(limit = 100): Promise<{ recorded: number; pending: number }> {
    const pending = await this.dataSource.getRepository(EvaluationEntity).find({
      where: { status: 'published', listingRecordedAt: IsNull() },
      order: { publishedAt: 'ASC' },
      take: limit,
    });
    let recorded = 0;
    for (const evaluation of pending) if (await this.record(evaluation.id)) recorded++;
    return { recorded, pending: pending.length };
  }
}
