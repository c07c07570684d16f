/**
 * Turns many concurrent calls into few: callers that arrive while the batches in flight are
 * answered (or in the same turn of the event loop) go together in the next one, so a burst costs one
 * round trip per batch instead of one per caller, and a lone caller waits for nothing. `run`
 * answers one result per item, in order. If a batch of several fails, each of its items is tried
 * again on its own, so one bad item fails only its own caller.
 */
export class CoalescedCall<I, O> {
  private readonly waiting: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxBatch: number,
    /** Batches sent at once: more than one keeps the service busy while the next batch gathers. */
    private readonly maxInFlight = 1,
  ) {}

  call(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight >= this.maxInFlight || this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    // The callers of this turn (jobs started together) join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.waiting.length === 0) return;
    this.inFlight++;
    const batch = this.waiting.splice(0, this.maxBatch);
    // More waiting than one batch takes, and room for another in flight: send it too.
    this.schedule();
    try {
      await this.settle(batch);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  private async settle(batch: typeof this.waiting): Promise<void> {
    try {
      const outs = await this.run(batch.map((b) => b.item));
      if (outs.length !== batch.length) throw new Error(`A batch of ${batch.length} answered ${outs.length} results`);
      batch.forEach((b, i) => b.resolve(outs[i]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // At once, not one after the other: when the service is down, each waits one timeout, not the batch's sum.
      await Promise.all(batch.map((one) => this.settle([one])));
    }
  }
}
