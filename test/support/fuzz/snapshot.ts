import { Client } from 'pg';

/** Row count and a hash of the contents of one table. */
export interface TableState {
  rows: number;
  hash: string;
}

/**
 * The state of every table in every schema the services own (plus the shared audit log and the
 * migrations table): row counts and a content hash, so a test can show a run changed nothing.
 */
export async function snapshotTables(db: Client): Promise<Record<string, TableState>> {
  const { rows: tables } = await db.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1, 2`,
  );
  const state: Record<string, TableState> = {};
  for (const { schema, name } of tables) {
    const qualified = `"${schema}"."${name}"`;
    const { rows } = await db.query<{ rows: string; hash: string | null }>(
      `SELECT count(*) AS rows, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS hash FROM ${qualified} t`,
    );
    state[`${schema}.${name}`] = { rows: Number(rows[0].rows), hash: rows[0].hash ?? '' };
  }
  return state;
}

/** The tables whose row count or contents differ between two snapshots, with the counts. */
export function changedTables(before: Record<string, TableState>, after: Record<string, TableState>): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[table];
    const b = after[table];
    if (!a || !b || a.rows !== b.rows || a.hash !== b.hash) changed[table] = `${a?.rows ?? 'absent'} rows → ${b?.rows ?? 'absent'} rows${a && b && a.rows === b.rows ? ' (contents changed)' : ''}`;
  }
  return changed;
}
