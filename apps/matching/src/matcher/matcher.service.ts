import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, canSeeOrganisationObject, Role, SystemActor, systemActor } from '@lib/auth';
import { AppConfig } from '@lib/config';
import {
  DemandMatchesCommand,
  DemandMatchesResult,
  DemandPublicView,
  ListingMatchesCommand,
  ListingMatchesResult,
  MatchingRunAnswer,
  MatchingSweepAnswer,
  MatchReason,
  parseYuanToFen,
  PublishedListingForMatching,
} from '@lib/contracts';
import { CommonErrors, DomainError } from '@lib/errors';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { demandCandidateFilters, listingCandidateFilters } from '../domain/candidate-filters';
import { chinaDateOf } from '../domain/dates';
import { isDemandLive } from '../domain/demand-rules';
import { assessMatch, byScoreThenId, ListingFacts } from '../domain/scoring';
import { textQueriesOf } from '../domain/text-queries';
import { DemandEntity } from '../demands/demand.entity';
import { DemandIndexer } from '../demands/demand-indexer';
import { demandFactsOf, publicDemandOf } from '../demands/demand-views';
import { MatchCandidates } from './candidates';
import { ListingsClient } from './listings-client';
import { MatchNotifier } from './match-notifier';

/** Matches stored per run of a job (the API returns at most 50 too). */
export const RUN_LIMIT = 50;

const WORKER = systemActor('matching-worker');

/** The facts the matcher judges a listing by, from its public part. */
export function listingFactsOf(item: PublishedListingForMatching): ListingFacts {
  const { listing } = item;
  return {
    organisationId: item.organisationId,
    field: listing.field,
    direction: listing.direction,
    ipcCodes: listing.ipcCodes,
    trl: listing.trl,
    askingPriceFen: listing.askingPrice === null ? null : parseYuanToFen(listing.askingPrice),
    evaluation: listing.evaluation ? { grade: listing.evaluation.grade, score: Number(listing.evaluation.score) } : null,
  };
}

interface Ranked {
  id: string;
  score: number;
  text: number;
  explanation: string;
  reasons: MatchReason[];
}

interface PairToStore extends Ranked {
  demandId: string;
  /** The version of the demand the pair was judged against. */
  demandVersion: number;
  listingId: string;
  demandOrganisationId: string;
  listingOrganisationId: string;
}

/**
 * The matcher: ranks published listings for a demand and open demands for a listing. Candidates come
 * from Meilisearch (text relevance, and what is related by field or IPC); every candidate is checked
 * against its source of truth at that moment (listings: published now; demands: open, visible, not
 * expired), judged by the pure rules of `assessMatch`, and the best are stored with their score and
 * explanation. A new match at or above the notification threshold asks for both sides to be notified.
 */
