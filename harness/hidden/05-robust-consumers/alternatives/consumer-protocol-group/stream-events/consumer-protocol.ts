// Alternative correct solution: the stream's data events with pause/resume instead of an async iterator.
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

/**
 * The same member driven by the stream's events instead of an async iterator: the stream is
 * paused while one record is handled, so records are still handled one at a time, in order.
 */
export async function startGroupMember(options: GroupMemberOptions): Promise<GroupMember> {
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
  stream.on("data", (message) => {
    stream.pause();
    const record = { partition: message.partition, offset: message.offset, key: message.key, value: message.value };
    options
      .handle(record)
      .then(() => message.commit())
      // A refused commit (stale member epoch while the group reconciles) is sent again with the next one.
      .catch(() => {})
      .finally(() => stream.resume());
  });
  return {
    close: async () => {
      await stream.close();
      await consumer.close();
    },
  };
}
