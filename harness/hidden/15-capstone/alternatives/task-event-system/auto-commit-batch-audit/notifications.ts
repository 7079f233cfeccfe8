// Alternative correct solution: functions; eachMessage with kafkajs's auto-commit (an offset is
// committed only once its handler returned, i.e. after the send or the dead-lettering; a handler that
// throws leaves it uncommitted); dead letters through sendBatch; a retry helper that takes a token per call.
import type { Kafka, KafkaMessage } from "kafkajs";
import {
  CHANNELS,
  DLT_HEADERS,
  EVENT_TYPES,
  type Channel,
  type Notification,
  type TaskEvent,
} from "@exercise/15-capstone/events.js";
import { TokenBucket } from "@exercise/15-capstone/rate-limit.js";

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

const isChannel = (v: unknown): v is Channel => CHANNELS.some((c) => c === v);
const isType = (v: unknown): v is TaskEvent["type"] => EVENT_TYPES.some((t) => t === v);

/** The event, or undefined with the reason written to `why`. */
function readEvent(m: KafkaMessage, why: { reason: string }): TaskEvent | undefined {
  try {
    const v = JSON.parse(m.value?.toString() ?? "") as Partial<Record<keyof TaskEvent, unknown>> | null;
    const ok =
      v !== null &&
      typeof v === "object" &&
      typeof v.eventId === "string" &&
      typeof v.taskId === "string" &&
      typeof v.message === "string" &&
      isChannel(v.channel) &&
      isType(v.type);
    if (ok) return v as TaskEvent;
    why.reason = "not a task event (eventId, taskId, message, channel or type missing or invalid)";
  } catch (e) {
    why.reason = `not JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  return undefined;
}

async function withRetries(call: () => Promise<void>, before: () => Promise<void>, giveUp: () => boolean) {
  for (let attempt = 1; ; attempt++) {
    await before();
    try {
      return await call();
    } catch (e) {
      if (attempt === 5 || giveUp()) throw e;
    }
    await new Promise((r) => setTimeout(r, 30 * attempt));
  }
}

export async function startNotificationService(kafka: Kafka, options: NotificationOptions): Promise<RunningService> {
  const limiter = new Map<Channel, TokenBucket>(CHANNELS.map((c) => [c, new TokenBucket(options.limits[c])]));
  const consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 200,
    ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const life = { stopping: false };

  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ topic, partition, message }) => {
      const why = { reason: "" };
      const event = readEvent(message, why);
      if (event === undefined) {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [
            {
              topic: options.dltTopic,
              messages: [
                {
                  key: message.key,
                  value: message.value,
                  headers: {
                    ...message.headers,
                    [DLT_HEADERS.topic]: topic,
                    [DLT_HEADERS.partition]: `${partition}`,
                    [DLT_HEADERS.offset]: message.offset,
                    [DLT_HEADERS.error]: why.reason,
                  },
                },
              ],
            },
          ],
        });
        return;
      }
      if (await options.processed.has(event.eventId)) return;
      const notification: Notification = {
        eventId: event.eventId,
        taskId: event.taskId,
        channel: event.channel,
        message: event.message,
      };
      const bucket = limiter.get(event.channel);
      if (!bucket) throw new Error(`no limiter for ${event.channel}`);
      await withRetries(
        () => options.send(notification),
        () => bucket.take(),
        () => life.stopping,
      );
      await options.processed.add(event.eventId);
    },
  });

  return {
    stop: async () => {
      life.stopping = true;
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
