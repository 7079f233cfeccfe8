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

const PARTITION: Readonly<Record<Channel, number>> = { email: 0, sms: 1 };

/** Spaces calls per channel so no second sees more than the limit: one call every 1000/rate ms. */
export function rateLimiter(ratePerSecond: Readonly<Record<Channel, number>>) {
  const next: Record<Channel, number> = { email: 0, sms: 0 };
  return {
    async take(channel: Channel): Promise<void> {
      const now = Date.now();
      const at = Math.max(now, next[channel]);
      next[channel] = at + 1000 / ratePerSecond[channel];
      if (at > now) await new Promise((r) => setTimeout(r, at - now));
    },
  };
}

const parse = (m: KafkaMessage) => JSON.parse(m.value?.toString() ?? "{}") as NotificationRequest;

/**
 * Stage 1 (intake) reads requests as fast as they come and hands each to a durable topic, one
 * partition per channel; stage 2 (sender) sends them at the provider's pace, heartbeating between
 * slow calls, and commits only what was delivered. Both at least once.
 */
export async function startNotificationPipeline(kafka: Kafka, options: PipelineOptions): Promise<RunningPipeline> {
  const session = options.sessionTimeout !== undefined ? { sessionTimeout: options.sessionTimeout } : {};
  const producer = kafka.producer({ idempotent: true });
  const intake = kafka.consumer({ groupId: `${options.groupId}-intake`, ...session });
  const sender = kafka.consumer({ groupId: `${options.groupId}-sender`, ...session });
  const limiter = rateLimiter(options.ratePerSecond);

  await producer.connect();
  await intake.connect();
  await sender.connect();
  await intake.subscribe({ topic: options.sourceTopic, fromBeginning: true });
  await sender.subscribe({ topic: options.handoffTopic, fromBeginning: true });

  // Stage 1: fast. The offset is committed after eachMessage returns, i.e. after the hand-off is acknowledged.
  await intake.run({
    eachMessage: async ({ message }) => {
      const request = parse(message);
      await producer.send({
        topic: options.handoffTopic,
        acks: -1,
        messages: [{ key: request.taskId, value: message.value, partition: PARTITION[request.channel] }],
      });
    },
  });

  // Stage 2: slow and rate-limited, one partition (channel) at a time each, both channels at once.
  await sender.run({
    partitionsConsumedConcurrently: 2,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        const request = parse(message);
        await limiter.take(request.channel);
        await options.deliver(request);
        // Only now is it done: a crash before this line delivers it again, never loses it.
        resolveOffset(message.offset);
        // A batch of slow calls can outlast the session timeout: tell the coordinator we are alive.
        await heartbeat();
      }
    },
  });

  return {
    stop: async () => {
      await Promise.all([intake.disconnect(), sender.disconnect()]);
      await producer.disconnect();
    },
  };
}
