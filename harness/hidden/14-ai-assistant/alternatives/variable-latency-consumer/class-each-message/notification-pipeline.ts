// Alternative correct solution: one class owns both stages; both consume with eachMessage (kafkajs
// heartbeats between messages, and the sender heartbeats again before each slow call); a sliding-window
// limiter per channel; a failed call is retried in place until it succeeds or the pipeline stops.
import type { Consumer, Kafka, Producer } from "kafkajs";

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

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** At most `rate` calls started in any 1000 ms window, remembered per channel. */
class SlidingWindowLimiter {
  private readonly started: Record<Channel, number[]> = { email: [], sms: [] };

  constructor(private readonly rate: Readonly<Record<Channel, number>>) {}

  async take(channel: Channel): Promise<void> {
    const log = this.started[channel];
    for (;;) {
      const now = Date.now();
      while (log.length > 0 && now - (log[0] ?? 0) > 1_000) log.shift();
      if (log.length < this.rate[channel]) {
        log.push(now);
        return;
      }
      await sleep((log[0] ?? now) + 1_001 - now);
    }
  }
}

class NotificationPipeline implements RunningPipeline {
  private readonly producer: Producer;
  private readonly intake: Consumer;
  private readonly sender: Consumer;
  private readonly limiter: SlidingWindowLimiter;
  private stopping = false;

  constructor(
    kafka: Kafka,
    private readonly options: PipelineOptions,
  ) {
    const session = options.sessionTimeout === undefined ? {} : { sessionTimeout: options.sessionTimeout };
    this.producer = kafka.producer({ idempotent: true });
    this.intake = kafka.consumer({ groupId: `${options.groupId}-intake`, ...session });
    this.sender = kafka.consumer({ groupId: `${options.groupId}-sender`, ...session });
    this.limiter = new SlidingWindowLimiter(options.ratePerSecond);
  }

  async start(): Promise<this> {
    await Promise.all([this.producer.connect(), this.intake.connect(), this.sender.connect()]);
    await this.intake.subscribe({ topic: this.options.sourceTopic, fromBeginning: true });
    await this.sender.subscribe({ topic: this.options.handoffTopic, fromBeginning: true });
    await this.intake.run({
      // The offset is committed only after this returns, i.e. once the hand-off is acknowledged.
      eachMessage: async ({ message }) => {
        const request = JSON.parse(message.value?.toString() ?? "{}") as NotificationRequest;
        await this.producer.send({
          topic: this.options.handoffTopic,
          acks: -1,
          messages: [{ key: request.taskId, value: message.value, partition: request.channel === "email" ? 0 : 1 }],
        });
      },
    });
    await this.sender.run({
      partitionsConsumedConcurrently: 2,
      eachMessage: async ({ message, heartbeat }) => {
        await this.send(JSON.parse(message.value?.toString() ?? "{}") as NotificationRequest, heartbeat);
      },
    });
    return this;
  }

  /** Returns only once delivered; throws (so nothing is committed) if the pipeline stops first. */
  private async send(request: NotificationRequest, heartbeat: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (this.stopping) throw new Error(`stopping before ${request.id} was delivered`);
      await this.limiter.take(request.channel);
      await heartbeat();
      try {
        await this.options.deliver(request);
        return;
      } catch {
        await sleep(Math.min(100 * 2 ** attempt, 1_000));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.intake.disconnect(), this.sender.disconnect()]);
    await this.producer.disconnect();
  }
}

export function startNotificationPipeline(kafka: Kafka, options: PipelineOptions): Promise<RunningPipeline> {
  return new NotificationPipeline(kafka, options).start();
}
