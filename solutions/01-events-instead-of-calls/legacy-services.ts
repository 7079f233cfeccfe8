/**
 * The three services the task API used to call one after another. Provided: you do not edit
 * this file. Each call stands for a remote request that takes a while (an email gateway, an
 * audit store, a scheduler), and every call is recorded so the checks can see who made it.
 */
export const LEGACY_LATENCY_MS = 2_000;

/** "notify:<task id>", "audit:<task id>", … in call order. */
export const legacyCalls: string[] = [];

async function remoteCall(service: string, task: { readonly id: string }): Promise<void> {
  legacyCalls.push(`${service}:${task.id}`);
  await new Promise((resolve) => setTimeout(resolve, LEGACY_LATENCY_MS));
}

export const notify = (task: { readonly id: string }): Promise<void> => remoteCall("notify", task);
export const audit = (task: { readonly id: string }): Promise<void> => remoteCall("audit", task);
export const remind = (task: { readonly id: string }): Promise<void> => remoteCall("remind", task);
