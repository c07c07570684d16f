import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotificationRequest } from '@lib/contracts';
import { NotificationOutbox } from '@lib/outbox';
import { DataSource } from 'typeorm';
import { chinaDateOf } from '../domain/dates';
import { ListingsClient } from './listings-client';

interface PendingRow {
  id: string;
  demand_id: string;
  listing_id: string;
  demand_organisation_id: string;
  listing_organisation_id: string;
  score: string;
  explanation: string;
  status: 'active' | 'retired';
  demand_title: string;
  demand_status: string;
  demand_deadline: string;
}

/** At most `max` characters, an ellipsis marking the cut (the inbox keeps titles to 300, bodies to 4000). */
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The two requests announcing a new match: one to the demand's organisation, one to the listing's. Keys are stable per match and side. */
export function matchNotifications(match: {
  matchId: string;
  demandId: string;
  listingId: string;
  demandOrganisationId: string;
  listingOrganisationId: string;
  demandTitle: string;
  listingTitle: string;
  score: number;
  explanation: string;
}): NotificationRequest[] {
  const score = match.score.toFixed(2);
  const demandTitle = clip(match.demandTitle, 120);
  const listingTitle = clip(match.listingTitle, 120);
  const explanation = clip(match.explanation, 2000);
  return [
    {
      key: `match.new:${match.matchId}:demand`,
      kind: 'match.new',
      recipientOrganisationIds: [match.demandOrganisationId],
      recipientUserIds: [],
      title: `新匹配成果 New listing for your demand “${demandTitle}”`,
      body: `“${listingTitle}” matches your demand (score ${score}): ${explanation}.`,
      subject: { type: 'demand', id: match.demandId },
    },
    {
      key: `match.new:${match.matchId}:listing`,
      kind: 'match.new',
      recipientOrganisationIds: [match.listingOrganisationId],
      recipientUserIds: [],
      title: `新匹配需求 A demand matches your listing “${listingTitle}”`,
      body: `The demand “${demandTitle}” matches your listing (score ${score}): ${explanation}.`,
      subject: { type: 'listing', id: match.listingId },
    },
  ];
}

/**
 * Announces new matches: their notification requests go to the outbox in the transaction that marks
 * the match notified, so a match is marked exactly when its notices are sure to be delivered. A match
 * marked for notification in its run's transaction is announced after commit; the sweep announces any
 * the run did not get to.
 * Just before announcing, both sides are checked again: a listing no longer published or a demand no
 * longer open is never announced (and may be announced later, if it is matched again).
 */
@Injectable()
export class MatchNotifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: NotificationOutbox,
    private readonly listings: ListingsClient,
  ) {}

  async flush(options: { matchIds?: string[]; olderThanSeconds?: number }): Promise<number> {
    if (options.matchIds && options.matchIds.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT m.id, m.demand_id, m.listing_id, m.demand_organisation_id, m.listing_organisation_id, m.score::text AS score, m.explanation, m.status,
                d.title AS demand_title, d.status AS demand_status, d.deadline::text AS demand_deadline
           FROM matching.matches m JOIN matching.demands d ON d.id = m.demand_id
          WHERE m.notify_pending
            AND ($1::uuid[] IS NULL OR m.id = ANY($1::uuid[]))
            AND m.updated_at <= now() - make_interval(secs => $2)
          ORDER BY m.updated_at
          LIMIT 200
          FOR UPDATE OF m SKIP LOCKED`,
        [options.matchIds ?? null, options.olderThanSeconds ?? 0],
      );
      if (rows.length === 0) return 0;
      const today = chinaDateOf(new Date());
      const published = await this.listings.published(rows.map((r) => r.listing_id));
      const sent: string[] = [];
      for (const row of rows) {
        const listing = published.get(row.listing_id);
        if (row.status !== 'active' || row.demand_status !== 'open' || row.demand_deadline < today || !listing) continue;
        const requests = matchNotifications({
          matchId: row.id,
          demandId: row.demand_id,
          listingId: row.listing_id,
          demandOrganisationId: row.demand_organisation_id,
          listingOrganisationId: row.listing_organisation_id,
          demandTitle: row.demand_title,
          listingTitle: listing.listing.title,
          score: Number(row.score),
          explanation: row.explanation,
        });
        await this.outbox.add(manager, ...requests);
        sent.push(row.id);
      }
      await manager.query(
        `UPDATE matching.matches SET notify_pending = false, notified_at = CASE WHEN id = ANY($2::uuid[]) THEN now() ELSE notified_at END
          WHERE id = ANY($1::uuid[])`,
        [rows.map((r) => r.id), sent],
      );
      return sent.length;
    });
  }
}
