import type { JvmRunningBroker } from "../broker/jvm-provider.js";
import type { RunningBroker } from "../broker/types.js";
import type { CourseContext } from "../testkit/provided.js";

/** What hidden checks are given about a running broker: its address and, if any, its fault-injection listener. */
export function contextFor(broker: RunningBroker): CourseContext {
  const proxied = (broker as Partial<JvmRunningBroker>).proxied;
  return { connection: broker.connection, ...(proxied && { proxied }) };
}
