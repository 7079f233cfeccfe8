import { Worker } from "node:worker_threads";
import type { TypeProblem } from "./type-check.js";

type Reply = { readonly id: number; readonly problems?: TypeProblem[]; readonly error?: string };

/** The session's type checker, in a thread of its own (started on first use, warm after). */
export class TypeCheckService {
  #worker: Worker | undefined;
  #next = 0;
  readonly #waiting = new Map<number, (r: Reply) => void>();

  constructor(readonly projectRoot: string) {}

  /** Problems in `file` when `@exercise/*` is `targetRoot`; a failure of the checker itself reports none. */
  check(targetRoot: string, file: string): Promise<TypeProblem[]> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#waiting.set(id, (r) => resolve(r.problems ?? []));
      worker.postMessage({ id, targetRoot, file });
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    for (const done of this.#waiting.values()) done({ id: -1 });
    this.#waiting.clear();
    await w?.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL("./type-check-thread.ts", import.meta.url), {
      workerData: this.projectRoot,
      execArgv: ["--import", new URL("./ts-imports.ts", import.meta.url).href],
    });
    worker.unref();
    worker.on("message", (r: Reply) => {
      this.#waiting.get(r.id)?.(r);
      this.#waiting.delete(r.id);
    });
    const fail = (): void => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const done of this.#waiting.values()) done({ id: -1 });
      this.#waiting.clear();
    };
    worker.on("error", fail);
    worker.on("exit", fail);
    this.#worker = worker;
    return worker;
  }
}
