import { rm } from "node:fs/promises";
import { answersWithin, external, started } from "../services/running.js";
import { ServiceUnavailableError, type ServiceProvider } from "../services/types.js";
import { startApicurio, stopRegistry, waitUntilServes } from "./apicurio.js";

const WAYS = [
  "SCHEMA_REGISTRY_URL=http://host:8081 (an existing Confluent-API registry; Apicurio's is at /apis/ccompat/v7)",
  "Java 17+ and Maven: Apicurio Registry on your JVM from Maven Central (about 140 MB once)",
];

/** The schema registry lesson 7's checks use: SCHEMA_REGISTRY_URL, else Apicurio on the JVM. */
export function registryProvider(env: Readonly<Record<string, string | undefined>> = process.env) {
  const provider: ServiceProvider<{ url: string; description: string }> = {
    id: "registry",
    name: "schema registry",
    async open({ ownerPid, onProgress }) {
      const fromEnv = env.SCHEMA_REGISTRY_URL?.replace(/\/+$/, "");
      if (fromEnv) {
        await waitUntilServes(fromEnv, 5_000).catch((e: Error) => {
          throw new ServiceUnavailableError(
            "schema registry",
            `SCHEMA_REGISTRY_URL=${fromEnv} does not answer GET /subjects (${e.message}); fix it or unset it`,
            WAYS,
          );
        });
        return external({ url: fromEnv, description: `SCHEMA_REGISTRY_URL (${fromEnv})` }, answers);
      }
      const r = await startApicurio(ownerPid, onProgress).catch((e: Error) => {
        throw new ServiceUnavailableError("schema registry", e.message, WAYS, { cause: e });
      });
      return started(r, answers, async () => {
        stopRegistry(r.pid);
        await rm(r.logFile, { force: true });
      });
    },
  };
  return provider;
}

const answers = answersWithin(waitUntilServes);
