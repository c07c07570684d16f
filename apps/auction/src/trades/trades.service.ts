import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, requireOrganisation, Role, systemActor } from '@lib/auth';
import {
  ComparablesQuery,
  ComparableTrade,
  ConfirmTradePaymentCommand,
  DisputeTradeCommand,
  formatFen,
  ListingReadView,
  ListingsPatterns,
  ListTradesQuery,
  OpenNegotiatedTradeAnswer,
  OpenNegotiatedTradeCommand,
  Page,
  parseYuanToFen,
  ResolveDisputeCommand,
  SignTradeCommand,
  TradeTermsCommand,
  TradeView,
} from '@lib/contracts';
import { AppConfig } from '@lib/config';
import { CommonErrors, DomainError } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';
import { NotificationOutbox } from '@lib/outbox';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import * as rules from '../domain/trade-lifecycle';
import { Ledger, Movement, OperatorConfirmedPayments } from '../ledger/ledger';
import { partyOf, TRADE_COLUMNS, TradeRow, tradeStateOf, tradeViewOf } from './trade-record';
import { tradeChangeNotices, tradeCreatedNotices, tradeFlaggedNotices } from './trade-notices';

const notFound = (tradeId: string) => CommonErrors.notFound('trade', tradeId);

/**
 * The trade lifecycle after a trade is created (by auction settlement or an agreed negotiation):
 * terms, both signatures, operator-confirmed payment into escrow, completion, disputes. Every
 * change locks the trade row, is checked by the pure rules, moves money through the ledger in the
 * same transaction, and is audited. Only the two parties and operators ever see a trade; anyone
 * else is told it does not exist.
 */
