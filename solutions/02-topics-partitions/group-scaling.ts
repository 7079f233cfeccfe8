import type { Kafka } from "kafkajs";

/** One event as a member of the group handled it. */
export interface Delivery {
  readonly memberId: string;
  readonly partition: number;
  readonly value: string;
}

/** The partitions of the topic one member owns; an idle member owns none. */
export interface MemberAssignment {
  readonly memberId: string;
  readonly partitions: readonly number[];
}

export interface RunningGroup {
  /** Every member that has joined, with the partitions it was given at its latest join. */
  assignment(): MemberAssignment[];
  stop(): Promise<void>;
}

/**
 * Starts `size` consumers in one group on `topic`. Each hands every event it receives to
 * `onEvent`, saying which member it is; `assignment()` reports who owns which partition.
 */
export async function startGroup(
  kafka: Kafka,
  topic: string,
  groupId: string,
  size: number,
  onEvent: (d: Delivery) => void,
): Promise<RunningGroup> {
  const members = await Promise.all(
    Array.from({ length: size }, async () => {
      // One groupId for all: that is what makes them share the partitions instead of each reading all.
      const consumer = kafka.consumer({ groupId });
      const state = { memberId: "", partitions: [] as number[] };
      // Fired after every (re)join with this member's new assignment; an idle member gets none.
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        state.memberId = payload.memberId;
        state.partitions = [...(payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) =>
          onEvent({ memberId: state.memberId, partition, value: message.value?.toString() ?? "" }),
      });
      return { consumer, state };
    }),
  );
  return {
    assignment: () =>
      members
        .filter((m) => m.state.memberId !== "")
        .map((m) => ({ memberId: m.state.memberId, partitions: m.state.partitions })),
    stop: async () => {
      await Promise.all(members.map((m) => m.consumer.disconnect()));
    },
  };
}
