import type { Kafka } from "kafkajs";

/** An event as a reader saw it: where it was stored and what it said. */
export interface SeenEvent {
  readonly partition: number;
  readonly offset: string;
  readonly value: string;
}

/**
 * Read exactly `count` events as a member of `groupId`: from the group's committed offsets, or
 * from the oldest retained event if the group has never committed. Commit exactly the events
 * you return (no more: the next call continues after them), then disconnect.
 */
export async function readBatch(kafka: Kafka, topic: string, groupId: string, count: number): Promise<SeenEvent[]> {
  void kafka;
  void topic;
  void groupId;
  void count;
  throw new Error("TODO: read a batch as a group (lesson 2, section 'Offsets and replay')");
}

/** Move `groupId`'s committed offsets on `topic` back to the oldest retained events (the group has no running members). */
export async function rewindGroup(kafka: Kafka, topic: string, groupId: string): Promise<void> {
  void kafka;
  void topic;
  void groupId;
  throw new Error("TODO: reset the group's offsets to earliest (lesson 2, section 'Offsets and replay')");
}

/**
 * Move `groupId`'s committed offsets on `topic` to the first event written at or after `since`,
 * in every partition (the group has no running members).
 */
export async function rewindGroupTo(kafka: Kafka, topic: string, groupId: string, since: Date): Promise<void> {
  void kafka;
  void topic;
  void groupId;
  void since;
  throw new Error("TODO: move the group's offsets to a point in time (lesson 2, section 'Offsets and replay')");
}
