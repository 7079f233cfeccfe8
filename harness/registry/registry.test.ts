import { spawn } from "node:child_process";
import { afterEach, describe, expect, test } from "vitest";
import { isAlive } from "../broker/jvm-provider.js";
import { startApicurio, stopRegistry } from "./apicurio.js";
import { registryProvider } from "./provider.js";

const started: number[] = [];
afterEach(() => started.splice(0).forEach(stopRegistry));

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (ok()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return ok();
}

describe("schema registry for lesson 7", () => {
  test("SCHEMA_REGISTRY_URL that does not answer is reported, not replaced by another registry", async () => {
    const provider = registryProvider({ SCHEMA_REGISTRY_URL: "http://127.0.0.1:9/" });
    const deps = { broker: { brokers: [] }, ownerPid: process.pid, onProgress: () => {} };
    await expect(provider.open(deps)).rejects.toThrow(/SCHEMA_REGISTRY_URL=http:\/\/127\.0\.0\.1:9 does not answer/);
  }, 20_000);

  test("Apicurio on the JVM serves the Confluent API and stops when its owner process is gone", async () => {
    const owner = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      const registry = await startApicurio(owner.pid ?? -1, () => {});
      started.push(registry.pid);
      const res = await fetch(`${registry.url}/subjects`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([]);
      owner.kill("SIGKILL");
      expect(await until(() => !isAlive(registry.pid), 10_000)).toBe(true);
    } finally {
      owner.kill("SIGKILL");
    }
  }, 180_000);
});
