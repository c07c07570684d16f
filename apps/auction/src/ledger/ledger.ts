import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { formatFen, WalletView } from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export type AccountKind = 'external' | 'wallet' | 'deposit_hold' | 'trade_escrow';

export interface Movement {
  kind: AccountKind;
  organisationId: string | null;
  auctionId: string | null;
  /** Escrow of a negotiated trade (auction trades keep the escrow keyed by their auction). */
  tradeId?: string | null;
  amountFen: bigint;
}

export interface Posting {
  /** Why the money moved; (causeType, causeId) is unique, so posting the same cause twice changes nothing. */
  causeType: string;
  causeId: string;
  reference?: string | null;
  createdBy?: string | null;
  movements: Movement[];
}

/**
 * One account by its identity ($1 kind, $2 organisation, $3 auction, $4 trade), in the terms of the
 * unique index `ledger_accounts_identity` (nulls as the zero uuid), so the lookup is one index probe.
 * `IS NOT DISTINCT FROM` says the same but no index can answer it: the index was walked through
 * every account of the kind (one deposit hold per bidder and auction: tens of thousands).
 */
const NO_ID = `'00000000-0000-0000-0000-000000000000'::uuid`;
const ACCOUNT_IDENTITY = `kind = $1 AND coalesce(organisation_id, ${NO_ID}) = coalesce($2::uuid, ${NO_ID})
  AND coalesce(auction_id, ${NO_ID}) = coalesce($3::uuid, ${NO_ID}) AND coalesce(trade_id, ${NO_ID}) = coalesce($4::uuid, ${NO_ID})`;

const insufficientFunds = () =>
  new DomainError('LEDGER.INSUFFICIENT_FUNDS', 'rule_violation', 'The organisation’s available balance does not cover this deposit', {
    details: { hint: 'top up the wallet first (a payment confirmed by an operator)' },
  });

/**
 * The deposit ledger: double-entry, integer fen. Every posting's movements sum to zero (the
 * database checks it at commit), balances other than the external world's can never go
 * negative (a CHECK constraint), and every movement names its cause.
 */
@Injectable()
export class Ledger {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Applies a posting inside the caller's transaction; returns false if that cause was already
   * posted. One statement (`auction.post_ledger`, migration 1765176000000): the transaction row,
   * each movement's account (created if missing), the balances in account order, the entries.
   */
  async post(manager: EntityManager, posting: Posting): Promise<boolean> {
    const total = posting.movements.reduce((sum, m) => sum + m.amountFen, 0n);
    if (total !== 0n) throw new Error(`Unbalanced posting ${posting.causeType}/${posting.causeId}: ${total} fen`);
    const moves = posting.movements;
    try {
      const [{ posted }] = await manager.query(
        'SELECT auction.post_ledger($1, $2, $3, $4, $5, $6::text[], $7::uuid[], $8::uuid[], $9::uuid[], $10::bigint[]) AS posted',
        [
          randomUUID(),
          posting.causeType,
          posting.causeId,
          posting.reference ?? null,
          posting.createdBy ?? null,
          moves.map((m) => m.kind),
          moves.map((m) => m.organisationId),
          moves.map((m) => m.auctionId),
          moves.map((m) => m.tradeId ?? null),
          moves.map((m) => m.amountFen.toString()),
        ],
      );
      return posted;
    } catch (error) {
      if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'balances_never_negative') throw insufficientFunds();
      throw error;
    }
  }

  async balance(manager: EntityManager, kind: AccountKind, organisationId: string | null, auctionId: string | null, tradeId: string | null = null): Promise<bigint> {
    const rows = await manager.query(
      `SELECT balance_fen::text AS balance FROM auction.ledger_accounts WHERE ${ACCOUNT_IDENTITY}`,
      [kind, organisationId, auctionId, tradeId],
    );
    return rows.length ? BigInt(rows[0].balance) : 0n;
  }

  async wallet(organisationId: string): Promise<WalletView> {
    const [balances] = await this.dataSource.query(
      `SELECT coalesce(sum(balance_fen) FILTER (WHERE kind = 'wallet'), 0)::text AS available,
              coalesce(sum(balance_fen) FILTER (WHERE kind = 'deposit_hold'), 0)::text AS held
       FROM auction.ledger_accounts WHERE organisation_id = $1`,
      [organisationId],
    );
    const entries = await this.dataSource.query(
      `SELECT t.created_at AS at, a.kind AS account, e.amount_fen::text AS amount, t.cause_type || ':' || t.cause_id AS cause, t.reference
       FROM auction.ledger_entries e
       JOIN auction.ledger_accounts a ON a.id = e.account_id
       JOIN auction.ledger_transactions t ON t.id = e.transaction_id
       WHERE a.organisation_id = $1 ORDER BY e.id DESC LIMIT 200`,
      [organisationId],
    );
    return {
      organisationId,
      available: formatFen(balances.available),
      held: formatFen(balances.held),
      entries: entries.map((e: { at: Date; account: string; amount: string; cause: string; reference: string | null }) => ({
        at: e.at.toISOString(),
        account: e.account,
        amount: formatFen(e.amount),
        cause: e.cause,
        reference: e.reference,
      })),
    };
  }

}

/**
 * How money enters and leaves the platform. Here an operator confirms a payment received (a
 * bank transfer); a payment provider's webhook would implement the same interface later.
 */
export interface PaymentGateway {
  confirmIncoming(manager: EntityManager, payment: { organisationId: string; amountFen: bigint; reference: string; confirmedBy: string }): Promise<boolean>;
}

@Injectable()
export class OperatorConfirmedPayments implements PaymentGateway {
  constructor(private readonly ledger: Ledger) {}

  confirmIncoming(manager: EntityManager, payment: { organisationId: string; amountFen: bigint; reference: string; confirmedBy: string }) {
    return this.ledger.post(manager, {
      causeType: 'top_up',
      causeId: payment.reference,
      reference: payment.reference,
      createdBy: payment.confirmedBy,
      movements: [
        { kind: 'external', organisationId: null, auctionId: null, amountFen: -payment.amountFen },
        { kind: 'wallet', organisationId: payment.organisationId, auctionId: null, amountFen: payment.amountFen },
      ],
    });
  }
}
