// When to restart a receiver that exited on its own: growing delays, a cap on attempts, and a fresh
// budget once a run has lasted long enough to count as healthy.

export interface BackoffOptions {
  delaysMs: number[];
  maxRestarts: number;
  /** A run at least this long resets the count. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { delaysMs: [500, 1000, 2000, 4000, 8000], maxRestarts: 5, stableMs: 60_000 };

export class RestartBackoff {
  private restarts = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  /** The delay before the next start after a run of `ranMs`, or null when it is time to give up. */
  next(ranMs: number): number | null {
    if (ranMs >= this.options.stableMs) this.restarts = 0;
    if (this.restarts >= this.options.maxRestarts) return null;
    const { delaysMs } = this.options;
    const delay = delaysMs[Math.min(this.restarts, delaysMs.length - 1)] ?? 0;
    this.restarts++;
    return delay;
  }

  get attempts(): number {
    return this.restarts;
  }

  reset(): void {
    this.restarts = 0;
  }
}
