import type { Kafka, KafkaMessage } from "kafkajs";
import { CHANNELS, DLT_HEADERS, EVENT_TYPES, type Channel, type Notification, type TaskEvent } from "./events.js";
import { TokenBucket } from "./rate-limit.js";

/** Where the service remembers which event ids it has sent; it outlives one instance (a table). */
export interface ProcessedStore {
  has(eventId: string): boolean | Promise<boolean>;
  add(eventId: string): unknown;
}

export interface NotificationOptions {
  readonly topic: string;
  readonly groupId: string;
  /** Where malformed events go, with their origin and the error in headers (R6). */
  readonly dltTopic: string;
  /** Sends per second per channel, never exceeded in any one-second window (R5). */
  readonly limits: Readonly<Record<Channel, number>>;
  /** The provider call; it may throw (provider down, timeout). */
  readonly send: (notification: Notification) => Promise<void>;
  readonly processed: ProcessedStore;
  readonly sessionTimeout?: number;
}

export interface RunningService {
  /** Stops fetching, lets the current event finish or fail, leaves the group, disconnects. */
  stop(): Promise<void>;
}

/** The value as a task event, or the reason it is not one. */
export function parseTaskEvent(value: Buffer | null): TaskEvent | { readonly error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value?.toString() ?? "");
  } catch (e) {
    return { error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const v = parsed as Partial<Record<keyof TaskEvent, unknown>> | null;
  if (typeof v !== "object" || v === null) return { error: "not a JSON object" };
  for (const field of ["eventId", "taskId", "message"] as const) {
    if (typeof v[field] !== "string") return { error: `${field} is missing or not a string` };
  }
  if (!CHANNELS.includes(v.channel as Channel)) return { error: `unknown channel ${String(v.channel)}` };
  if (!EVENT_TYPES.includes(v.type as TaskEvent["type"])) return { error: `unknown type ${String(v.type)}` };
  return v as unknown as TaskEvent;
}

const ATTEMPTS = 5;
const PARTITIONS_IN_PARALLEL = 3;

/**
 * The notification service (R4–R7): at least once (the offset is committed only after the send
 * or the dead-lettering), deduplicated by event id, rate-limited per channel by token buckets,
 * and never stalled by a malformed event.
 */
export async function startNotificationService(kafka: Kafka, options: NotificationOptions): Promise<RunningService> {
  const buckets: Record<Channel, TokenBucket> = {
    email: new TokenBucket(options.limits.email),
    sms: new TokenBucket(options.limits.sms),
  };
  const consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 200,
    ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let stopping = false;

  /** Every attempt is a provider call, so every attempt takes a token. */
  async function sendWithRetry(n: Notification): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await buckets[n.channel].take();
      try {
        await options.send(n);
        return;
      } catch (e) {
        // Out of attempts, or shutting down: fail the event; it is not committed, so it comes back.
        if (attempt >= ATTEMPTS || stopping) throw e;
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
  }

  async function deadLetter(topic: string, partition: number, message: KafkaMessage, error: string) {
    await producer.send({
      topic: options.dltTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [DLT_HEADERS.topic]: topic,
            [DLT_HEADERS.partition]: String(partition),
            [DLT_HEADERS.offset]: message.offset,
            [DLT_HEADERS.error]: error,
          },
        },
      ],
    });
  }

  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    // Partitions in parallel (order holds within each); the buckets are shared, so limits still hold.
    partitionsConsumedConcurrently: PARTITIONS_IN_PARALLEL,
    eachMessage: async ({ topic, partition, message }) => {
      const event = parseTaskEvent(message.value);
      if ("error" in event) {
        // Retrying cannot fix a malformed event: set it aside with its context and move on.
        await deadLetter(topic, partition, message, event.error);
      } else if (!(await options.processed.has(event.eventId))) {
        const { eventId, taskId, channel, message: text } = event;
        await sendWithRetry({ eventId, taskId, channel, message: text });
        await options.processed.add(eventId);
      }
      // Only now is the event done: commit the next offset to read.
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });

  return {
    async stop() {
      stopping = true;
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
