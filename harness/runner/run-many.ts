export interface RunManyOptions<T, R> {
  /** How many run at once (at least 1). */
  readonly concurrency: number;
  readonly run: (item: T, index: number) => Promise<R>;
  /** Called as each item ends, in the order they end (e.g. one progress line per exercise). */
  readonly onEnd?: (item: T, result: R, index: number) => void;
  /** Items that must run with nothing else running (their timing needs the machine alone). */
  readonly alone?: (item: T) => boolean;
}

/**
 * Runs independent jobs `concurrency` at a time, then the `alone` ones one by one with nothing
 * beside them. Resolves with the results in the items' order. If a job throws, no new job
 * starts, the running ones finish, and the first error is thrown.
 */
export async function runMany<T, R>(items: readonly T[], o: RunManyOptions<T, R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const indices = items.map((_, i) => i);
  const shared = indices.filter((i) => !o.alone?.(items[i] as T));
  const alone = indices.filter((i) => o.alone?.(items[i] as T));
  let failure: { error: unknown } | undefined;

  const runOne = async (i: number): Promise<void> => {
    const item = items[i] as T;
    try {
      const r = await o.run(item, i);
      results[i] = r;
      o.onEnd?.(item, r, i);
    } catch (error) {
      failure ??= { error };
    }
  };
  const lane = async (queue: number[]): Promise<void> => {
    for (let i = queue.shift(); i !== undefined && !failure; i = queue.shift()) await runOne(i);
  };

  const queue = [...shared];
  const lanes = Math.max(1, Math.min(Math.floor(o.concurrency), queue.length));
  await Promise.all(Array.from({ length: lanes }, () => lane(queue)));
  await lane([...alone]);
  if (failure) throw failure.error;
  return results;
}