@Injectable()
export class MatcherService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly candidates: MatchCandidates,
    private readonly listings: ListingsClient,
    private readonly notifier: MatchNotifier,
    private readonly indexer: DemandIndexer,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  // ---------------------------------------------------------------------------------------------
  // On demand, through the API

  /** The demand's owner organisation or an operator: published listings for it, ranked now. */
  async forDemand(actor: Actor, command: DemandMatchesCommand): Promise<DemandMatchesResult> {
    const demand = await this.dataSource.getRepository(DemandEntity).findOneBy({ id: command.demandId });
    if (!demand || !canSeeOrganisationObject(actor, demand.organisationId)) throw CommonErrors.notFound('demand', command.demandId);
    const today = chinaDateOf(new Date());
    if (demand.status !== 'open') {
      throw new DomainError('DEMAND.NOT_OPEN', 'conflict', `A demand that is ${demand.status} is not matched`, { details: { status: demand.status } });
    }
    if (!isDemandLive(demand.status, demand.deadline, today)) {
      throw new DomainError('DEMAND.EXPIRED', 'conflict', `The demand's deadline ${demand.deadline} has passed: it is not matched any more`);
    }
    const { ranked, listings, stored, judged } = await this.matchDemand(demand, command.limit, actor);
    if (judged > 0 && ranked.length === 0) {
      // Hidden, closed or edited while it was being matched: nothing was stored, and its old ranking is not answered.
      throw new DomainError('DEMAND.CHANGED', 'conflict', 'The demand changed while it was being matched; ask again');
    }
    return {
      demandId: demand.id,
      ranAt: new Date().toISOString(),
      items: ranked.map((r) => ({ ...this.matchFields(r, stored.get(r.id)!), listing: listings.get(r.id)!.listing })),
    };
  }

  /** The listing's owner organisation or an operator: open demands for it, ranked now. */
  async forListing(actor: Actor, command: ListingMatchesCommand): Promise<ListingMatchesResult> {
    const view = await this.listings.get(actor, command.listingId);
    // Only the owner organisation and operators get the full view; a public view means "not yours".
    if (view.visibility !== 'full') throw CommonErrors.notFound('listing', command.listingId);
    const published = (await this.listings.published([command.listingId])).get(command.listingId);
    if (view.status !== 'published' || !published) {
      throw new DomainError('LISTING.NOT_PUBLISHED', 'conflict', `A listing that is ${view.status} is not matched: only published listings are`, { details: { status: view.status } });
    }
    const { ranked, demands, stored } = await this.matchListing(published, command.limit, actor);
    return {
      listingId: command.listingId,
      ranAt: new Date().toISOString(),
      items: ranked.map((r) => ({ ...this.matchFields(r, stored.get(r.id)!), demand: demands.get(r.id)! })),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Jobs, from the worker

  async runForDemand(demandId: string): Promise<MatchingRunAnswer> {
    const demand = await this.dataSource.getRepository(DemandEntity).findOneBy({ id: demandId });
    if (!demand || !isDemandLive(demand.status, demand.deadline, chinaDateOf(new Date()))) return { ran: false, matches: 0, notified: 0 };
    const { ranked, notified } = await this.matchDemand(demand, RUN_LIMIT, WORKER);
    return { ran: true, matches: ranked.length, notified };
  }

  async runForListing(listingId: string): Promise<MatchingRunAnswer> {
    const published = (await this.listings.published([listingId])).get(listingId);
    if (!published) {
      await this.retireListing(listingId);
      return { ran: false, matches: 0, notified: 0 };
    }
    const { ranked, notified } = await this.matchListing(published, RUN_LIMIT, WORKER);
    return { ran: true, matches: ranked.length, notified };
  }

  /** A listing left the catalogue: its matches are retired (unless it is published again by now). */
  async retireListing(listingId: string): Promise<{ retired: number }> {
    return this.retireListings([listingId]);
  }

  /**
   * Listings left the catalogue (a relay batch: a settlement burst sells hundreds a second): the
   * matches of those still unpublished are retired, one question to listings and one transaction
   * for the batch, one audit entry per listing that had any.
   */
  async retireListings(listingIds: string[]): Promise<{ retired: number }> {
    const published = await this.listings.published(listingIds);
    const gone = [...new Set(listingIds)].filter((id) => !published.has(id));
    if (gone.length === 0) return { retired: 0 };
    return this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, count].
      const [rows]: [{ id: string; listing_id: string }[], number] = await manager.query(
        `UPDATE matching.matches SET status = 'retired', notify_pending = false, updated_at = now()
          WHERE listing_id = ANY($1::uuid[]) AND status = 'active' RETURNING id, listing_id`,
        [gone],
      );
      const byListing = new Map<string, string[]>();
      for (const row of rows) byListing.set(row.listing_id, [...(byListing.get(row.listing_id) ?? []), row.id]);
      for (const [listingId, retired] of byListing) {
        await this.audit.append(manager, {
          actor: WORKER,
          action: 'matches.retired',
          entityType: 'listing',
          entityId: listingId,
          organisationId: null,
          after: { retired },
          reason: 'the listing left the catalogue',
        });
      }
      return { retired: rows.length };
    });
  }

  /**
   * Catches up what a lost trigger left behind: the demand index, matches marked for notification
   * but not yet announced (written to the outbox), and open demands whose current version was never matched (answered for the worker to queue).
   */
  async sweep(): Promise<MatchingSweepAnswer> {
    await this.indexer.checkIndex();
    const indexed = await this.indexer.sync(undefined, 500);
    const notified = await this.notifier.flush({ olderThanSeconds: 10 });
    const rows: { id: string; version: number }[] = await this.dataSource.query(
      `SELECT id, version FROM matching.demands
        WHERE status = 'open' AND deadline >= $1::date AND matched_version IS DISTINCT FROM version AND updated_at < now() - interval '10 seconds'
        ORDER BY updated_at LIMIT 200`,
      [chinaDateOf(new Date())],
    );
    return { demands: rows.map((r) => ({ demandId: r.id, version: r.version })), indexed, notified };
  }

  // ---------------------------------------------------------------------------------------------
  // The two directions

  private async matchDemand(demand: DemandEntity, limit: number, actor: Actor | SystemActor) {
    const today = chinaDateOf(new Date());
    const facts = demandFactsOf(demand);
    const texts = await this.candidates.listings({ queries: textQueriesOf(demand.title, demand.description), ...listingCandidateFilters(facts) });
    // Meilisearch may lag behind (or, restored from a backup, lead): only what is published now counts.
    const listings = texts.size ? await this.listings.published([...texts.keys()]) : new Map<string, PublishedListingForMatching>();
    const ranked: Ranked[] = [];
    for (const [id, item] of listings) {
      const text = texts.get(id) ?? 0;
      const assessment = assessMatch(facts, listingFactsOf(item), text, today);
      if (assessment.eligible && assessment.score >= this.config.matching.minScore) ranked.push({ id, text, ...assessment });
    }
    ranked.sort(byScoreThenId);
    const best = ranked.slice(0, limit);
    const stored = await this.store(
      best.map((r) => ({
        ...r,
        demandId: demand.id,
        demandVersion: demand.version,
        listingId: r.id,
        demandOrganisationId: demand.organisationId,
        listingOrganisationId: listings.get(r.id)!.organisationId,
      })),
      'demand',
      actor,
      { entityType: 'demand', entityId: demand.id, organisationId: demand.organisationId },
      // This version of the demand has been matched: the sweep leaves it alone.
      (manager) => manager.query(`UPDATE matching.demands SET matched_version = $2, matched_at = now() WHERE id = $1 AND version = $2`, [demand.id, demand.version]),
    );
    const notified = await this.notifier.flush({ matchIds: [...stored.values()].filter((s) => s.notifyPending).map((s) => s.matchId) });
    return { ranked: best.filter((r) => stored.has(r.id)), judged: best.length, listings, stored, notified };
  }

  private async matchListing(item: PublishedListingForMatching, limit: number, actor: Actor | SystemActor) {
    const today = chinaDateOf(new Date());
    const facts = listingFactsOf(item);
    const { listing } = item;
    const texts = await this.candidates.demands({ queries: textQueriesOf(listing.title, listing.summary), ...demandCandidateFilters(facts, today) });
    // The index is a copy: only demands open, visible and not expired in PostgreSQL now count.
    const rows = texts.size ? await this.dataSource.getRepository(DemandEntity).findBy({ id: In([...texts.keys()]), status: 'open' }) : [];
    const demands = new Map<string, DemandPublicView>();
    const owners = new Map<string, { organisationId: string; version: number }>();
    const ranked: Ranked[] = [];
    for (const demand of rows) {
      const visible = publicDemandOf(demand, today);
      if (!visible || visible.expired) continue;
      const text = texts.get(demand.id) ?? 0;
      const assessment = assessMatch(demandFactsOf(demand), facts, text, today);
      if (!assessment.eligible || assessment.score < this.config.matching.minScore) continue;
      ranked.push({ id: demand.id, text, ...assessment });
      demands.set(demand.id, visible);
      owners.set(demand.id, { organisationId: demand.organisationId, version: demand.version });
    }
    ranked.sort(byScoreThenId);
    const best = ranked.slice(0, limit);
    const stored = await this.store(
      best.map((r) => ({
        ...r,
        demandId: r.id,
        demandVersion: owners.get(r.id)!.version,
        listingId: listing.id,
        demandOrganisationId: owners.get(r.id)!.organisationId,
        listingOrganisationId: item.organisationId,
      })),
      'listing',
      actor,
      { entityType: 'listing', entityId: listing.id, organisationId: item.organisationId },
    );
    const notified = await this.notifier.flush({ matchIds: [...stored.values()].filter((s) => s.notifyPending).map((s) => s.matchId) });
    return { ranked: best.filter((r) => stored.has(r.id)), demands, stored, notified };
  }

  // ---------------------------------------------------------------------------------------------
  // Storing

  /**
   * Upserts one row per pair (the pair keeps its id, its first finder and whether it was announced),
   * marks for notification the pairs at or above the threshold never announced, and audits the new
   * pairs in the same transaction. The demands are locked first (in id order, as hiding, closing and
   * editing lock them) and only pairs whose demand is still open at the version judged are stored: a
   * demand hidden or edited during the run keeps its matches retired. Rows are written in one order,
   * so two runs over the same pairs wait for each other instead of deadlocking. Answers, by the
   * other side's id, the stored match.
   */
  private async store(
    pairs: PairToStore[],
    foundBy: 'demand' | 'listing',
    actor: Actor | SystemActor,
    subject: { entityType: string; entityId: string; organisationId: string },
    also?: (manager: import('typeorm').EntityManager) => Promise<unknown>,
  ): Promise<Map<string, { matchId: string; notifyPending: boolean; notified: boolean }>> {
    const threshold = this.config.matching.notifyThreshold;
    return this.dataSource.transaction(async (manager) => {
      const stored = new Map<string, { matchId: string; notifyPending: boolean; notified: boolean }>();
      const created: { matchId: string; demandId: string; listingId: string; score: number }[] = [];
      const now = new Date();
      const demandIds = [...new Set(pairs.map((p) => p.demandId))].sort();
      const open: { id: string; version: number }[] = demandIds.length
        ? await manager.query(`SELECT id, version FROM matching.demands WHERE id = ANY($1::uuid[]) AND status = 'open' ORDER BY id FOR UPDATE`, [demandIds])
        : [];
      const versions = new Map(open.map((d) => [d.id, d.version]));
      const current = pairs
        .filter((p) => versions.get(p.demandId) === p.demandVersion)
        .sort((a, b) => (a.demandId + a.listingId < b.demandId + b.listingId ? -1 : 1));
      for (const pair of current) {
        const [row]: { id: string; notify_pending: boolean; notified: boolean; inserted: boolean }[] = await manager.query(
          `INSERT INTO matching.matches AS m (id, demand_id, listing_id, demand_organisation_id, listing_organisation_id, score, text_relevance,
             explanation, reasons, status, found_by, notify_pending, scored_at)
           VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8, $9::jsonb, 'active', $10, $6::numeric >= $11::numeric, $12)
           ON CONFLICT (demand_id, listing_id) DO UPDATE SET
             score = EXCLUDED.score, text_relevance = EXCLUDED.text_relevance, explanation = EXCLUDED.explanation,
             reasons = EXCLUDED.reasons, status = 'active', scored_at = EXCLUDED.scored_at, updated_at = now(),
             notify_pending = m.notify_pending OR (m.notified_at IS NULL AND EXCLUDED.score >= $11::numeric)
           RETURNING id, notify_pending, notified_at IS NOT NULL AS notified, (xmax = 0) AS inserted`,
          [
            randomUUID(),
            pair.demandId,
            pair.listingId,
            pair.demandOrganisationId,
            pair.listingOrganisationId,
            pair.score,
            Math.round(Math.max(0, Math.min(1, pair.text)) * 1000) / 1000,
            pair.explanation,
            JSON.stringify(pair.reasons),
            foundBy,
            threshold,
            now,
          ],
        );
        stored.set(pair.id, { matchId: row.id, notifyPending: row.notify_pending, notified: row.notified });
        if (row.inserted) created.push({ matchId: row.id, demandId: pair.demandId, listingId: pair.listingId, score: pair.score });
      }
      if (also) await also(manager);
      if (created.length > 0) {
        await this.audit.append(manager, {
          actor,
          action: `${subject.entityType}.matched`,
          entityType: subject.entityType,
          entityId: subject.entityId,
          organisationId: subject.organisationId,
          after: { newMatches: created },
        });
      }
      return stored;
    });
  }

  private matchFields(r: Ranked, stored: { matchId: string }) {
    return { matchId: stored.matchId, score: r.score, explanation: r.explanation, reasons: r.reasons, notable: r.score >= this.config.matching.notifyThreshold };
  }
}
