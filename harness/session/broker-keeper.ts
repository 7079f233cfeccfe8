import { defaultProviders, startBroker } from "../broker/chain.js";
import { waitUntilAnswers } from "../broker/probe.js";
import type { RunningBroker } from "../broker/types.js";

export type BrokerStatus =
  | { readonly state: "idle" }
  | { readonly state: "starting"; readonly message: string; readonly sinceMs: number }
  | { readonly state: "ready"; readonly description: string; readonly startMs: number }
  | { readonly state: "failed"; readonly error: string };

/** Where the session's broker comes from: the provider chain, or one the caller already runs (the project's tests). */
export type BrokerSource = { readonly kind: "chain" } | { readonly kind: "given"; readonly broker: RunningBroker };

/**
 * The session's one broker: started on first use, watched while it runs, started again when a
 * broker the course started dies (a broker the learner pointed at is reported, never replaced).
 */
export class BrokerKeeper {
  #current: Promise<RunningBroker> | undefined;
  #status: BrokerStatus = { state: "idle" };
  readonly #ac = new AbortController();
  readonly #watch: NodeJS.Timeout;

  constructor(
    private readonly source: BrokerSource,
    private readonly onStatus: (s: BrokerStatus) => void,
  ) {
    // A JVM broker that exits (crash, OOM, killed) is noticed within a second and restarted.
    this.#watch = setInterval(() => void this.#noticeDeath(), 1_000).unref();
  }

  get status(): BrokerStatus {
    return this.#status;
  }

  /** The running broker, started (or restarted) if need be. */
  get(): Promise<RunningBroker> {
    this.#current ??= this.#start();
    return this.#current;
  }

  /**
   * After a check failed: is the broker still there? If a broker the course started is gone, it is
   * started again and true is returned (the check should run again, and it was not the learner's fault).
   */
  async lostAndRestarted(): Promise<boolean> {
    const running = await this.#current?.catch(() => undefined);
    if (!running || (await alive(running))) return false;
    if (this.source.kind === "given") return false;
    this.#restart("the course's broker stopped; restarting it…");
    await this.get();
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.#watch);
    this.#ac.abort();
    const running = await this.#current?.catch(() => undefined);
    if (this.source.kind === "chain") await running?.stop();
  }

  #set(s: BrokerStatus): void {
    this.#status = s;
    this.onStatus(s);
  }

  async #start(): Promise<RunningBroker> {
    if (this.source.kind === "given") {
      const b = this.source.broker;
      this.#set({ state: "ready", description: b.description, startMs: b.startMs });
      return b;
    }
    const sinceMs = Date.now();
    this.#set({ state: "starting", message: "looking for a Kafka broker", sinceMs });
    try {
      const b = await startBroker(
        defaultProviders(),
        (message) => this.#set({ state: "starting", message, sinceMs }),
        this.#ac.signal,
      );
      this.#set({ state: "ready", description: b.description, startMs: b.startMs });
      return b;
    } catch (e) {
      this.#current = undefined;
      this.#set({ state: "failed", error: (e as Error).message });
      throw e;
    }
  }

  #restart(message: string): void {
    const old = this.#current;
    this.#set({ state: "starting", message, sinceMs: Date.now() });
    void old?.then((b) => b.stop()).catch(() => {});
    this.#current = this.#start();
    this.#current.catch(() => {});
  }

  async #noticeDeath(): Promise<void> {
    if (this.source.kind === "given" || this.#status.state !== "ready") return;
    const running = await this.#current?.catch(() => undefined);
    if (running?.exited?.() === true) this.#restart("the course's broker stopped; restarting it…");
  }
}

/** A broker answers: its process is there (when the provider can tell) and a metadata request succeeds. */
async function alive(b: RunningBroker): Promise<boolean> {
  if (b.exited?.() === true) return false;
  return waitUntilAnswers(b.connection, 2_000).then(
    () => true,
    () => false,
  );
}
