// Alternative correct solution: the intake hands a whole batch off in one acknowledged send; the sender
// consumes message by message with auto-commit off and commits each offset itself after the call
// succeeded; the per-channel pace is a promise chain; a failed call is retried until it succeeds.
import type { Kafka, KafkaMessage, Message } from "kafkajs";

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

const PARTITION: Readonly<Record<Channel, number>> = { email: 0, sms: 1 };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Each channel's calls wait on the previous one's slot: one call every 1000/rate ms. */
function pacer(ratePerSecond: Readonly<Record<Channel, number>>) {
  const slots: Record<Channel, Promise<void>> = { email: Promise.resolve(), sms: Promise.resolve() };
  return (channel: Channel): Promise<void> => {
    const mine = slots[channel];
    slots[channel] = mine.then(() => sleep(1000 / ratePerSecond[channel]));
    return mine;
  };
}

const decode = (m: KafkaMessage) => JSON.parse(m.value?.toString() ?? "{}") as NotificationRequest;

export async function startNotificationPipeline(kafka: Kafka, options: PipelineOptions): Promise<RunningPipeline> {
  const session = options.sessionTimeout !== undefined ? { sessionTimeout: options.sessionTimeout } : {};
  const producer = kafka.producer({ idempotent: true });
  const intake = kafka.consumer({ groupId: `${options.groupId}-intake`, ...session });
  const sender = kafka.consumer({ groupId: `${options.groupId}-sender`, ...session });
  const pace = pacer(options.ratePerSecond);
  const state = { stopping: false };

  await producer.connect();
  await intake.connect();
  await sender.connect();
  await intake.subscribe({ topic: options.sourceTopic, fromBeginning: true });
  await sender.subscribe({ topic: options.handoffTopic, fromBeginning: true });

  await intake.run({
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      const messages: Message[] = batch.messages.map((m) => {
        const request = decode(m);
        return { key: request.taskId, value: m.value, partition: PARTITION[request.channel] };
      });
      if (messages.length === 0) return;
      await producer.send({ topic: options.handoffTopic, acks: -1, messages });
      // The whole batch is on the hand-off topic: only now may its offsets be committed.
      const last = batch.messages.at(-1);
      if (last) resolveOffset(last.offset);
      await commitOffsetsIfNecessary();
    },
  });

  await sender.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 2,
    eachMessage: async ({ topic, partition, message, heartbeat }) => {
      const request = decode(message);
      for (let attempt = 1; ; attempt++) {
        if (state.stopping) throw new Error(`stopped before ${request.id} was delivered`);
        await pace(request.channel);
        await heartbeat();
        const ok = await options.deliver(request).then(
          () => true,
          () => false,
        );
        if (ok) break;
        await sleep(Math.min(150 * attempt, 1_000));
      }
      await sender.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });

  return {
    stop: async () => {
      state.stopping = true;
      await Promise.all([intake.disconnect(), sender.disconnect()]);
      await producer.disconnect();
    },
  };
}
