/** Where a check may run, beside what. */
export interface Placement {
  /** Its timing needs the machine alone: nothing runs beside it, and it waits while others wait. */
  readonly alone?: boolean;
  /** A resource only one check at a time may hold (e.g. the fault proxy's port, the three-node cluster). */
  readonly resource?: string;
}

interface Waiting {
  readonly placement: Placement;
  readonly start: () => void;
}

/**
 * Runs checks `concurrency` at a time, the one scheduler of `verify` and the gate. A check that
 * holds a resource never runs beside another check holding it; a check placed `alone` starts only
 * when nothing runs and no other kind of check is waiting, and nothing starts beside it (so submit
 * the others first: an `alone` check submitted to an idle queue starts at once). Among the checks
 * that may start, the oldest starts first.
 */
export class CheckQueue {
  readonly #concurrency: number;
  readonly #waiting: Waiting[] = [];
  readonly #held = new Set<string>();
  #running = 0;
  #aloneRunning = false;

  constructor(concurrency: number) {
    this.#concurrency = Math.max(1, Math.floor(concurrency));
  }

  /** Resolves or rejects as `job` does, once it has run in its turn. */
  run<R>(placement: Placement, job: () => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({
        placement,
        start: () => {
          Promise.resolve()
            .then(job)
            .then(resolve, reject)
            .finally(() => this.#end(placement));
        },
      });
      this.#pump();
    });
  }

  /** How many checks run now and how many wait (for progress lines and tests). */
  get load(): { readonly running: number; readonly waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  #end(p: Placement): void {
    this.#running--;
    if (p.alone) this.#aloneRunning = false;
    if (p.resource !== undefined) this.#held.delete(p.resource);
    this.#pump();
  }

  #mayStart(p: Placement): boolean {
    if (this.#aloneRunning || this.#running >= this.#concurrency) return false;
    if (p.alone) return this.#running === 0 && this.#waiting.every((w) => w.placement.alone);
    return p.resource === undefined || !this.#held.has(p.resource);
  }

  #pump(): void {
    for (let i = 0; i < this.#waiting.length;) {
      const w = this.#waiting[i] as Waiting;
      if (!this.#mayStart(w.placement)) {
        i++;
        continue;
      }
      this.#waiting.splice(i, 1);
      this.#running++;
      if (w.placement.alone) this.#aloneRunning = true;
      if (w.placement.resource !== undefined) this.#held.add(w.placement.resource);
      w.start();
    }
  }
}
