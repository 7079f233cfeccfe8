import type { Consumer, Kafka } from "kafkajs";
import type { TaskEvent } from "./at-least-once.js";

export type { TaskEvent } from "./at-least-once.js";

export interface LongTaskOptions {
  readonly topic: string;
  readonly groupId: string;
  /** The work for one event; a single call can take longer than the session timeout. */
  readonly process: (event: TaskEvent) => Promise<void>;
  readonly sessionTimeout: number;
  readonly heartbeatInterval: number;
}

export interface LongTaskWorker {
  /** The kafkajs consumer, so callers (and the checks) can watch its instrumentation events. */
  readonly consumer: Consumer;
  stop(): Promise<void>;
}

/**
 * Process `topic` (from the beginning, for a new group) one event at a time with `process`, where
 * a single event can take longer than the session timeout. The member must stay in its group the
 * whole time: no rejoin, no rebalance, each event processed once. Return once the consumer runs.
 */
export async function startLongTaskWorker(kafka: Kafka, options: LongTaskOptions): Promise<LongTaskWorker> {
  void kafka;
  void options;
  throw new Error("TODO: keep the member alive through one long task (lesson 5, section 'Rebalancing storms')");
}
