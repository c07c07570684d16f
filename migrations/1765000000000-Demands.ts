import { MigrationInterface, QueryRunner } from 'typeorm';

/** Demands (需求) and the matches the matcher found for them, in the matching service's schema. */
export class Demands1765000000000 implements MigrationInterface {
  name = 'Demands1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE matching.demands (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL,
        created_by uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'closed', 'hidden')),
        status_reason text,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
        field text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('mil_to_civ', 'civ_to_mil')),
        ipc_codes text[] NOT NULL DEFAULT '{}',
        min_trl smallint NOT NULL CHECK (min_trl BETWEEN 1 AND 9),
        budget_fen bigint CHECK (budget_fen > 0),
        deadline date NOT NULL,
        visibility text NOT NULL CHECK (visibility IN ('public', 'registered')),
        version integer NOT NULL DEFAULT 1,
        indexed_version integer,
        matched_version integer,
        matched_at timestamptz,
        closed_at timestamptz,
        hidden_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT hidden_has_reason CHECK (status <> 'hidden' OR status_reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX demands_owner_idx ON matching.demands (organisation_id, updated_at DESC)`);
    await q.query(`CREATE INDEX demands_status_idx ON matching.demands (status, updated_at)`);
    // The sweep's two questions: which demands the index and the matcher have not caught up with.
    await q.query(`CREATE INDEX demands_unindexed_idx ON matching.demands (id) WHERE indexed_version IS DISTINCT FROM version`);
    await q.query(`CREATE INDEX demands_unmatched_idx ON matching.demands (id) WHERE status = 'open' AND matched_version IS DISTINCT FROM version`);

    await q.query(`
      CREATE TABLE matching.matches (
        id uuid PRIMARY KEY,
        demand_id uuid NOT NULL REFERENCES matching.demands (id),
        listing_id uuid NOT NULL,
        demand_organisation_id uuid NOT NULL,
        listing_organisation_id uuid NOT NULL,
        score numeric(4, 3) NOT NULL CHECK (score BETWEEN 0 AND 1),
        text_relevance numeric(4, 3) NOT NULL CHECK (text_relevance BETWEEN 0 AND 1),
        explanation text NOT NULL,
        reasons jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'retired')),
        found_by text NOT NULL CHECK (found_by IN ('demand', 'listing')),
        notify_pending boolean NOT NULL DEFAULT false,
        notified_at timestamptz,
        scored_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT one_match_per_pair UNIQUE (demand_id, listing_id),
        CONSTRAINT never_own_listing CHECK (demand_organisation_id <> listing_organisation_id)
      )`);
    await q.query(`CREATE INDEX matches_listing_idx ON matching.matches (listing_id, status)`);
    await q.query(`CREATE INDEX matches_demand_idx ON matching.matches (demand_id, status, score DESC)`);
    await q.query(`CREATE INDEX matches_notify_pending_idx ON matching.matches (updated_at) WHERE notify_pending`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE matching.matches`);
    await q.query(`DROP TABLE matching.demands`);
  }
}
