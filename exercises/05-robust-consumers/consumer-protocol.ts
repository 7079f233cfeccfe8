import type { BaseOptions } from "@platformatic/kafka";

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
 * Join `groupId` on Kafka 4's consumer protocol (KIP-848) with @platformatic/kafka's `Consumer`
 * and hand every record of `topic` to `handle`, one at a time, committing each after it was
 * handled. A new group starts at the beginning of each partition; after a rebalance a member
 * continues where the group committed. Return once the member is consuming.
 */
export async function startGroupMember(options: GroupMemberOptions): Promise<GroupMember> {
  void options;
  throw new Error(
    "TODO: join the group on the consumer protocol (lesson 5, section 'Kafka 4's consumer protocol (KIP-848)')",
  );
}
