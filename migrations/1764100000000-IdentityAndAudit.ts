import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity (organisations, users, invitations, refresh tokens, qualifications) and the
 * append-only, hash-chained audit log shared by every service.
 */
export class IdentityAndAudit1764100000000 implements MigrationInterface {
  name = 'IdentityAndAudit1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.organisations (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('institute', 'enterprise')),
        credit_code char(18) NOT NULL UNIQUE,
        region_code char(6) NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'verified', 'rejected', 'suspended')),
        status_reason text,
        verified_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX organisations_status_idx ON identity.organisations (status, created_at)`);

    await q.query(`
      CREATE TABLE identity.users (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('institute', 'enterprise', 'expert', 'operator')),
        organisation_id uuid REFERENCES identity.organisations (id),
        is_organisation_admin boolean NOT NULL DEFAULT false,
        expertise_fields text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT members_belong_to_an_organisation
          CHECK (role NOT IN ('institute', 'enterprise') OR organisation_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX users_organisation_idx ON identity.users (organisation_id)`);
    await q.query(`CREATE INDEX users_experts_idx ON identity.users USING gin (expertise_fields) WHERE role = 'expert'`);

    await q.query(`
      CREATE TABLE identity.invitations (
        id uuid PRIMARY KEY,
        organisation_id uuid REFERENCES identity.organisations (id),
        email text NOT NULL CHECK (email = lower(email)),
        role text NOT NULL CHECK (role IN ('institute', 'enterprise', 'expert')),
        display_name text,
        expertise_fields text[] NOT NULL DEFAULT '{}',
        token_hash char(64) NOT NULL UNIQUE,
        invited_by uuid NOT NULL REFERENCES identity.users (id),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX invitations_organisation_idx ON identity.invitations (organisation_id, created_at)`);

    await q.query(`
      CREATE TABLE identity.refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES identity.users (id),
        secret_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON identity.refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON identity.refresh_tokens (user_id)`);

    await q.query(`
      CREATE TABLE identity.qualifications (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES identity.organisations (id),
        type text NOT NULL CHECK (type IN ('weapons_rnd_licence', 'quality_system', 'equipment_supplier', 'secrecy', 'civil_military_enterprise')),
        number text NOT NULL,
        grade text,
        issuer text NOT NULL,
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        status text NOT NULL CHECK (status IN ('submitted', 'verified', 'rejected')),
        review_reason text,
        reviewed_by uuid REFERENCES identity.users (id),
        reviewed_at timestamptz,
        submitted_by uuid NOT NULL REFERENCES identity.users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT validity_period_is_ordered CHECK (valid_until >= valid_from)
      )`);
    await q.query(`CREATE INDEX qualifications_holder_idx ON identity.qualifications (organisation_id, type, status)`);
    await q.query(`CREATE INDEX qualifications_review_idx ON identity.qualifications (status, created_at)`);

    await q.query(`CREATE SCHEMA IF NOT EXISTS audit`);
    await q.query(`
      CREATE TABLE audit.entries (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        actor_role text NOT NULL,
        organisation_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        reason text,
        correlation_id text,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX audit_entity_idx ON audit.entries (entity_type, entity_id, seq DESC)`);
    await q.query(`CREATE INDEX audit_actor_idx ON audit.entries (actor_id, seq DESC)`);
    await q.query(`CREATE INDEX audit_organisation_idx ON audit.entries (organisation_id, seq DESC)`);
    await q.query(`CREATE INDEX audit_action_idx ON audit.entries (action, seq DESC)`);
    // Append-only, enforced by the database itself: no UPDATE, DELETE or TRUNCATE, whoever asks.
    await q.query(`
      CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON audit.entries
      FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()`);
    await q.query(`CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON audit.entries
      FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit.entries FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA audit CASCADE`);
    for (const table of ['qualifications', 'refresh_tokens', 'invitations', 'users', 'organisations']) {
      await q.query(`DROP TABLE identity.${table}`);
    }
  }
}
