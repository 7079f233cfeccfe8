import type { ServiceContexts, ServiceDeps, ServiceId, ServiceProviders, RunningService } from "./types.js";

type Running = { [K in ServiceId]?: Promise<RunningService<ServiceContexts[K]>> };

/**
 * The services of one session: each started the first time a check needs it, shared by the
 * session's later checks, started again if it stopped answering, and stopped with the session.
 */
export class ServicePool {
  readonly #running: Running = {};
  #closed = false;

  constructor(private readonly providers: ServiceProviders) {}

  /** The contexts of `ids`, each service running and answering. */
  async ensure(ids: readonly ServiceId[], deps: ServiceDeps): Promise<Partial<ServiceContexts>> {
    const entries = await Promise.all(ids.map(async (id) => [id, (await this.#one(id, deps)).context] as const));
    return Object.fromEntries(entries) as Partial<ServiceContexts>;
  }

  /** What runs now, for status lines. */
  async describe(): Promise<string[]> {
    const all = Object.values(this.#running) as Promise<RunningService<unknown>>[];
    const settled = await Promise.allSettled(all);
    return settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.description] : []));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const all = Object.values(this.#running) as Promise<RunningService<unknown>>[];
    await Promise.allSettled(all.map(async (p) => (await p).stop()));
  }

  async #one<K extends ServiceId>(id: K, deps: ServiceDeps): Promise<RunningService<ServiceContexts[K]>> {
    if (this.#closed) throw new Error("the session is closing");
    const current = this.#running[id] as Promise<RunningService<ServiceContexts[K]>> | undefined;
    if (current) {
      const s = await current.catch(() => undefined);
      if (s && (await s.healthy())) return s;
      if (s) {
        deps.onProgress(`the ${this.providers[id].name} stopped answering; starting it again`);
        await s.stop().catch(() => {});
      }
      if (this.#running[id] !== current) return this.#one(id, deps);
    }
    const started = this.providers[id].open(deps);
    (this.#running as Record<ServiceId, Promise<unknown> | undefined>)[id] = started;
    // A failed start is not kept: the next check tries again.
    started.catch(() => {
      if (this.#running[id] === started) delete this.#running[id];
    });
    return started;
  }
}
