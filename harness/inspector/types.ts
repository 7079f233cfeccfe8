/** What the inspector reads from a broker: plain data for the UI (and any other reader). */
export interface PartitionInfo {
  readonly partition: number;
  /** -1 when the partition has no leader (its replicas are all down). */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  /** The log start offset: records below it were deleted by retention. */
  readonly low: number;
  /** The high watermark: the offset the next record will get. */
  readonly high: number;
}

export interface TopicInfo {
  readonly name: string;
  readonly partitions: readonly PartitionInfo[];
}

export interface RecordRow {
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RecordPage {
  readonly topic: string;
  readonly partition: number;
  readonly from: number;
  readonly records: readonly RecordRow[];
  /** Where the next page starts; equal to `high` at the end of the partition. */
  readonly next: number;
  readonly low: number;
  readonly high: number;
}

export interface GroupMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  /** Topic → partitions this member owns. */
  readonly assignment: Readonly<Record<string, readonly number[]>>;
}

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** -1: the group never committed on this partition. */
  readonly committed: number;
  readonly high: number;
  /** high − committed; the whole partition (high − low) when nothing was committed. */
  readonly lag: number;
}

export interface GroupInfo {
  readonly groupId: string;
  /** Stable, PreparingRebalance, CompletingRebalance, Empty, Dead. */
  readonly state: string;
  readonly members: readonly GroupMember[];
  readonly lags: readonly PartitionLag[];
}

export interface BrokerNode {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

/** The names on a broker at one moment: two of them tell what a check created. */
export interface NameSnapshot {
  readonly topics: readonly string[];
  readonly groups: readonly string[];
}
