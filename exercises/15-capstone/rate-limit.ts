/**
 * A token bucket (R5): tokens refill continuously at `perSecond`; a send takes one, and waits
 * when none is left. The capacity is the largest burst; with capacity 1 no one-second window
 * ever sees more than perSecond + 1 sends.
 */
export class TokenBucket {
  constructor(
    readonly perSecond: number,
    readonly capacity = 1,
  ) {}

  /** Resolves when a token was taken; callers may wait concurrently. */
  take(): Promise<void> {
    return Promise.reject(
      new Error(
        "TODO: refill from elapsed time, take a token or wait (lesson 15, section 'Rate limits with token buckets')",
      ),
    );
  }
}
