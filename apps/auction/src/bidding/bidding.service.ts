import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, actingOrganisationOf, requireOrganisation } from '@lib/auth';
import { BidReceipt, BidView, formatFen, parseYuanToFen, PlaceBidCommand } from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { createHash, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AuctionEntity } from '../auctions/auction.entity';
import { auctionViewOf, englishStateOf, storeEnglishState, termsOf } from '../auctions/auction-mapping';
import { PeerServices } from '../auctions/peer-services';
import { LifecycleScheduler } from '../auctions/lifecycle-scheduler';
import { AuctionEvents } from '../auctions/auction-events';
import { BidRefusalReason, bidRefusedError } from '../domain/auction-types';
import { judgeDutchAcceptance } from '../domain/dutch';
import { englishMinimumAcceptable, judgeEnglishBid } from '../domain/english';
import { judgeSealedBid } from '../domain/sealed';

/** A refusal as the API states it: the minimum in yuan, like every amount. */
function refused(reason: BidRefusalReason, minimumAcceptable: bigint | null = null): DomainError {
  const error = bidRefusedError(reason, null);
  return new DomainError(error.code, error.kind, error.message, {
    details: { reason, ...(minimumAcceptable !== null ? { minimumAcceptable: formatFen(minimumAcceptable) } : {}) },
  });
}

const amountRequired = () =>
  new DomainError('REQUEST.INVALID', 'validation', 'amount is required', { fields: [{ field: 'amount', messages: ['amount is required for this auction type'] }] });

/**
 * Everything a bid is judged on, in one round trip: `auction.lock_lot_for_bid` waits for the lot's
 * row lock, then reads the lot, the bidder's registration, the leader's alias, the bid already
 * stored under this Idempotency-Key (if any) and, for sealed auctions, whether the bidder has bid.
 * The read is made once the lock is held (see the migration BidLockAndRead), and every bid on the
 * lot takes this lock first: so the replay check cannot race another request with the same key.
 */
function lockAndRead(columns: readonly AuctionColumn[]) {
  return {
    name: 'auction.bid.lock-and-read',
    text: `SELECT ${columns.map(([, column]) => `(x.lot).${column}`).join(', ')},
      x.r_id, x.r_alias, x.l_alias, x.b_id, x.b_fingerprint, x.b_amount_fen, x.r_has_bid
    FROM auction.lock_lot_for_bid($1, $2, $3) x`,
  };
}

/** The accepted bid and the lot's new state, in one statement (one round trip while the lock is held). */
const INSERT_AND_UPDATE = {
  name: 'auction.bid.insert-and-update',
  text: `WITH bid AS (
      INSERT INTO auction.bids (id, auction_id, registration_id, placed_by, kind, amount_fen, placed_at, sequence, idempotency_key, request_fingerprint, price_after_fen, leader_after)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    )
    UPDATE auction.auctions SET
      status = $13, current_price_fen = $20, leader_registration_id = $21, leader_bid_id = $14, leader_max_fen = $15,
      leader_placed_at = $16, runner_up_max_fen = $17, ends_at = $18, last_bid_at = $19, bid_count = $8,
      version = version + 1, updated_at = now()
    WHERE id = $2
    RETURNING version, updated_at`,
};

interface LockedRow {
  r_id: string | null;
  r_alias: string | null;
  l_alias: string | null;
  b_id: string | null;
  b_fingerprint: string | null;
  b_amount_fen: string | null;
  r_has_bid: boolean | null;
  [column: string]: unknown;
}

/** A column of auction.auctions: the entity's property and the column's name. */
type AuctionColumn = [property: string, column: string];

function auctionOf(row: LockedRow, columns: readonly AuctionColumn[]): AuctionEntity {
  const auction = new AuctionEntity();
  for (const [property, column] of columns) (auction as unknown as Record<string, unknown>)[property] = row[column];
  return auction;
}

/** Judged on its own, the bid would be accepted: it is judged again in a transaction that can store it. */
class NeedsTransaction {}

/** The amount in fen, or null if it is not one (the judgement then says why). */
function amountOrNull(amount: string): bigint | null {
  try {
    return parseYuanToFen(amount);
  } catch {
    return null;
  }
}

