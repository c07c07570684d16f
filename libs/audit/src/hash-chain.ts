import { createHash } from 'node:crypto';

/** The fields of an audit entry that its hash covers, in the form they are stored. */
export interface ChainedFields {
  seq: string;
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string;
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  correlationId: string | null;
}

export interface ChainedEntry extends ChainedFields {
  prevHash: string;
  hash: string;
}

/** Hash that precedes the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashEntry(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}

export interface ChainVerdict {
  valid: boolean;
  checked: number;
  /** Sequence number of the first entry that does not verify. */
  brokenAt?: string;
  problem?: string;
}

/**
 * Walks entries in sequence order: each must point at the previous hash and hash to what it
 * stores. Any edit, deletion or reordering of a row breaks the chain at that row.
 */
export function verifyChain(entries: Iterable<ChainedEntry>, startHash = GENESIS_HASH): ChainVerdict {
  let expectedPrev = startHash;
  let checked = 0;
  for (const entry of entries) {
    const { prevHash, hash, ...fields } = entry;
    if (prevHash !== expectedPrev) {
      return { valid: false, checked, brokenAt: entry.seq, problem: 'does not link to the previous entry (a row was removed or reordered)' };
    }
    if (hashEntry(prevHash, fields) !== hash) {
      return { valid: false, checked, brokenAt: entry.seq, problem: 'its content does not match its hash (the row was altered)' };
    }
    expectedPrev = hash;
    checked += 1;
  }
  return { valid: true, checked };
}
