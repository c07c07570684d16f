import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { systemActor } from '@lib/auth';
import { formatFen, OpenTradeAnswer } from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { NotificationOutbox } from '@lib/outbox';
import { NegotiationTradeJob, openNegotiatedTradeJobId, OpenNegotiatedTradeJob, QueueName } from '@lib/queues';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { isFinalTradeRefusal } from '../domain/negotiation';
import { Notices } from '../domain/negotiation-notices';
import { NegotiationEntity } from './negotiation.entity';
import { PeerServices } from './peer-services';

/** Agreed threads older than this without a trade are the sweep's (younger ones are still being opened in line). */
const SWEEP_GRACE_MS = 5_000;

/**
 * How long the in-line attempt waits for the trade service. The party's request is answered after it,
 * so it must end well inside the gateway's own wait for matching (SERVICE_REQUEST_TIMEOUT_MS, 5 s by
 * default): a slow trade service must not turn a committed agreement into a 503 for the party.
 */
const IN_LINE_ATTEMPT_MS = 1_500;

/**
 * Opens the trade of an agreed negotiation through the auction service's trades (`trade.open-negotiated`,
 * idempotent on the negotiation id) and records its id on the thread. The agreement is committed
 * before this runs; if the call fails, a retried BullMQ job tries again, and the worker's sweep finds
 * any agreed thread still without a trade in PostgreSQL (Redis lost its jobs, say). A refusal that
 * retrying cannot change (the listing was sold to someone else meanwhile) is recorded on the thread,
 * both parties are told, and nobody tries again.
 */
@Injectable()
export class TradeOpener {
  private readonly logger = new Logger(TradeOpener.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerServices,
    private readonly audit: AuditLog,
    private readonly outbox: NotificationOutbox,
    @InjectQueue(QueueName.negotiationTrades) private readonly queue: Queue<OpenNegotiatedTradeJob>,
  ) {}

  /** Right after agreement: try at once; on failure leave it to the job (and the sweep). Never throws. */
  async openNow(negotiationId: string): Promise<void> {
    try {
      await this.open(negotiationId, IN_LINE_ATTEMPT_MS);
    } catch (error) {
      this.logger.warn(`Trade of negotiation ${negotiationId} not opened yet (a job will retry): ${(error as Error).message}`);
      try {
        await this.queue.add(NegotiationTradeJob.openTrade, { negotiationId }, { jobId: openNegotiatedTradeJobId(negotiationId) });
      } catch (queueError) {
        this.logger.warn(`Could not queue the trade of ${negotiationId} (the sweep will open it): ${(queueError as Error).message}`);
      }
    }
  }

  /** Idempotent: a thread that is not agreed has nothing to open; one with a trade answers it. */
  async open(negotiationId: string, timeoutMs?: number): Promise<OpenTradeAnswer> {
    const thread = await this.dataSource.getRepository(NegotiationEntity).findOneBy({ id: negotiationId });
    if (!thread) throw CommonErrors.notFound('negotiation', negotiationId);
    if (thread.status !== 'agreed' || !thread.agreedAmountFen || !thread.agreedTransactionMode) return { negotiationId, tradeId: null };
    if (thread.tradeId) return { negotiationId, tradeId: thread.tradeId };
    if (thread.tradeRefusedAt) return { negotiationId, tradeId: null };
    let tradeId: string;
    try {
      ({ tradeId } = await this.peers.openNegotiatedTrade({
        negotiationId,
        listingId: thread.listingId,
        sellerOrganisationId: thread.sellerOrganisationId,
        buyerOrganisationId: thread.buyerOrganisationId,
        amount: formatFen(thread.agreedAmountFen),
        transactionMode: thread.agreedTransactionMode,
      }, timeoutMs));
    } catch (error) {
      const reason = error instanceof DomainError ? `${error.code}: ${error.message}` : (error as Error).message;
      await this.dataSource
        .createQueryBuilder()
        .update(NegotiationEntity)
        .set({ tradeAttempts: () => 'trade_attempts + 1', tradeLastError: reason.slice(0, 1000) })
        .where('id = :id AND trade_id IS NULL', { id: negotiationId })
        .execute();
      if (isFinalTradeRefusal(error)) {
        await this.recordRefusal(negotiationId, reason);
        return { negotiationId, tradeId: null };
      }
      throw error;
    }
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(NegotiationEntity, { where: { id: negotiationId }, lock: { mode: 'pessimistic_write' } });
      if (locked.tradeId) return { negotiationId, tradeId: locked.tradeId };
      locked.tradeId = tradeId;
      locked.tradeOpenedAt = new Date();
      locked.tradeAttempts += 1;
      locked.tradeLastError = null;
      await manager.save(locked);
      await this.audit.append(manager, {
        actor: systemActor('negotiation-trades'),
        action: 'negotiation.trade-opened',
        entityType: 'negotiation',
        entityId: negotiationId,
        organisationId: locked.sellerOrganisationId,
        before: { tradeId: null },
        after: { tradeId, attempts: locked.tradeAttempts },
      });
      return { negotiationId, tradeId };
    });
  }

  private async recordRefusal(negotiationId: string, reason: string): Promise<void> {
    const refused = await this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(NegotiationEntity, { where: { id: negotiationId }, lock: { mode: 'pessimistic_write' } });
      if (locked.tradeId || locked.tradeRefusedAt) return null;
      locked.tradeRefusedAt = new Date();
      locked.tradeRefusedReason = reason.slice(0, 1000);
      await manager.save(locked);
      await this.audit.append(manager, {
        actor: systemActor('negotiation-trades'),
        action: 'negotiation.trade-refused',
        entityType: 'negotiation',
        entityId: negotiationId,
        organisationId: locked.sellerOrganisationId,
        before: { tradeId: null },
        after: { tradeRefused: locked.tradeRefusedReason, attempts: locked.tradeAttempts },
      });
      await this.outbox.add(
        manager,
        Notices.tradeRefused({
          negotiationId,
          listingTitle: locked.listingTitle,
          parties: [locked.sellerOrganisationId, locked.buyerOrganisationId],
          reason: locked.tradeRefusedReason,
        }),
      );
      return locked;
    });
    if (refused) this.logger.warn(`Trade of negotiation ${negotiationId} refused for good: ${reason}`);
  }

  /** Agreed threads whose trade is not opened yet (nor refused for good), oldest agreement first. */
  async pending(limit: number): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(NegotiationEntity)
      .createQueryBuilder('n')
      .select('n.id', 'id')
      .where(`n.status = 'agreed' AND n.trade_id IS NULL AND n.trade_refused_at IS NULL AND n.agreed_at < :before`, { before: new Date(Date.now() - SWEEP_GRACE_MS) })
      .orderBy('n.agreed_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}