@Injectable()
export class TradesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly payments: OperatorConfirmedPayments,
    private readonly audit: AuditLog,
    private readonly services: ServiceClient,
    private readonly config: AppConfig,
    private readonly outbox: NotificationOutbox,
  ) {}

  async get(actor: Actor, tradeId: string): Promise<TradeView> {
    const [row] = await this.dataSource.query(`SELECT ${TRADE_COLUMNS} FROM auction.trades t WHERE t.id = $1`, [tradeId]);
    if (!row || !this.maySee(actor, row)) throw notFound(tradeId);
    return tradeViewOf(row, actor.organisationId);
  }

  async list(actor: Actor, query: ListTradesQuery): Promise<Page<TradeView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (actor.role !== Role.operator) {
      params.push(requireOrganisation(actor));
      where.push(`(t.seller_organisation_id = $${params.length} OR t.buyer_organisation_id = $${params.length})`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`t.status = $${params.length}`);
    }
    if (query.flagged === 'true') where.push(`t.unsigned_flagged_at IS NOT NULL AND t.status = 'pending_signature'`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM auction.trades t ${clause}`, params);
    const rows: TradeRow[] = await this.dataSource.query(
      `SELECT ${TRADE_COLUMNS} FROM auction.trades t ${clause} ORDER BY t.created_at DESC, t.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    return { items: rows.map((r) => tradeViewOf(r, actor.organisationId)), page: query.page, pageSize: query.pageSize, total };
  }

  /**
   * An agreed negotiation becomes a trade. Idempotent on the negotiation: matching retries until
   * it hears back, and every call (first or retry) makes sure the listing follows the sale.
   */
  async openNegotiated(command: OpenNegotiatedTradeCommand): Promise<OpenNegotiatedTradeAnswer> {
    const [existing] = await this.dataSource.query(`SELECT id, transaction_mode FROM auction.trades WHERE negotiation_id = $1`, [command.negotiationId]);
    if (existing) {
      await this.listingFollowsSale(command.listingId, existing.id, existing.transaction_mode);
      return { tradeId: existing.id, created: false };
    }
    const amountFen = parseYuanToFen(command.amount);
    if (amountFen <= 0n) throw new DomainError('TRADE.INVALID_AMOUNT', 'validation', 'A trade needs a positive amount', { fields: [{ field: 'amount', messages: ['amount must be positive'] }] });
    if (command.sellerOrganisationId === command.buyerOrganisationId) throw new DomainError('TRADE.SAME_PARTY', 'rule_violation', 'An organisation cannot trade with itself');
    const listing = await this.services.send<ListingReadView>(ListingsPatterns.get, { actor: systemActor('trades'), input: { listingId: command.listingId } });
    if (listing.visibility !== 'full' || listing.organisationId !== command.sellerOrganisationId) {
      throw new DomainError('TRADE.SELLER_NOT_OWNER', 'rule_violation', 'The seller must be the organisation that owns the listing');
    }
    if (listing.status !== 'published') {
      throw new DomainError('TRADE.LISTING_NOT_AVAILABLE', 'rule_violation', `The listing is ${listing.status}: it cannot be traded`, { details: { status: listing.status } });
    }
    if (!listing.transactionModes.includes(command.transactionMode)) {
      throw new DomainError('TRADE.MODE_NOT_OFFERED', 'validation', 'The listing does not offer this transaction mode', {
        fields: [{ field: 'transactionMode', messages: [`one of ${listing.transactionModes.join(', ')}`] }],
      });
    }
    const tradeId = randomUUID();
    const created = await this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query(
        `INSERT INTO auction.trades (id, source, negotiation_id, listing_id, seller_organisation_id, buyer_organisation_id, price_fen, deposit_applied_fen,
           status, transaction_mode, listing_title, field, trl, direction, listing_published_at)
         VALUES ($1, 'negotiation', $2, $3, $4, $5, $6, 0, 'pending_signature', $7, $8, $9, $10, $11, $12)
         ON CONFLICT (negotiation_id) DO NOTHING RETURNING id`,
        [tradeId, command.negotiationId, command.listingId, command.sellerOrganisationId, command.buyerOrganisationId, amountFen.toString(),
          command.transactionMode, listing.title, listing.field, listing.trl, listing.direction, listing.publishedAt],
      );
      if (inserted.length === 0) return false;
      await this.audit.append(manager, {
        actor: systemActor('negotiation'),
        action: 'trade.created',
        entityType: 'trade',
        entityId: tradeId,
        organisationId: command.sellerOrganisationId,
        after: { status: 'pending_signature', source: 'negotiation', negotiationId: command.negotiationId, amount: command.amount, transactionMode: command.transactionMode },
      });
      await this.outbox.add(manager, ...tradeCreatedNotices({ id: tradeId, sellerOrganisationId: command.sellerOrganisationId, buyerOrganisationId: command.buyerOrganisationId }));
      return true;
    });
    if (!created) return this.openNegotiated(command);
    await this.listingFollowsSale(command.listingId, tradeId, command.transactionMode);
    return { tradeId, created: true };
  }

  /** The seller proposes or changes the contract terms; signatures given so far are void. */
  proposeTerms(actor: Actor, command: TradeTermsCommand): Promise<TradeView> {
    return this.change(actor, command.tradeId, 'trade.terms_proposed', async (manager, row, party) => {
      const next = rules.proposeTerms(tradeStateOf(row), party === 'seller' ? 'seller' : 'buyer', { scope: command.scope, effectiveDate: command.effectiveDate, expiryDate: command.expiryDate ?? null });
      await manager.query(
        `UPDATE auction.trades SET scope = $2, effective_date = $3, expiry_date = $4, terms_version = $5,
           seller_signed_at = NULL, seller_signed_by = NULL, buyer_signed_at = NULL, buyer_signed_by = NULL, updated_at = now() WHERE id = $1`,
        [row.id, command.scope, command.effectiveDate, command.expiryDate ?? null, next.termsVersion],
      );
      return { termsVersion: next.termsVersion };
    });
  }

  sign(actor: Actor, command: SignTradeCommand, now = new Date()): Promise<TradeView> {
    return this.change(actor, command.tradeId, 'trade.signature_given', async (manager, row, party) => {
      if (!party) throw new DomainError('TRADE.PARTIES_SIGN', 'forbidden', 'Only the two parties sign a trade');
      const next = rules.sign({ ...tradeStateOf(row), hasTerms: row.scope !== null }, party, command.termsVersion, now);
      if (!next.changed) return null;
      const column = party === 'seller' ? 'seller' : 'buyer';
      await manager.query(
        `UPDATE auction.trades SET ${column}_signed_at = $2, ${column}_signed_by = $3, status = $4, signed_at = coalesce($5, signed_at), updated_at = now() WHERE id = $1`,
        [row.id, now, actor.userId, next.status, next.signedAt],
      );
      return { party, termsVersion: command.termsVersion, status: next.status };
    });
  }

  /**
   * An operator confirms the buyer's bank transfer: it comes in through the payment gateway (as a
   * top-up of the buyer's wallet, so the money is traceable to its reference) and moves straight
   * into the trade's escrow. The same reference for the same trade is the same payment.
   */
  confirmPayment(actor: Actor, command: ConfirmTradePaymentCommand, now = new Date()): Promise<TradeView> {
    return this.change(actor, command.tradeId, 'trade.paid', async (manager, row) => {
      if (row.status === 'paid' && row.payment_reference === command.reference) return null;
      const amountFen = parseYuanToFen(command.amount);
      rules.confirmPayment(tradeStateOf(row), amountFen);
      if (amountFen > 0n) {
        const reference = command.reference;
        const fresh = await this.payments.confirmIncoming(manager, { organisationId: row.buyer_organisation_id, amountFen, reference, confirmedBy: actor.userId! });
        if (!fresh) {
          throw new DomainError('PAYMENT.REFERENCE_USED', 'conflict', 'This payment reference was already confirmed for another payment', {
            fields: [{ field: 'reference', messages: ['reference already used'] }],
          });
        }
        await this.ledger.post(manager, {
          causeType: 'trade_payment',
          causeId: row.id,
          reference,
          createdBy: actor.userId,
          movements: [
            { kind: 'wallet', organisationId: row.buyer_organisation_id, auctionId: null, amountFen: -amountFen },
            { ...this.escrowOf(row), amountFen },
          ],
        });
      }
      await manager.query(`UPDATE auction.trades SET status = 'paid', paid_at = $2, payment_reference = $3, updated_at = now() WHERE id = $1`, [row.id, now, command.reference]);
      return { amount: formatFen(amountFen), reference: command.reference };
    });
  }

  /** The buyer accepts delivery (or an operator records it): the escrow is paid to the seller. */
  complete(actor: Actor, tradeId: string, now = new Date()): Promise<TradeView> {
    return this.change(actor, tradeId, 'trade.completed', async (manager, row, party) => {
      rules.complete(tradeStateOf(row), party ?? 'operator');
      const released = await this.releaseEscrow(manager, row, 'seller', 'trade_completion', actor);
      await manager.query(`UPDATE auction.trades SET status = 'completed', completed_at = $2, updated_at = now() WHERE id = $1`, [row.id, now]);
      return { paidToSeller: formatFen(released) };
    });
  }

  dispute(actor: Actor, command: DisputeTradeCommand, now = new Date()): Promise<TradeView> {
    return this.change(actor, command.tradeId, 'trade.disputed', async (manager, row, party) => {
      if (!party) throw new DomainError('TRADE.PARTIES_DISPUTE', 'forbidden', 'Only a party to the trade can dispute it');
      const next = rules.dispute(tradeStateOf(row), command.reason);
      await manager.query(
        `UPDATE auction.trades SET status = 'disputed', disputed_at = $2, disputed_from = $3, dispute_reason = $4, disputed_by_organisation_id = $5, updated_at = now() WHERE id = $1`,
        [row.id, now, next.disputedFrom, command.reason, actor.organisationId],
      );
      return { disputedFrom: next.disputedFrom, by: party };
    }, command.reason);
  }

  /** An operator resolves a dispute: completed (escrow to the seller), refunded or cancelled (escrow back to the buyer). */
  resolveDispute(actor: Actor, command: ResolveDisputeCommand, now = new Date()): Promise<TradeView> {
    return this.change(actor, command.tradeId, 'trade.dispute_resolved', async (manager, row) => {
      const next = rules.resolveDispute(tradeStateOf(row), command.outcome, command.reason);
      const to = next.status === 'completed' ? 'seller' : 'buyer';
      const moved = await this.releaseEscrow(manager, row, to, next.status === 'completed' ? 'trade_completion' : 'trade_refund', actor);
      await manager.query(
        `UPDATE auction.trades SET status = $2, resolved_at = $3, resolved_by = $4, resolution_reason = $5,
           completed_at = CASE WHEN $2 = 'completed' THEN $3 ELSE completed_at END, updated_at = now() WHERE id = $1`,
        [row.id, next.status, now, actor.userId, command.reason],
      );
      return { outcome: next.status, [to === 'seller' ? 'paidToSeller' : 'returnedToBuyer']: formatFen(moved) };
    }, command.reason);
  }

  /** Worker sweep: trades unsigned past the deadline are flagged once, audited, both parties reminded and the operators told. */
  async flagOverdueSignatures(now = new Date()): Promise<{ flagged: number }> {
    const deadline = new Date(now.getTime() - this.config.trades.signatureDeadlineSeconds * 1000);
    const flagged: TradeRow[] = await this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affected].
      const [rows]: [TradeRow[], number] = await manager.query(
        `UPDATE auction.trades SET unsigned_flagged_at = $1, updated_at = now()
         WHERE id IN (SELECT id FROM auction.trades WHERE status = 'pending_signature' AND unsigned_flagged_at IS NULL AND created_at <= $2
                      ORDER BY created_at LIMIT 500 FOR UPDATE SKIP LOCKED)
         RETURNING id, seller_organisation_id, buyer_organisation_id, created_at`,
        [now, deadline],
      );
      for (const row of rows) {
        await this.audit.append(manager, {
          actor: systemActor('trade-deadlines'),
          action: 'trade.signature_overdue',
          entityType: 'trade',
          entityId: row.id,
          organisationId: row.seller_organisation_id,
          after: { unsignedFlaggedAt: now.toISOString(), createdAt: row.created_at.toISOString() },
        });
        await this.outbox.add(manager, ...tradeFlaggedNotices({ id: row.id, sellerOrganisationId: row.seller_organisation_id, buyerOrganisationId: row.buyer_organisation_id }));
      }
      return rows;
    });
    return { flagged: flagged.length };
  }

  /** Settled (signed or later, not unwound) trades in a field and TRL band, for the market method. */
  async comparables(query: ComparablesQuery): Promise<ComparableTrade[]> {
    const rows = await this.dataSource.query(
      `SELECT id, listing_id, listing_title, field, trl, transaction_mode, price_fen::text AS price_fen, source, signed_at
       FROM auction.trades
       WHERE field = $1 AND trl BETWEEN $2 AND $3 AND signed_at IS NOT NULL AND status NOT IN ('refunded', 'cancelled')
       ORDER BY signed_at DESC LIMIT $4`,
      [query.field, query.trlMin, query.trlMax, Math.min(Math.max(query.limit ?? 20, 1), 100)],
    );
    return rows.map((r: { id: string; listing_id: string; listing_title: string | null; field: ComparableTrade['field']; trl: number; transaction_mode: ComparableTrade['transactionMode']; price_fen: string; source: ComparableTrade['source']; signed_at: Date }) => ({
      tradeId: r.id,
      listingId: r.listing_id,
      listingTitle: r.listing_title ?? '',
      field: r.field,
      trl: r.trl,
      transactionMode: r.transaction_mode,
      amount: formatFen(r.price_fen),
      source: r.source,
      concludedAt: r.signed_at.toISOString(),
    }));
  }

  /** Organisations registered for any auction of the listing or party to any trade of it. */
  async participantsOfListing(listingId: string): Promise<{ organisationIds: string[] }> {
    const rows: { organisation_id: string }[] = await this.dataSource.query(
      `SELECT r.organisation_id FROM auction.registrations r JOIN auction.auctions a ON a.id = r.auction_id WHERE a.listing_id = $1
       UNION SELECT buyer_organisation_id FROM auction.trades WHERE listing_id = $1
       UNION SELECT seller_organisation_id FROM auction.trades WHERE listing_id = $1`,
      [listingId],
    );
    return { organisationIds: rows.map((r) => r.organisation_id).sort() };
  }

  private maySee(actor: Actor, row: Pick<TradeRow, 'seller_organisation_id' | 'buyer_organisation_id'>): boolean {
    return actor.role === Role.operator || partyOf(row, actor.organisationId) !== null;
  }

  /**
   * One audited change of one trade under its row lock. `apply` returns what the audit entry
   * records, or null when the request repeats what is already true (then nothing is written).
   */
  private async change(
    actor: Actor,
    tradeId: string,
    action: string,
    apply: (manager: EntityManager, row: TradeRow, party: 'seller' | 'buyer' | null) => Promise<Record<string, unknown> | null>,
    reason?: string,
  ): Promise<TradeView> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: TradeRow[] = await manager.query(`SELECT ${TRADE_COLUMNS} FROM auction.trades t WHERE t.id = $1 FOR UPDATE`, [tradeId]);
      if (!row || !this.maySee(actor, row)) throw notFound(tradeId);
      const party = partyOf(row, actor.organisationId);
      const recorded = await apply(manager, row, party);
      const [after]: TradeRow[] = await manager.query(`SELECT ${TRADE_COLUMNS} FROM auction.trades t WHERE t.id = $1`, [tradeId]);
      if (recorded !== null) {
        await this.audit.append(manager, {
          actor,
          action,
          entityType: 'trade',
          entityId: tradeId,
          organisationId: row.seller_organisation_id,
          before: { status: row.status, termsVersion: row.terms_version },
          after: { status: after.status, termsVersion: after.terms_version, ...recorded },
          reason: reason ?? null,
        });
      }
      const view = tradeViewOf(after, actor.organisationId);
      if (recorded !== null) await this.outbox.add(manager, ...tradeChangeNotices(action, view, view.updatedAt, reason));
      return view;
    });
  }

  private escrowOf(row: Pick<TradeRow, 'id' | 'auction_id' | 'buyer_organisation_id'>): Omit<Movement, 'amountFen'> {
    return { kind: 'trade_escrow', organisationId: row.buyer_organisation_id, auctionId: row.auction_id, tradeId: row.auction_id ? null : row.id };
  }

  /** Empties the trade's escrow to the seller's or the buyer's wallet; returns the amount moved. */
  private async releaseEscrow(manager: EntityManager, row: TradeRow, to: 'seller' | 'buyer', causeType: string, actor: Actor): Promise<bigint> {
    const escrow = this.escrowOf(row);
    const held = await this.ledger.balance(manager, 'trade_escrow', escrow.organisationId, escrow.auctionId, escrow.tradeId ?? null);
    if (held === 0n) return 0n;
    const organisationId = to === 'seller' ? row.seller_organisation_id : row.buyer_organisation_id;
    await this.ledger.post(manager, {
      causeType,
      causeId: row.id,
      createdBy: actor.userId,
      movements: [
        { ...escrow, amountFen: -held },
        { kind: 'wallet', organisationId, auctionId: null, amountFen: held },
      ],
    });
    return held;
  }

  /** Sold, or still published for a non-exclusive licence (which can be sold many times). Idempotent. */
  private async listingFollowsSale(listingId: string, tradeId: string, transactionMode: string | null): Promise<void> {
    await this.services.send(ListingsPatterns.markSold, { actor: null, input: { listingId, tradeId, transactionMode } });
  }
}
