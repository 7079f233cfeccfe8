import { randomUUID } from "node:crypto";
import { Admin, type BaseOptions } from "@platformatic/kafka";
import type { KafkaConnection } from "../broker/types.js";
import { courseContext } from "./kafka.js";

/** The course broker's connection in @platformatic/kafka's terms (its SASL names are upper case). */
export function platformaticOptions(connection: KafkaConnection, clientId: string): BaseOptions {
  return {
    clientId,
    bootstrapBrokers: [...connection.brokers],
    ...(connection.ssl && { tls: {} }),
    ...(connection.sasl && {
      sasl: {
        mechanism: connection.sasl.mechanism.toUpperCase() as "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512",
        username: connection.sasl.username,
        password: connection.sasl.password,
      },
    }),
  };
}

/** What a check hands the learner's @platformatic/kafka code: the course broker, a fresh client id. */
export function testPlatformatic(clientId = `check-${randomUUID().slice(0, 8)}`): BaseOptions {
  return platformaticOptions(courseContext().connection, clientId);
}

/**
 * The group's type as the broker reports it ("consumer" for KIP-848, "classic" otherwise), or
 * undefined when the broker does not list it. ListGroups v5 filters by type; describeGroups
 * cannot be used, it speaks the classic API and shows a consumer-protocol group as Dead.
 */
export async function groupType(groupId: string): Promise<string | undefined> {
  const admin = new Admin(testPlatformatic("check-admin"));
  try {
    const groups = await admin.listGroups({ types: ["consumer", "classic"] });
    return groups.get(groupId)?.groupType;
  } finally {
    await admin.close();
  }
}
