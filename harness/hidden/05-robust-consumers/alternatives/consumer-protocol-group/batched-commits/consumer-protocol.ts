// Alternative correct solution: a class that commits the newest handled record per partition every 200 ms.
import { Consumer, stringDeserializers, type BaseOptions } from "@platformatic/kafka";

/** One record as the member hands it on. */
export interface TaskRecord {
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string;
  readonly value: string;
}

export interface GroupMemberOptions {
  /** Where the cluster is and who this client is: `clientId`, `bootstrapBrokers` (and TLS/SASL when needed). */
  readonly client: BaseOptions;
  readonly topic: string;
  readonly groupId: string;
  /** The work for one record; it may take a while. */
  readonly handle: (record: TaskRecord) => Promise<void>;
}

export interface GroupMember {
  /** Stops reading, leaves the group, closes the client. */
  close(): Promise<void>;
}

type Committable = { commit(): void | Promise<void> };

/**
 * A member as a class that commits in batches: the newest handled record of each partition is
 * committed every 200 ms (a commit covers everything before it), and once more on close.
 */
class BatchedMember implements GroupMember {
  readonly #pending = new Map<number, Committable>();
  readonly #timer = setInterval(() => void this.#flush(), 200);
  #loop: Promise<void> = Promise.resolve();

  private constructor(
    private readonly consumer: Consumer<string, string, string, string>,
    private readonly stream: Awaited<ReturnType<Consumer<string, string, string, string>["consume"]>>,
  ) {}

  static async start(options: GroupMemberOptions): Promise<BatchedMember> {
    const consumer = new Consumer({
      ...options.client,
      groupId: options.groupId,
      groupProtocol: "consumer",
      deserializers: stringDeserializers,
    });
    const stream = await consumer.consume({
      topics: [options.topic],
      mode: "committed",
      fallbackMode: "earliest",
      autocommit: false,
    });
    const member = new BatchedMember(consumer, stream);
    member.#loop = member.#run(options.handle).catch(() => {});
    return member;
  }

  async #run(handle: GroupMemberOptions["handle"]): Promise<void> {
    for await (const m of this.stream) {
      await handle({ partition: m.partition, offset: m.offset, key: m.key, value: m.value });
      this.#pending.set(m.partition, m);
    }
  }

  async #flush(): Promise<void> {
    const due = [...this.#pending.values()];
    this.#pending.clear();
    await Promise.all(due.map(async (m) => m.commit())).catch(() => {});
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#flush();
    await this.stream.close();
    await this.#loop;
    await this.consumer.close();
  }
}

export function startGroupMember(options: GroupMemberOptions): Promise<GroupMember> {
  return BatchedMember.start(options);
}
