// Alternative correct solution: a class; eachBatch per partition (three partitions at once) with
// offsets resolved by hand after each event is sent or dead-lettered and committed by kafkajs's
// auto-commit at the end of the batch (and on stop); heartbeats between events; a slot-booking limiter.
import type { Batch, Consumer, Kafka, KafkaMessage, Producer } from "kafkajs";
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

type Parsed = { readonly ok: true; readonly event: TaskEvent } | { readonly ok: false; readonly reason: string };

function parse(value: Buffer | null): Parsed {
  let v: Record<string, unknown>;
  try {
    const raw: unknown = JSON.parse(value?.toString() ?? "");
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      return { ok: false, reason: "not a JSON object" };
    v = raw as Record<string, unknown>;
  } catch (e) {
    return { ok: false, reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const missing = ["eventId", "taskId", "message"].find((f) => typeof v[f] !== "string");
  if (missing) return { ok: false, reason: `${missing} is missing or not a string` };
  if (!CHANNELS.some((c) => c === v.channel)) return { ok: false, reason: `unknown channel ${String(v.channel)}` };
  if (!EVENT_TYPES.some((t) => t === v.type)) return { ok: false, reason: `unknown type ${String(v.type)}` };
  return { ok: true, event: v as unknown as TaskEvent };
}

class NotificationService implements RunningService {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly buckets: Record<Channel, TokenBucket>;
  private stopping = false;

  constructor(
    kafka: Kafka,
    private readonly options: NotificationOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      maxWaitTimeInMs: 200,
      ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
    });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.buckets = { email: new TokenBucket(options.limits.email), sms: new TokenBucket(options.limits.sms) };
  }

  async start(): Promise<this> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          // A failure throws out of the batch: this event and the rest stay unresolved and come back.
          await this.handle(batch, message);
          resolveOffset(message.offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
        }
      },
    });
    return this;
  }

  private async handle(batch: Batch, message: KafkaMessage): Promise<void> {
    const parsed = parse(message.value);
    if (!parsed.ok) {
      await this.producer.send({
        topic: this.options.dltTopic,
        acks: -1,
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: {
              ...message.headers,
              [DLT_HEADERS.topic]: batch.topic,
              [DLT_HEADERS.partition]: String(batch.partition),
              [DLT_HEADERS.offset]: message.offset,
              [DLT_HEADERS.error]: parsed.reason,
            },
          },
        ],
      });
      return;
    }
    const { eventId, taskId, channel, message: text } = parsed.event;
    if (await this.options.processed.has(eventId)) return;
    await this.deliver({ eventId, taskId, channel, message: text }, 1);
    await this.options.processed.add(eventId);
  }

  /** Each attempt is a provider call and takes its own slot. */
  private async deliver(n: Notification, attempt: number): Promise<void> {
    await this.buckets[n.channel].take();
    try {
      await this.options.send(n);
    } catch (e) {
      if (attempt >= 5 || this.stopping) throw e;
      await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      await this.deliver(n, attempt + 1);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }
}

export function startNotificationService(kafka: Kafka, options: NotificationOptions): Promise<RunningService> {
  return new NotificationService(kafka, options).start();
}
