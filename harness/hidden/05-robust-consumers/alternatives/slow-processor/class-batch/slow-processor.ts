// Alternative correct solution: a class; eachBatch with a while loop, commitOffsetsIfNecessary after each event.
import type { Consumer, EachBatchPayload, Kafka } from "kafkajs";
import type { TaskEvent } from "@exercise/05-robust-consumers/at-least-once.js";

export type { TaskEvent } from "@exercise/05-robust-consumers/at-least-once.js";

export interface SlowProcessorOptions {
  readonly topic: string;
  readonly groupId: string;
  readonly process: (event: TaskEvent) => Promise<void>;
  readonly sessionTimeout: number;
  readonly heartbeatInterval: number;
}

export interface SlowProcessor {
  readonly consumer: Consumer;
  stop(): Promise<void>;
}

class BatchProcessor implements SlowProcessor {
  readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly options: SlowProcessorOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeout,
      heartbeatInterval: options.heartbeatInterval,
    });
  }

  async start(): Promise<this> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await this.consumer.run({ eachBatchAutoResolve: false, eachBatch: (p) => this.work(p) });
    return this;
  }

  private async work(p: EachBatchPayload): Promise<void> {
    let i = 0;
    while (i < p.batch.messages.length && p.isRunning() && !p.isStale()) {
      const m = p.batch.messages[i++];
      if (!m) break;
      await this.options.process(JSON.parse(String(m.value)) as TaskEvent);
      p.resolveOffset(m.offset);
      await p.commitOffsetsIfNecessary();
      await p.heartbeat();
    }
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

export function startSlowProcessor(kafka: Kafka, options: SlowProcessorOptions): Promise<SlowProcessor> {
  return new BatchProcessor(kafka, options).start();
}
