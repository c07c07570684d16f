import { canonicalJson, ChainedEntry, ChainedFields, GENESIS_HASH, hashEntry, sealEntries, verifyChain } from './hash-chain';

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
    entries.push({ ...fields, chainSeq: String(i), prevHash, hash });
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

  it('detects a chain position skipped or repeated, even with the hashes linked', () => {
    const entries = chain(3);
    entries[2] = { ...entries[2], chainSeq: '4' };
    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: '3', problem: expect.stringContaining('removed') });
  });

  it('goes on from a given tail, as verification in batches does', () => {
    const entries = chain(5);
    expect(verifyChain(entries.slice(2), entries[1])).toEqual({ valid: true, checked: 3 });
    expect(verifyChain(entries.slice(3), entries[1])).toMatchObject({ valid: false, brokenAt: '4' });
  });
});

describe('sealEntries', () => {
  const unsealed = (seqs: number[]): ChainedFields[] =>
    seqs.map((seq) => ({
      seq: String(seq),
      id: `00000000-0000-4000-8000-0000000000${String(seq).padStart(2, '0')}`,
      occurredAt: '2026-11-26T08:00:00.000Z',
      actorId: null,
      actorRole: 'system',
      organisationId: null,
      action: 'auction.settled',
      entityType: 'auction',
      entityId: `a-${seq}`,
      before: { status: 'open' },
      after: { status: 'settled' },
      reason: null,
      correlationId: null,
    }));

  it('gives positions from 1 and links the first entry to the genesis hash', () => {
    const sealed = sealEntries(unsealed([1, 2]), null);
    expect(sealed.map((e) => e.chainSeq)).toEqual(['1', '2']);
    expect(sealed[0].prevHash).toBe(GENESIS_HASH);
    expect(sealed[1].prevHash).toBe(sealed[0].hash);
    expect(verifyChain(sealed)).toEqual({ valid: true, checked: 2 });
  });

  it('links entries in the order given (commit order), not seq order, after the tail, batch after batch', () => {
    const first = sealEntries(unsealed([1, 3]), null);
    // seq 2 committed after 3 was sealed: it takes the next position.
    const second = sealEntries(unsealed([2, 4]), first[first.length - 1]);
    const chain = [...first, ...second];
    expect(chain.map((e) => [e.seq, e.chainSeq])).toEqual([['1', '1'], ['3', '2'], ['2', '3'], ['4', '4']]);
    expect(verifyChain(chain)).toEqual({ valid: true, checked: 4 });
  });

  it('hashes an entry as it always was (the previous hash and the fields, seq included): entries sealed by seq before stay valid', () => {
    const [entry] = sealEntries(unsealed([7]), { chainSeq: '6', hash: 'f'.repeat(64) });
    const { chainSeq: _position, prevHash: _prev, hash, ...fields } = entry;
    expect(hash).toBe(hashEntry('f'.repeat(64), fields));
    expect(entry.chainSeq).toBe('7');
  });
});
