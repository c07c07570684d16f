import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluations (one open per listing), the experts assigned to each round of its panel, and their
 * reviews. Reviews are final: the database refuses to change or delete one, and an assignment has
 * at most one. Money is integer fen.
 */
export class Evaluation1764800000000 implements MigrationInterface {
  name = 'Evaluation1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation.evaluations (
        id uuid PRIMARY KEY,
        listing_id uuid NOT NULL,
        listing_organisation_id uuid NOT NULL,
        listing jsonb NOT NULL,
        field text NOT NULL,
        trl smallint NOT NULL CHECK (trl BETWEEN 1 AND 9),
        status text NOT NULL CHECK (status IN ('requested', 'in_review', 'flagged', 'published', 'cancelled')),
        status_reason text,
        round integer NOT NULL DEFAULT 1 CHECK (round >= 1),
        note text,
        requested_by uuid NOT NULL,
        requested_by_role text NOT NULL CHECK (requested_by_role IN ('owner', 'operator')),
        result jsonb,
        flagged_at timestamptz,
        published_at timestamptz,
        listing_recorded_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'published' OR (published_at IS NOT NULL AND result IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX evaluations_one_open_per_listing ON evaluation.evaluations (listing_id) WHERE status IN ('requested', 'in_review', 'flagged')`);
    await q.query(`CREATE INDEX evaluations_owner_idx ON evaluation.evaluations (listing_organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX evaluations_status_idx ON evaluation.evaluations (status, created_at)`);
    await q.query(`CREATE INDEX evaluations_unrecorded_idx ON evaluation.evaluations (published_at) WHERE status = 'published' AND listing_recorded_at IS NULL`);

    await q.query(`
      CREATE TABLE evaluation.assignments (
        id uuid PRIMARY KEY,
        evaluation_id uuid NOT NULL REFERENCES evaluation.evaluations (id),
        round integer NOT NULL CHECK (round >= 1),
        expert_id uuid NOT NULL,
        expert_name text NOT NULL,
        expert_organisation_id uuid,
        alias text NOT NULL,
        status text NOT NULL CHECK (status IN ('assigned', 'submitted', 'replaced', 'withdrawn')),
        deadline timestamptz NOT NULL,
        reminder_at timestamptz NOT NULL,
        reminded_at timestamptz,
        missed_at timestamptz,
        assigned_by uuid NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        replaced_at timestamptz,
        replacement_id uuid REFERENCES evaluation.assignments (id),
        replace_reason text,
        UNIQUE (evaluation_id, round, expert_id),
        UNIQUE (evaluation_id, alias),
        CHECK (reminder_at <= deadline),
        CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX assignments_expert_idx ON evaluation.assignments (expert_id, assigned_at DESC)`);
    await q.query(`CREATE INDEX assignments_evaluation_idx ON evaluation.assignments (evaluation_id, round)`);
    await q.query(`CREATE INDEX assignments_waiting_idx ON evaluation.assignments (deadline) WHERE status = 'assigned'`);

    await q.query(`
      CREATE TABLE evaluation.reviews (
        id uuid PRIMARY KEY,
        assignment_id uuid NOT NULL UNIQUE REFERENCES evaluation.assignments (id),
        evaluation_id uuid NOT NULL REFERENCES evaluation.evaluations (id),
        round integer NOT NULL,
        expert_id uuid NOT NULL,
        technical_advancement smallint NOT NULL CHECK (technical_advancement BETWEEN 0 AND 100),
        maturity smallint NOT NULL CHECK (maturity BETWEEN 0 AND 100),
        ip_strength smallint NOT NULL CHECK (ip_strength BETWEEN 0 AND 100),
        market_prospect smallint NOT NULL CHECK (market_prospect BETWEEN 0 AND 100),
        dual_use_value smallint NOT NULL CHECK (dual_use_value BETWEEN 0 AND 100),
        comments jsonb NOT NULL,
        weighted_score_centi integer NOT NULL CHECK (weighted_score_centi BETWEEN 0 AND 10000),
        valuation_low_fen bigint NOT NULL CHECK (valuation_low_fen > 0),
        valuation_high_fen bigint NOT NULL,
        method text NOT NULL CHECK (method IN ('cost', 'market', 'income')),
        basis text NOT NULL,
        comparable_trade_ids uuid[] NOT NULL DEFAULT '{}',
        income jsonb,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valuation_high_fen >= valuation_low_fen)
      )`);
    await q.query(`CREATE INDEX reviews_evaluation_idx ON evaluation.reviews (evaluation_id, round)`);
    await q.query(`
      CREATE FUNCTION evaluation.reviews_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'evaluation.reviews are final: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER reviews_final BEFORE UPDATE OR DELETE ON evaluation.reviews FOR EACH ROW EXECUTE FUNCTION evaluation.reviews_are_final()`);
    await q.query(`CREATE TRIGGER reviews_no_truncate BEFORE TRUNCATE ON evaluation.reviews FOR EACH STATEMENT EXECUTE FUNCTION evaluation.reviews_are_final()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evaluation.reviews`);
    await q.query(`DROP FUNCTION evaluation.reviews_are_final()`);
    await q.query(`DROP TABLE evaluation.assignments`);
    await q.query(`DROP TABLE evaluation.evaluations`);
  }
}
