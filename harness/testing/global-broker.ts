import type { TestProject } from "vitest/node";
import { defaultProviders, startBroker } from "../broker/chain.js";
import { silenceKafkajsNegativeTimeoutWarning } from "../broker/kafkajs-warning.js";
import type { RunningBroker } from "../broker/types.js";
import { contextFor } from "../runner/context.js";
import "../testkit/provided.js";

/**
 * The project's own suite shares one real broker, found through the same provider chain the
 * course uses. No broker is a failure, never a skip: CI must not go green without Kafka.
 */
let broker: RunningBroker | undefined;

export async function setup(project: TestProject): Promise<void> {
  silenceKafkajsNegativeTimeoutWarning();
  broker = await startBroker(defaultProviders(), (m) => process.stderr.write(`[broker] ${m}\n`));
  process.stderr.write(`[broker] ready: ${broker.description} in ${broker.startMs} ms\n`);
  project.provide("course", contextFor(broker));
}

export async function teardown(): Promise<void> {
  await broker?.stop();
}
