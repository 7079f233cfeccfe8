// Alternative: the limiter reserves send slots instead of counting tokens: each take() books the next
// free slot of its channel (one every 1000/perSecond ms) and waits for it. Concurrent callers get
// distinct slots, so no one-second window ever sees more than perSecond + 1 sends.
export class TokenBucket {
  private nextSlot = 0;

  constructor(readonly perSecond: number) {
    if (!(perSecond > 0)) throw new Error("perSecond must be positive");
  }

  async take(): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.perSecond;
    if (slot > now) await new Promise((r) => setTimeout(r, Math.ceil(slot - now)));
  }
}
