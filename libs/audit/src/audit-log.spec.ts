import { createHash } from 'node:crypto';
import { canonicalJsonBeforeSeq } from './audit-log';
import { ChainedFields, GENESIS_HASH, hashEntry } from './hash-chain';

/** What `audit.append_entry` computes in PostgreSQL (migration 1765160000000), in Node. */
const hashAsTheDatabaseDoes = (prev: string, before: string, seq: string) =>
  createHash('sha256').update(Buffer.from(`${prev}\n${before},"seq":"${seq}"}`, 'utf8')).digest('hex');

describe('the audit entry hashed in one statement', () => {
  const fields: Omit<ChainedFields, 'seq'> = {
    id: '00000000-0000-4000-8000-000000000001',
    occurredAt: '2026-11-26T08:00:01.000Z',
    actorId: null,
    actorRole: 'system',
    organisationId: null,
    action: 'auction.settled',
    entityType: 'auction',
    entityId: 'a-1',
    before: { status: 'open' },
    after: { status: 'settled', winnerAlias: '竞买人 01', price: '1,010.00', nested: { z: [1, { y: 'é' }], a: null } },
    reason: '结算 "quoted" \\ back-slashed',
    correlationId: null,
  };

  it('gives the hash hashEntry gives, for any sequence number', () => {
    for (const seq of ['1', '42', '9007199254740993']) {
      expect(hashAsTheDatabaseDoes(GENESIS_HASH, canonicalJsonBeforeSeq(fields), seq)).toBe(hashEntry(GENESIS_HASH, { ...fields, seq }));
    }
  });

  it('sends the canonical JSON without its last key, seq', () => {
    const before = canonicalJsonBeforeSeq(fields);
    expect(before.startsWith('{"action":"auction.settled"')).toBe(true);
    expect(before).not.toContain('"seq"');
    expect(before.endsWith('"reason":"结算 \\"quoted\\" \\\\ back-slashed"')).toBe(true);
  });
});
