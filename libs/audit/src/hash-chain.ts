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

/** An entry linked into the chain: its position, the hash before it and its own. */
export interface ChainedEntry extends ChainedFields {
  /** Position in the chain (1, 2, 3…), given at sealing: the order entries were seen committed, not `seq` order. */
  chainSeq: string;
  prevHash: string;
  hash: string;
}

/** An entry as stored: the seal is null until the sealer links it into the chain (within about a second of its commit). */
export interface AuditEntry extends ChainedFields {
  chainSeq: string | null;
  prevHash: string | null;
  hash: string | null;
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
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(chainedFieldsOf(fields))).digest('hex');
}

/** Only the fields the hash covers, whatever else the object carries (its seal, say). */
function chainedFieldsOf(entry: ChainedFields): ChainedFields {
  const { seq, id, occurredAt, actorId, actorRole, organisationId, action, entityType, entityId, before, after, reason, correlationId } = entry;
  return { seq, id, occurredAt, actorId, actorRole, organisationId, action, entityType, entityId, before, after, reason, correlationId };
}

/** The end of the chain so far: the last sealed entry's position and hash (none before the first). */
export interface ChainTail {
  chainSeq: string;
  hash: string;
}

/**
 * Links entries, in the order given, after the tail: each gets the next position, the hash before
 * it and its own hash. The sealer gives them in the order it saw them committed.
 */
export function sealEntries<T extends ChainedFields>(entries: T[], tail: ChainTail | null): (T & Pick<ChainedEntry, 'chainSeq' | 'prevHash' | 'hash'>)[] {
  let position = BigInt(tail?.chainSeq ?? '0');
  let prevHash = tail?.hash ?? GENESIS_HASH;
  return entries.map((entry) => {
    position += 1n;
    const hash = hashEntry(prevHash, entry);
    const sealed = { ...entry, chainSeq: position.toString(), prevHash, hash };
    prevHash = hash;
    return sealed;
  });
}

export interface ChainVerdict {
  valid: boolean;
  /** Sealed entries verified. */
  checked: number;
  /** Sequence number (`seq`) of the first entry that does not verify. */
  brokenAt?: string;
  problem?: string;
  /** Entries committed but not linked into the chain yet (the sealer links them within about a second). */
  awaitingSeal?: number;
}

/**
 * Walks sealed entries in chain order: each must take the next position, point at the previous
 * hash and hash to what it stores. Any edit, deletion or reordering of a sealed row breaks the
 * chain at that row.
 */
export function verifyChain(entries: Iterable<ChainedEntry>, start: ChainTail | null = null): ChainVerdict {
  let expectedPrev = start?.hash ?? GENESIS_HASH;
  let expectedPosition = BigInt(start?.chainSeq ?? '0') + 1n;
  let checked = 0;
  for (const entry of entries) {
    if (entry.prevHash !== expectedPrev || BigInt(entry.chainSeq) !== expectedPosition) {
      return { valid: false, checked, brokenAt: entry.seq, problem: 'does not link to the previous entry (a row was removed or reordered)' };
    }
    if (hashEntry(entry.prevHash, entry) !== entry.hash) {
      return { valid: false, checked, brokenAt: entry.seq, problem: 'its content does not match its hash (the row was altered)' };
    }
    expectedPrev = entry.hash;
    expectedPosition += 1n;
    checked += 1;
  }
  return { valid: true, checked };
}
