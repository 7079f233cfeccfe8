import type { Consumer, Kafka } from "kafkajs";
import type { TaskEvent } from "./at-least-once.js";

export type { TaskEvent } from "./at-least-once.js";

export interface SlowProcessorOptions {
  readonly topic: string;
  readonly groupId: string;
  /** The slow step: seconds per event (a model call, a rate-limited API). */
  readonly process: (event: TaskEvent) => Promise<void>;
  /** How long the coordinator waits without a heartbeat before it drops the member. */
  readonly sessionTimeout: number;
  /** The least time between two heartbeats; keep it at a third of the session timeout or less. */
  readonly heartbeatInterval: number;
}

export interface SlowProcessor {
  /** The kafkajs consumer, so callers (and the checks) can watch its instrumentation events. */
  readonly consumer: Consumer;
  stop(): Promise<void>;
}

/**
 * Process `topic` (from the beginning, for a new group) one event at a time with `process`,
 * however long each takes, with `eachBatch`. The member must stay in its group the whole time:
 * no rebalance while it works, even when a batch lasts longer than the session timeout.
 * Each event counts as done only after `process` finished it. Return once the consumer runs.
 */
export async function startSlowProcessor(kafka: Kafka, options: SlowProcessorOptions): Promise<SlowProcessor> {
  void kafka;
  void options;
  throw new Error(
    "TODO: process slowly without leaving the group (lesson 5, section 'Slow work: staying in the group')",
  );
}
