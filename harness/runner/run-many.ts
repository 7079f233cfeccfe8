import { CheckQueue, type Placement } from "./check-queue.js";

export interface RunManyOptions<T, R> {
  /** How many run at once (at least 1). */
  readonly concurrency: number;
  readonly run: (item: T, index: number) => Promise<R>;
  /** Called as each item ends, in the order they end (e.g. one progress line per exercise). */
  readonly onEnd?: (item: T, result: R, index: number) => void;
  /** Where each item may run (see CheckQueue): alone, or holding a resource. Default: anywhere. */
  readonly placement?: (item: T) => Placement;
}

/**
 * Runs independent jobs through one CheckQueue. Resolves with the results in the items' order.
 * If a job throws, no new job starts, the running ones finish, and the first error is thrown.
 */
export async function runMany<T, R>(items: readonly T[], o: RunManyOptions<T, R>): Promise<R[]> {
  const queue = new CheckQueue(o.concurrency);
  const results = new Array<R>(items.length);
  let failure: { error: unknown } | undefined;
  await Promise.all(
    items.map((item, i) =>
      queue.run(o.placement?.(item) ?? {}, async () => {
        if (failure) return;
        try {
          const r = await o.run(item, i);
          results[i] = r;
          o.onEnd?.(item, r, i);
        } catch (error) {
          failure ??= { error };
        }
      }),
    ),
  );
  if (failure) throw failure.error;
  return results;
}
