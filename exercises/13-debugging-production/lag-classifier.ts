import type { Kafka } from "kafkajs";

/** The four shapes lag takes over time, each with its own causes (lesson 13). */
export type LagPattern = "stable" | "growing" | "spiking" | "stuck";

/** One look at a group on a topic, summed over the topic's partitions. */
export interface LagSample {
  /** When the sample was taken (Date.now()). */
  readonly atMs: number;
  /** Sum of the partitions' log-end offsets. */
  readonly logEnd: number;
  /** Sum of the group's committed offsets; a partition without a commit counts its oldest retained offset. */
  readonly committed: number;
  /** logEnd − committed. */
  readonly lag: number;
}

export interface LagWatch {
  readonly groupId: string;
  readonly topic: string;
  /** How many samples to take (at least 2). */
  readonly samples: number;
  /** Pause between two samples. */
  readonly intervalMs: number;
}

/**
 * Take `samples` lag samples of the group, `intervalMs` apart (the first one right away), with
 * one admin client: fetchTopicOffsets (log ends) and fetchOffsets (the group's commits), summed
 * over the partitions. A partition without a commit (-1) counts its oldest retained offset.
 */
export async function sampleLag(kafka: Kafka, watch: LagWatch): Promise<LagSample[]> {
  void kafka;
  void watch;
  throw new Error("TODO: sample the lag over time (lesson 13, section 'Reading lag over time')");
}

/**
 * Name the pattern of a window of samples. `threshold` is the smallest change in lag that counts.
 * Check in this order:
 * - stuck: there is lag, and the committed offset did not move during the whole window;
 * - growing: lag rose by at least `threshold` and is still near its peak at the end;
 * - spiking: lag rose by at least `threshold` above both ends of the window, and came back down;
 * - stable: anything else (including no lag and no traffic at all).
 */
export function classifyLag(samples: readonly LagSample[], threshold: number): LagPattern {
  void samples;
  void threshold;
  throw new Error("TODO: classify the lag (lesson 13, section 'Reading lag over time')");
}

/** Sample the group with sampleLag and name what its lag does with classifyLag. */
export async function diagnoseLag(
  kafka: Kafka,
  watch: LagWatch & { readonly threshold: number },
): Promise<{ pattern: LagPattern; samples: LagSample[] }> {
  void kafka;
  void watch;
  throw new Error("TODO: sample, then classify (lesson 13, section 'Reading lag over time')");
}
