import type { Kafka, KafkaMessage } from "kafkajs";

export type Channel = "email" | "sms";

/** A notification the task service asks for; `id` is unique per request. */
export interface NotificationRequest {
  readonly id: string;
  readonly taskId: string;
  readonly channel: Channel;
  readonly to: string;
  readonly text: string;
}

export interface PipelineOptions {
  /** Where the task service publishes notification requests. */
  readonly sourceTopic: string;
  /** The durable hand-off topic: partition 0 for email, partition 1 for sms (created for you). */
  readonly handoffTopic: string;
  /** Prefix of the two consumer groups: `<groupId>-intake` and `<groupId>-sender`. */
  readonly groupId: string;
  /** The third-party API: 50 ms to 2 s per call; it may fail. */
  readonly deliver: (request: NotificationRequest) => Promise<void>;
  /** The provider's limits: at most this many calls per second, per channel. */
  readonly ratePerSecond: Readonly<Record<Channel, number>>;
  readonly sessionTimeout?: number;
}

export interface RunningPipeline {
  /** Stop both stages; what was not delivered is not committed. */
  stop(): Promise<void>;
}

const parse = (m: KafkaMessage) => JSON.parse(m.value?.toString() ?? "{}") as NotificationRequest;

/**
 * The assistant's first draft (lesson 14, section "The first draft"). It runs, and it is wrong in
 * the ways the lesson's conversation uncovers. Make it right: see section "Exercise: fix the draft".
 */
export async function startNotificationPipeline(kafka: Kafka, options: PipelineOptions): Promise<RunningPipeline> {
  const consumer = kafka.consumer({
    groupId: `${options.groupId}-intake`,
    ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.sourceTopic, fromBeginning: true });
  await consumer.run({
    autoCommit: true,
    eachBatch: async ({ batch, resolveOffset }) => {
      for (const message of batch.messages) {
        // Mark the message as processed so the batch keeps moving.
        resolveOffset(message.offset);
        const request = parse(message);
        try {
          await options.deliver(request);
        } catch (e) {
          console.error(`notification ${request.id} failed`, e);
        }
      }
    },
  });
  return { stop: () => consumer.disconnect() };
}
