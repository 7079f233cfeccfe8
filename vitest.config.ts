import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["harness/**/*.test.ts", "harness/**/*.test.tsx"],
    // Hidden checks (*.check.ts) run only through the course runner, against a chosen target.
    exclude: ["node_modules/**", ".course/**"],
    globalSetup: ["harness/testing/global-broker.ts"],
    setupFiles: ["harness/testkit/setup.ts"],
    pool: "forks",
    // The tests mostly wait on brokers and child processes, not the CPU: vitest's default on two
    // cores (one file at a time) left one core idle while the long gate file ran.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The global setup's teardown stops the shared broker (a container stop, a JVM's shutdown);
    // vitest's default 10 s would cut it off on a busy machine and leave the broker behind.
    teardownTimeout: 30_000,
    reporters: ["default"],
  },
});
