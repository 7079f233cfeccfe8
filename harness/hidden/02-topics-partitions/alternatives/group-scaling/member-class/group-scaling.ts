// Alternative correct solution: a Member class per consumer, the assignment read from GROUP_JOIN.
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

class Member {
  private id = "";
  private owned: number[] = [];
  private readonly consumer: Consumer;

  constructor(kafka: Kafka, groupId: string, topic: string) {
    this.consumer = kafka.consumer({ groupId });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (e) => {
      this.id = e.payload.memberId;
      this.owned = [...(e.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
    });
  }

  async start(topic: string, onEvent: (d: Delivery) => void): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ partition, message }) => {
        onEvent({ memberId: this.id, partition, value: String(message.value ?? "") });
      },
    });
  }

  report(): MemberAssignment | undefined {
    return this.id ? { memberId: this.id, partitions: this.owned } : undefined;
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

export async function startGroup(
  kafka: Kafka,
  topic: string,
  groupId: string,
  size: number,
  onEvent: (d: Delivery) => void,
): Promise<RunningGroup> {
  const members = Array.from({ length: size }, () => new Member(kafka, groupId, topic));
  await Promise.all(members.map((m) => m.start(topic, onEvent)));
  return {
    assignment: () => members.flatMap((m) => m.report() ?? []),
    stop: async () => {
      await Promise.allSettled(members.map((m) => m.stop()));
    },
  };
}
