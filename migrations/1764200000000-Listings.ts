import { MigrationInterface, QueryRunner } from 'typeorm';

/** Listings, their NDA acceptances and dossier grants, and the catalogue outbox. */
export class Listings1764200000000 implements MigrationInterface {
  name = 'Listings1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE listings.listings (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL,
        created_by uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'pending_review', 'published', 'rejected', 'suspended', 'sold', 'withdrawn')),
        status_reason text,
        title text NOT NULL,
        summary text NOT NULL,
        description text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('mil_to_civ', 'civ_to_mil')),
        field text NOT NULL,
        ipc_codes text[] NOT NULL DEFAULT '{}',
        trl smallint NOT NULL CHECK (trl BETWEEN 1 AND 9),
        patents jsonb NOT NULL DEFAULT '[]',
        transaction_modes text[] NOT NULL,
        asking_price_fen bigint CHECK (asking_price_fen >= 0),
        secrecy_level text NOT NULL CHECK (secrecy_level IN ('public', 'internal', 'secret', 'confidential')),
        declassification jsonb,
        dossier_access text NOT NULL DEFAULT 'by_grant' CHECK (dossier_access IN ('by_grant', 'verified_organisations')),
        dossier_content text,
        dossier_updated_at timestamptz,
        evaluation jsonb,
        published_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT declassified_before_review CHECK (
          secrecy_level = 'public' OR declassification IS NOT NULL OR status IN ('draft', 'rejected'))
      )`);
    await q.query(`CREATE INDEX listings_owner_idx ON listings.listings (organisation_id, updated_at DESC)`);
    await q.query(`CREATE INDEX listings_status_idx ON listings.listings (status, updated_at)`);

    await q.query(`
      CREATE TABLE listings.nda_acceptances (
        listing_id uuid NOT NULL REFERENCES listings.listings (id),
        organisation_id uuid NOT NULL,
        accepted_by uuid NOT NULL,
        accepted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (listing_id, organisation_id)
      )`);
    await q.query(`
      CREATE TABLE listings.dossier_grants (
        listing_id uuid NOT NULL REFERENCES listings.listings (id),
        organisation_id uuid NOT NULL,
        granted_by uuid NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (listing_id, organisation_id)
      )`);

    // Written in the same transaction as the listing change; the worker relays it to Meilisearch.
    await q.query(`
      CREATE TABLE listings.catalogue_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        listing_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await q.query(`CREATE INDEX catalogue_outbox_pending_idx ON listings.catalogue_outbox (id) WHERE processed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['catalogue_outbox', 'dossier_grants', 'nda_acceptances', 'listings']) {
      await q.query(`DROP TABLE listings.${table}`);
    }
  }
}
