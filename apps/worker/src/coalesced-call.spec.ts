import { CoalescedCall } from './coalesced-call';

describe('a coalesced call', () => {
  it('sends callers of the same turn, and those arriving while a batch is in flight, in one batch each, answering each its own result', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const call = new CoalescedCall<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items.map((i) => i * 10);
    }, 100);
    const first = [call.call(1), call.call(2)];
    await new Promise((resolve) => setImmediate(resolve));
    const second = [call.call(3), call.call(4), call.call(5)];
    release();
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2], [3, 4, 5]]);
  });

  it('never sends more than the largest batch at once', async () => {
    const sizes: number[] = [];
    const call = new CoalescedCall<number, number>(async (items) => (sizes.push(items.length), items), 2);
    await Promise.all([1, 2, 3, 4, 5].map((i) => call.call(i)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('fails only the caller whose item fails: a failed batch is tried again one item at a time', async () => {
    const call = new CoalescedCall<number, number>(async (items) => {
      if (items.includes(2)) throw new Error('bad item');
      return items;
    }, 10);
    const results = await Promise.allSettled([1, 2, 3].map((i) => call.call(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('a coalesced call with several batches in flight', () => {
  it('sends the next batch while earlier ones are unanswered, up to the limit', async () => {
    let running = 0;
    let most = 0;
    const call = new CoalescedCall<number, number>(
      async (items) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        return items;
      },
      1,
      2,
    );
    expect(await Promise.all([1, 2, 3, 4].map((i) => call.call(i)))).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});
