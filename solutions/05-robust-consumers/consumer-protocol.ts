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
 * A member of a consumer group on Kafka 4's consumer protocol (KIP-848): the broker assigns the
 * partitions and moves only those that change owner, so a member joining or leaving does not stop
 * the others. Each record is committed after it was handled (at-least-once).
 */
export async function startGroupMember(options: GroupMemberOptions): Promise<GroupMember> {
  const consumer = new Consumer({
    ...options.client,
    groupId: options.groupId,
    groupProtocol: "consumer",
    deserializers: stringDeserializers,
    maxWaitTime: 500,
  });
  const stream = await consumer.consume({
    topics: [options.topic],
    // Continue from the group's committed offsets; only a partition without a commit starts at
    // the beginning. 'earliest' would re-read every partition from 0 after each rebalance.
    mode: "committed",
    fallbackMode: "earliest",
    autocommit: false,
  });
  const loop = (async () => {
    for await (const message of stream) {
      await options.handle({
        partition: message.partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
      });
      // While the group reconciles, the broker can refuse a commit made with the member's old
      // epoch (STALE_MEMBER_EPOCH). The client keeps the offset queued and sends it with the next
      // commit, so a refusal must not end the loop (and with it the whole member).
      try {
        await message.commit();
      } catch {
        // refused for now; sent again with the next commit
      }
    }
  })();
  // A failing handle ends the loop; close() still cleans up.
  loop.catch(() => {});
  return {
    close: async () => {
      await stream.close();
      await loop.catch(() => {});
      await consumer.close();
    },
  };
}
