// Alternative correct solution: members built in a loop, then started together; eachBatch; state in a Map.
import type { Consumer, Kafka } from "kafkajs";

export interface Delivery {
  readonly memberId: string;
  readonly partition: number;
  readonly value: string;
}

export interface MemberAssignment {
  readonly memberId: string;
  readonly partitions: readonly number[];
}

export interface RunningGroup {
  assignment(): MemberAssignment[];
  stop(): Promise<void>;
}

export async function startGroup(
  kafka: Kafka,
  topic: string,
  groupId: string,
  size: number,
  onEvent: (d: Delivery) => void,
): Promise<RunningGroup> {
  const assignments = new Map<Consumer, MemberAssignment>();
  const consumers: Consumer[] = [];
  for (let i = 0; i < size; i++) {
    const consumer = kafka.consumer({ groupId });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = (payload.memberAssignment[topic] ?? []).slice().sort((a, b) => a - b);
      assignments.set(consumer, { memberId: payload.memberId, partitions });
    });
    consumers.push(consumer);
  }
  const start = async (consumer: Consumer): Promise<void> => {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const memberId = assignments.get(consumer)?.memberId ?? "";
        for (const m of batch.messages) {
          onEvent({ memberId, partition: batch.partition, value: m.value?.toString() ?? "" });
        }
      },
    });
  };
  await Promise.all(consumers.map(start));
  return {
    assignment: () => [...assignments.values()],
    stop: async () => {
      for (const c of consumers) await c.disconnect();
    },
  };
}