type Outcome = { receipt: BidReceipt; extended: boolean } | AskIdentityFirst | NeedsTransaction;

/** Past this many lots, the hints are forgotten (they are only hints). */
const HINTS_MAX = 10_000;

/** Eligibility was not known without asking identity: the transaction is let go, identity asked, and the bid tried again. */
class AskIdentityFirst {
  constructor(readonly requiredQualifications: string[]) {}
}

/**
 * Bids. Each is judged and stored in one transaction holding the lot's row lock, and is
 * committed before it is acknowledged. The same request repeated with the same Idempotency-Key
 * is answered from the stored bid, never applied twice; the key reused for a different request
 * is refused.
 *
 * The path is raw SQL on a pooled connection, four round trips: BEGIN; the lock and the read of
 * everything judged (lot, registration, leader alias, replay check: `auction.lock_lot_for_bid`);
 * the insert and update (one statement); COMMIT. A refused bid ends with ROLLBACK after the read,
 * or, when it is surely too low, is judged by the locking read alone, outside any transaction.
 * Eligibility comes from `PeerServices`, which asks identity only when it has no recent answer;
 * the lock is let go while asking.
 */
@Injectable()
export class BiddingService {
  private readonly pool: Pool;
  /** Every column of the lot as TypeORM maps it, so that the lot read here is the same entity as anywhere else. */
  private readonly columns: AuctionColumn[];
  private readonly lockAndRead: { name: string; text: string };
  /** Per English lot: the least a challenger could bid when last read by this service (a hint, never a judgement). */
  private readonly challengerMinimum = new Map<string, bigint>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerServices,
    private readonly lifecycle: LifecycleScheduler,
    private readonly events: AuctionEvents,
  ) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
    this.columns = dataSource.getMetadata(AuctionEntity).columns.map((column) => [column.propertyName, column.databaseName]);
    this.lockAndRead = lockAndRead(this.columns);
  }

  async bid(actor: Actor, command: PlaceBidCommand): Promise<BidReceipt> {
    const organisationId = requireOrganisation(actor);
    const fingerprint = createHash('sha256').update(JSON.stringify({ amount: command.amount ?? null, by: organisationId })).digest('hex');
    // A bid below the least a challenger could bid when this service last looked at the lot will,
    // almost surely, be refused (an English price never falls): it is judged in one statement,
    // which takes the lot's lock, reads, and lets go, without a transaction around it. Should it
    // be acceptable after all, it is judged again in a transaction, as any other bid.
    const hint = this.challengerMinimum.get(command.auctionId);
    const amount = typeof command.amount === 'string' ? amountOrNull(command.amount) : null;
    const likelyRefused = hint !== undefined && amount !== null && amount < hint;
    let eligibilityJustChecked = false;
    let transactional = !likelyRefused;
    let outcome: Outcome;
    for (;;) {
      outcome = await this.attempt(actor, organisationId, command, fingerprint, eligibilityJustChecked, transactional);
      if (outcome instanceof AskIdentityFirst && !eligibilityJustChecked) {
        // Eligibility is checked again at bid time: the organisation may have been suspended, or a qualification expired, since registration.
        await this.peers.assertEligibleToBid(organisationId, outcome.requiredQualifications, new Date());
        eligibilityJustChecked = true; // the next attempt relies on this answer, so it does not ask again
      } else if (outcome instanceof NeedsTransaction && !transactional) {
        transactional = true;
      } else {
        break;
      }
    }
    if (outcome instanceof AskIdentityFirst || outcome instanceof NeedsTransaction) throw new Error('unreachable: a bid judged in a transaction, with eligibility known, is settled');
    const { receipt, extended } = outcome;
    if (!receipt.replayed) {
      // A Dutch acceptance ends the auction: settle now rather than at the scheduled end.
      if (receipt.auction.type === 'dutch') await this.lifecycle.settleAt(command.auctionId, new Date());
      // A bidder is never the seller, so the receipt's view is the public one: publish it as it is.
      await this.events.publish(receipt.auction, 'bid', extended);
    }
    return receipt;
  }

  /**
   * One judgement under the lot's lock. `transactional`: lock and read, judge, write, commit, or
   * roll back on any refusal. Otherwise the lock-and-read is one statement on its own (the lock
   * is let go when it ends) and the attempt can only refuse, replay, or say it needs a transaction.
   */
  private async attempt(
    actor: Actor,
    organisationId: string,
    command: PlaceBidCommand,
    fingerprint: string,
    eligibilityJustChecked: boolean,
    transactional: boolean,
  ): Promise<Outcome> {
    const client = await this.pool.connect();
    let open = false;
    try {
      if (transactional) {
        await client.query('BEGIN');
        open = true;
      }
      const { rows } = await client.query<LockedRow>({ ...this.lockAndRead, values: [command.auctionId, organisationId, command.idempotencyKey] });
      const row = rows[0];
      if (!row) throw CommonErrors.notFound('auction', command.auctionId);
      const auction = auctionOf(row, this.columns);
      this.remember(auction);
      if (!row.r_id) {
        if (auction.organisationId === organisationId) {
          throw new DomainError('AUCTION.OWN_LISTING', 'forbidden', 'An organisation cannot bid on its own listing');
        }
        throw new DomainError('BID.NOT_REGISTERED', 'forbidden', 'Register for the auction (and hold its deposit) before bidding');
      }
      const registration = { id: row.r_id, alias: row.r_alias as string };
      if (row.b_id) {
        if (row.b_fingerprint !== fingerprint) {
          throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'conflict', 'This Idempotency-Key was already used for a different bid');
        }
        if (open) await this.finish(client, 'ROLLBACK');
        open = false;
        return { receipt: this.receipt(auction, row.b_id, row.l_alias, BigInt(row.b_amount_fen as string), true, actor), extended: false };
      }
      const now = new Date();
      if (!eligibilityJustChecked && !this.peers.knownEligibleToBid(organisationId, auction.requiredQualifications, now)) {
        if (open) await this.finish(client, 'ROLLBACK'); // never hold the lot's lock while asking another service
        open = false;
        return new AskIdentityFirst(auction.requiredQualifications);
      }
      if (auction.type === 'dutch' && auction.bidCount > 0) throw refused('already_sold'); // the loser of a race learns why
      if (auction.status !== 'open' && auction.status !== 'scheduled') throw refused('closed');
      const endsAtBefore = auction.endsAt.getTime();
      const terms = termsOf(auction);
      const bidId = randomUUID();
      let amountFen: bigint;
      let placedAt = now;
      let kind: 'bid' | 'acceptance' = 'bid';

      if (auction.type === 'english') {
        if (!command.amount) throw amountRequired();
        amountFen = parseYuanToFen(command.amount);
        const judgement = judgeEnglishBid(terms, englishStateOf(auction), { bidId, bidderId: registration.id, maxAmount: amountFen }, now);
        if (!judgement.accepted) throw refused(judgement.reason, judgement.minimumAcceptable);
        storeEnglishState(auction, judgement.state);
        placedAt = judgement.bid.placedAt;
      } else if (auction.type === 'dutch') {
        const judgement = judgeDutchAcceptance(terms, now, auction.bidCount > 0);
        if (!judgement.accepted) throw refused(judgement.reason);
        if (command.amount && parseYuanToFen(command.amount) !== judgement.price) {
          throw new DomainError('BID.PRICE_CHANGED', 'conflict', `The price is now ${formatFen(judgement.price)}`, {
            details: { currentPrice: formatFen(judgement.price) },
          });
        }
        amountFen = judgement.price;
        kind = 'acceptance';
        auction.currentPriceFen = amountFen.toString();
        auction.leaderRegistrationId = registration.id;
        auction.leaderBidId = bidId;
        auction.status = 'closed'; // the first acceptance wins; settlement follows
      } else {
        if (!command.amount) throw amountRequired();
        amountFen = parseYuanToFen(command.amount);
        const judgement = judgeSealedBid(terms, { bidId, bidderId: registration.id, amount: amountFen }, row.r_has_bid === true, now);
        if (!judgement.accepted) throw refused(judgement.reason, judgement.minimumAcceptable);
      }

      if (!transactional) return new NeedsTransaction();
      if (auction.status === 'scheduled') auction.status = 'open';
      auction.bidCount += 1;
      const standing = auction.type === 'english' || auction.type === 'dutch';
      const { rows: updated } = await client.query<{ version: number; updated_at: Date }>({
        ...INSERT_AND_UPDATE,
        values: [
          bidId,
          auction.id,
          registration.id,
          actor.userId,
          kind,
          amountFen.toString(),
          placedAt,
          auction.bidCount,
          command.idempotencyKey,
          fingerprint,
          standing ? auction.currentPriceFen : null, // the price and leader after this bid (not recorded for sealed bids)
          standing ? auction.leaderRegistrationId : null,
          auction.status,
          auction.leaderBidId,
          auction.leaderMaxFen,
          auction.leaderPlacedAt,
          auction.runnerUpMaxFen,
          auction.endsAt,
          auction.lastBidAt,
          auction.currentPriceFen,
          auction.leaderRegistrationId,
        ],
      });
      auction.version = updated[0].version;
      auction.updatedAt = updated[0].updated_at;
      await this.finish(client, 'COMMIT');
      open = false;
      this.remember(auction);
      // The leader's alias: this bidder's if it now leads; otherwise the leader did not change, and its alias was read under the lock.
      const leaderAlias = auction.leaderRegistrationId === registration.id ? registration.alias : row.l_alias;
      return {
        receipt: this.receipt(auction, bidId, leaderAlias, amountFen, false, actor),
        extended: auction.endsAt.getTime() !== endsAtBefore,
      };
    } catch (error) {
      if (open) await this.finish(client, 'ROLLBACK').catch(() => undefined);
      open = false;
      throw error;
    } finally {
      client.release();
    }
  }

  /** The least a challenger may bid on an English lot, as last read here: the hint that routes a bid. */
  private remember(auction: AuctionEntity): void {
    if (auction.type !== 'english') return;
    if (this.challengerMinimum.size >= HINTS_MAX && !this.challengerMinimum.has(auction.id)) this.challengerMinimum.clear();
    this.challengerMinimum.set(auction.id, englishMinimumAcceptable(termsOf(auction), englishStateOf(auction), '__challenger__'));
  }

  private async finish(client: PoolClient, statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    await client.query(statement);
  }

  /** The bid history by alias. English shows the price after each bid (never a maximum); sealed bids stay hidden until settled, except one's own. */
  async history(actor: Actor | null, auctionId: string): Promise<BidView[]> {
    const auction = await this.dataSource.getRepository(AuctionEntity).findOneBy({ id: auctionId });
    if (!auction) throw CommonErrors.notFound('auction', auctionId);
    const sealed = auction.type === 'sealed_first_price' || auction.type === 'sealed_second_price';
    const rows: { id: string; alias: string; kind: 'bid' | 'acceptance'; amount: string; price_after: string | null; leader_alias: string | null; placed_at: Date; organisation_id: string }[] =
      await this.dataSource.query(
        `SELECT b.id, r.alias, b.kind, b.amount_fen::text AS amount, b.price_after_fen::text AS price_after, l.alias AS leader_alias, b.placed_at, r.organisation_id
         FROM auction.bids b
         JOIN auction.registrations r ON r.id = b.registration_id
         LEFT JOIN auction.registrations l ON l.id = b.leader_after
         WHERE b.auction_id = $1 ORDER BY b.sequence`,
        [auctionId],
      );
    const bidder = actingOrganisationOf(actor);
    const visible = sealed && auction.status !== 'settled' ? rows.filter((row) => bidder !== null && row.organisation_id === bidder) : rows;
    return visible.map((row) => ({
      id: row.id,
      alias: row.alias,
      kind: row.kind,
      price: sealed ? formatFen(row.amount) : row.price_after === null ? null : formatFen(row.price_after),
      leaderAlias: sealed ? null : row.leader_alias,
      placedAt: row.placed_at.toISOString(),
    }));
  }

  private receipt(auction: AuctionEntity, bidId: string, leaderAlias: string | null, amountFen: bigint, replayed: boolean, actor: Actor): BidReceipt {
    const insider = actor.organisationId === auction.organisationId;
    return {
      bidId,
      accepted: true,
      replayed,
      auction: auctionViewOf(auction, leaderAlias, insider),
      yourMaximum: auction.type === 'english' ? formatFen(amountFen) : null,
    };
  }
}
