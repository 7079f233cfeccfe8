import type { Admin, Kafka } from "kafkajs";
import { kafkaClient } from "../broker/probe.js";
import type { KafkaConnection } from "../broker/types.js";
import { readBrokers, readGroups, readNames, readTopics } from "./admin-reads.js";
import { readPage, type PageRequest } from "./records.js";
import type { BrokerNode, GroupInfo, NameSnapshot, RecordPage, TopicInfo } from "./types.js";

export type * from "./types.js";
export { createdBetween } from "./created.js";
export { addLagSamples, lagSamples, lagShape, type LagHistory, type LagSample, type LagShape } from "./lag-history.js";
export { bar, sparkline } from "./pictures.js";
export type { PageRequest } from "./records.js";

/** A read-only view of one broker or cluster through the course client's admin API. */
export interface Inspector {
  names(): Promise<NameSnapshot>;
  topics(only?: readonly string[]): Promise<TopicInfo[]>;
  groups(only?: readonly string[]): Promise<GroupInfo[]>;
  brokers(): Promise<BrokerNode[]>;
  records(req: PageRequest): Promise<RecordPage>;
  close(): Promise<void>;
}

/** Connects lazily, once; `close` is safe to call when nothing was read. */
export function createInspector(connection: KafkaConnection, clientId = "kafka-course-inspector"): Inspector {
  const kafka: Kafka = kafkaClient(connection, clientId);
  let admin: Promise<Admin> | undefined;
  const connected = (): Promise<Admin> => {
    admin ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })().catch((e: unknown) => {
      admin = undefined;
      throw e;
    });
    return admin;
  };
  return {
    names: async () => readNames(await connected()),
    topics: async (only) => readTopics(await connected(), only),
    groups: async (only) => readGroups(await connected(), only),
    brokers: async () => readBrokers(await connected()),
    records: async (req) => readPage(kafka, await connected(), req),
    close: async () => {
      const a = await admin?.catch(() => undefined);
      admin = undefined;
      await a?.disconnect();
    },
  };
}
