import { rm } from "node:fs/promises";
import { answersWithin, external, started } from "../services/running.js";
import { ServiceUnavailableError, type ServiceProvider } from "../services/types.js";
import { NO_POSTGRES_WAYS, redacted, startPostgres, stopPostgres, waitUntilAnswers } from "./server.js";

/**
 * PostgreSQL for lesson 10's checks: DATABASE_URL (an existing server, checked to answer, never
 * silently replaced), else a throwaway server from the npm package's binaries or Debian's.
 */
export function postgresProvider(env: Readonly<Record<string, string | undefined>> = process.env) {
  const provider: ServiceProvider<{ url: string; description: string }> = {
    id: "postgres",
    name: "PostgreSQL server",
    async open({ ownerPid, onProgress }) {
      const fromEnv = env.DATABASE_URL;
      if (fromEnv) {
        await waitUntilAnswers(fromEnv, 5_000).catch((e: Error) => {
          throw new ServiceUnavailableError(
            "PostgreSQL",
            `DATABASE_URL=${redacted(fromEnv)} does not answer (${e.message}); fix it or unset it`,
            NO_POSTGRES_WAYS,
          );
        });
        return external({ url: fromEnv, description: `DATABASE_URL (${redacted(fromEnv)})` }, answers);
      }
      const s = await startPostgres(ownerPid, onProgress).catch((e: Error) => {
        throw new ServiceUnavailableError("PostgreSQL", e.message, NO_POSTGRES_WAYS, { cause: e });
      });
      return started(s, answers, async () => {
        stopPostgres(s);
        await rm(s.dataRoot, { recursive: true, force: true }).catch(() => {});
      });
    },
  };
  return provider;
}

const answers = answersWithin(waitUntilAnswers);
