/**
 * A token bucket (R5): tokens refill continuously at `perSecond`; a send takes one, and waits
 * when none is left. The capacity is the largest burst. With capacity 1 no window of one second
 * ever sees more than perSecond + 1 sends, whatever the timers do: tokens come from elapsed
 * time, not from how often anyone looks.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    readonly perSecond: number,
    readonly capacity = 1,
  ) {
    if (!(perSecond > 0)) throw new Error("perSecond must be positive");
    this.tokens = capacity;
  }

  /** Resolves when a token was taken; callers may wait concurrently. */
  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = ((1 - this.tokens) / this.perSecond) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(waitMs))));
    }
  }
}
