/**
 * Turns a stream of signals ("something is waiting to be relayed") into few firings, never losing
 * one: a firing always comes after the signals it stands for, so whatever it starts sees their work.
 *
 * - `leading`: the first signal of a quiet moment fires at once; signals during the window that
 *   opens fire once more when it closes (the catalogue trigger: freshness loses nothing).
 * - otherwise: the first signal opens the window and one firing at its close covers every signal
 *   in it (outbox hints, where a burst commits thousands of rows a second).
 */
export class CoalescedTrigger {
  private timer: NodeJS.Timeout | null = null;
  private pending = false;

  constructor(
    private readonly fire: () => void,
    private readonly windowMs: number,
    private readonly options: { leading: boolean; unref?: boolean },
  ) {}

  signal(): void {
    if (this.timer) {
      this.pending = true;
      return;
    }
    if (this.options.leading) this.fire();
    else this.pending = true;
    this.timer = setTimeout(() => this.close(), this.windowMs);
    if (this.options.unref) this.timer.unref();
  }

  /** On shutdown: a firing not made is the sweep's. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = false;
  }

  private close(): void {
    this.timer = null;
    if (!this.pending) return;
    this.pending = false;
    if (this.options.leading) this.signal();
    else this.fire();
  }
}
