import { containerProvider } from "./container-provider.js";
import { envProvider } from "./env-provider.js";
import { jvmProvider } from "./jvm-provider.js";
import {
  BrokerStartError,
  NoBrokerError,
  type BrokerProvider,
  type ProgressListener,
  type RunningBroker,
  type Skipped,
} from "./types.js";

export function defaultProviders(env: Readonly<Record<string, string | undefined>> = process.env): BrokerProvider[] {
  const all = [envProvider(env), containerProvider(), jvmProvider()];
  // KAFKA_COURSE_PROVIDER=jvm|testcontainers|env pins one provider (CI uses it to test each path).
  const pinned = env.KAFKA_COURSE_PROVIDER;
  return pinned ? all.filter((p) => p.id === pinned) : all;
}

export interface Diagnosis {
  readonly chosen?: { readonly provider: BrokerProvider; readonly detail: string };
  readonly skipped: readonly Skipped[];
}

/** Which provider would be used, and why the earlier ones would not: no broker is started. */
export async function diagnose(providers: readonly BrokerProvider[]): Promise<Diagnosis> {
  const skipped: Skipped[] = [];
  for (const provider of providers) {
    const d = await provider.detect();
    if (d.usable) return { chosen: { provider, detail: d.detail }, skipped };
    skipped.push({ provider: provider.id, reason: d.reason });
  }
  return { skipped };
}

/**
 * Tries the providers in order and starts the first usable one. A provider that is usable but
 * fails to start (an image that cannot be pulled, say) falls through to the next; when none is
 * left the error names every way to get a broker.
 */
export async function startBroker(
  providers: readonly BrokerProvider[],
  onProgress: ProgressListener,
  signal?: AbortSignal,
): Promise<RunningBroker> {
  const skipped: Skipped[] = [];
  for (const provider of providers) {
    signal?.throwIfAborted();
    const d = await provider.detect();
    if (!d.usable) {
      skipped.push({ provider: provider.id, reason: d.reason });
      continue;
    }
    onProgress(`using ${provider.id}: ${d.detail}`);
    try {
      return await provider.start(onProgress, signal);
    } catch (e) {
      if (signal?.aborted) throw e;
      // An explicitly configured cluster that does not answer is the learner's setting to fix:
      // silently starting another broker would hide it.
      if (provider.id === "env") throw e;
      const msg = e instanceof BrokerStartError ? e.message : (e as Error).message;
      skipped.push({ provider: provider.id, reason: `failed to start: ${msg}` });
      onProgress(`${provider.id} failed: ${msg}`);
    }
  }
  throw new NoBrokerError(skipped);
}
