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

  /** Applies a posting inside the caller's transaction; returns false if that cause was already posted. */
  async post(manager: EntityManager, posting: Posting): Promise<boolean> {
    const total = posting.movements.reduce((sum, m) => sum + m.amountFen, 0n);
    if (total !== 0n) throw new Error(`Unbalanced posting ${posting.causeType}/${posting.causeId}: ${total} fen`);
    const transactionId = randomUUID();
    const inserted = await manager.query(
      `INSERT INTO auction.ledger_transactions (id, cause_type, cause_id, reference, created_by)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (cause_type, cause_id) DO NOTHING RETURNING id`,
      [transactionId, posting.causeType, posting.causeId, posting.reference ?? null, posting.createdBy ?? null],
    );
    if (inserted.length === 0) return false;
    const accounts = await Promise.all(posting.movements.map((m) => this.accountId(manager, m)));
    // Update balances in a fixed order, so two postings over the same accounts cannot deadlock.
    const ordered = posting.movements.map((m, i) => ({ accountId: accounts[i], amountFen: m.amountFen })).sort((a, b) => a.accountId.localeCompare(b.accountId));
    for (const { accountId, amountFen } of ordered) {
      if (amountFen === 0n) continue;
      try {
        await manager.query(`UPDATE auction.ledger_accounts SET balance_fen = balance_fen + $2 WHERE id = $1`, [accountId, amountFen.toString()]);
      } catch (error) {
        if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'balances_never_negative') throw insufficientFunds();
        throw error;
      }
      await manager.query(`INSERT INTO auction.ledger_entries (transaction_id, account_id, amount_fen) VALUES ($1, $2, $3)`, [
        transactionId,
        accountId,
        amountFen.toString(),
      ]);
    }
    return true;
  }

  async balance(manager: EntityManager, kind: AccountKind, organisationId: string | null, auctionId: string | null, tradeId: string | null = null): Promise<bigint> {
    const rows = await manager.query(
      `SELECT balance_fen::text AS balance FROM auction.ledger_accounts
       WHERE kind = $1 AND organisation_id IS NOT DISTINCT FROM $2 AND auction_id IS NOT DISTINCT FROM $3 AND trade_id IS NOT DISTINCT FROM $4`,
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

  private async accountId(manager: EntityManager, movement: Movement): Promise<string> {
    const params = [movement.kind, movement.organisationId, movement.auctionId, movement.tradeId ?? null];
    const existing = await manager.query(
      `SELECT id FROM auction.ledger_accounts
       WHERE kind = $1 AND organisation_id IS NOT DISTINCT FROM $2 AND auction_id IS NOT DISTINCT FROM $3 AND trade_id IS NOT DISTINCT FROM $4`,
      params,
    );
    if (existing.length) return existing[0].id;
    const created = await manager.query(
      `INSERT INTO auction.ledger_accounts (id, kind, organisation_id, auction_id, trade_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING id`,
      [randomUUID(), ...params],
    );
    if (created.length) return created[0].id;
    const raced = await manager.query(
      `SELECT id FROM auction.ledger_accounts
       WHERE kind = $1 AND organisation_id IS NOT DISTINCT FROM $2 AND auction_id IS NOT DISTINCT FROM $3 AND trade_id IS NOT DISTINCT FROM $4`,
      params,
    );
    return raced[0].id;
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
