import { canonicalJson, ChainedEntry, ChainedFields, GENESIS_HASH, hashEntry, verifyChain } from './hash-chain';

function chain(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= count; i++) {
    const fields: ChainedFields = {
      seq: String(i),
      id: `00000000-0000-4000-8000-00000000000${i}`,
      occurredAt: `2026-11-26T08:00:0${i}.000Z`,
      actorId: null,
      actorRole: 'operator',
      organisationId: null,
      action: 'organisation.verified',
      entityType: 'organisation',
      entityId: `org-${i}`,
      before: { status: 'pending' },
      after: { status: 'verified', nested: { b: 2, a: 1 } },
      reason: i % 2 ? 'checked licence' : null,
      correlationId: 'trace-0001',
    };
    const hash = hashEntry(prevHash, fields);
    entries.push({ ...fields, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
  });
  it('is the same for objects that differ only in key order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual({ valid: true, checked: 5 });
  });

  it('detects an altered field at the altered entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], reason: 'something else' };
    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: '3', checked: 2 });
  });

  it('detects an altered snapshot even if only a nested value changed', () => {
    const entries = chain(3);
    entries[1] = { ...entries[1], after: { status: 'verified', nested: { b: 3, a: 1 } } };
    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: '2' });
  });

  it('detects a removed entry where the gap is', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: '3', problem: expect.stringContaining('previous entry') });
  });

  it('detects a recomputed hash on an altered row: the next entry no longer links', () => {
    const entries = chain(4);
    const forged = { ...entries[1], reason: 'forged' };
    forged.hash = hashEntry(forged.prevHash, { ...forged, prevHash: undefined, hash: undefined } as unknown as ChainedFields);
    entries[1] = forged;
    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: '3' });
  });

  it('detects reordering', () => {
    const entries = chain(3);
    [entries[0], entries[1]] = [entries[1], entries[0]];
    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: '2' });
  });
});
