import { describe, expect, it } from 'vitest';
import { OrganisationName, OrganisationNameCache } from './organisation-names';

const id = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const org = (n: number): OrganisationName => ({ id: id(n), name: `机构 ${n}`, kind: 'institute', verified: true });
const tick = () => new Promise((r) => setTimeout(r, 0));

function recording(answer: (ids: string[]) => Promise<OrganisationName[]>) {
  const calls: string[][] = [];
  const cache = new OrganisationNameCache((ids) => {
    calls.push(ids);
    return answer(ids);
  });
  return { cache, calls };
}

describe('organisation names', () => {
  it('asks once for every id requested in the same tick, and not again', async () => {
    const { cache, calls } = recording(async (ids) => ids.filter((i) => i !== id(3)).map((i) => org(parseInt(i.slice(0, 8), 16))));
    cache.request([id(1), id(2)]);
    cache.request([id(2).toUpperCase(), id(3), null, undefined]);
    expect(cache.get(id(1))).toBeUndefined();
    await tick();
    expect(calls).toEqual([[id(1), id(2), id(3)]]);
    expect(cache.get(id(1))?.name).toBe('机构 1');
    expect(cache.get(id(2).toUpperCase())?.name).toBe('机构 2');
    expect(cache.get(id(3))).toBeNull();
    cache.request([id(1), id(3)]);
    await tick();
    expect(calls).toHaveLength(1);
  });

  it('splits more than 100 ids into several requests and never sends what the API would refuse', async () => {
    const { cache, calls } = recording(async () => []);
    cache.request([...Array.from({ length: 150 }, (_, i) => id(i + 1)), 'not-an-id', '00000000-0000-1000-8000-000000000000', '']);
    await tick();
    expect(calls.map((c) => c.length)).toEqual([100, 50]);
  });

  it('does not ask again for ids already on their way, and tells subscribers when names arrive', async () => {
    let release: (value: OrganisationName[]) => void = () => undefined;
    const { cache, calls } = recording(() => new Promise((r) => (release = r)));
    let heard = 0;
    const unsubscribe = cache.subscribe(() => (heard += 1));
    cache.request([id(1)]);
    await tick();
    cache.request([id(1)]);
    await tick();
    expect(calls).toHaveLength(1);
    release([org(1)]);
    await tick();
    expect(heard).toBe(1);
    unsubscribe();
  });

  it('forgets the ids of a failed request, so the next page asks again; clearing drops everything', async () => {
    let fail = true;
    const { cache, calls } = recording(async (ids) => {
      if (fail) throw new Error('network');
      return ids.map((i) => org(parseInt(i.slice(0, 8), 16)));
    });
    cache.request([id(7)]);
    await tick();
    expect(cache.get(id(7))).toBeUndefined();
    fail = false;
    cache.request([id(7)]);
    await tick();
    expect(cache.get(id(7))?.name).toBe('机构 7');
    cache.clear();
    expect(cache.get(id(7))).toBeUndefined();
    expect(calls).toHaveLength(2);
  });
});
