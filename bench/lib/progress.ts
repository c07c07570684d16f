import { Presets, SingleBar } from 'cli-progress';

/**
 * A progress bar over a timed phase on a terminal; on anything else (CI logs, a pipe) nothing
 * until the phase ends, when the caller prints its one-line result. Either way, one line per phase
 * stays in the scrollback.
 */
export class PhaseProgress {
  private readonly bar: SingleBar | null;

  constructor(label: string, totalSeconds: number) {
    if (!process.stdout.isTTY) {
      this.bar = null;
      return;
    }
    this.bar = new SingleBar(
      { format: `  ${label.padEnd(26)} [{bar}] {value}/{total} s | {status}`, hideCursor: true, clearOnComplete: true },
      Presets.shades_classic,
    );
    this.bar.start(totalSeconds, 0, { status: 'warming up' });
  }

  update(seconds: number, status: string): void {
    this.bar?.update(Math.min(seconds, this.bar.getTotal()), { status });
  }

  stop(): void {
    this.bar?.stop();
  }
}
