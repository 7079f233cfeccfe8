/**
 * Tries `attempt` every `intervalMs` until it resolves; rejects after `timeoutMs` with the last
 * failure, or at once when `gone()` says the process being waited for has exited. The one wait
 * loop of the services the course starts (schema registry, PostgreSQL).
 */
export async function pollUntilAnswers(
  what: string,
  attempt: () => Promise<void>,
  { timeoutMs, intervalMs = 200, gone = () => false }: { timeoutMs: number; intervalMs?: number; gone?: () => boolean },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (gone()) throw new Error(`the process behind ${what} exited during start`);
    try {
      await attempt();
      return;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${what} did not answer within ${timeoutMs} ms (${last})`);
}
