import type { JvmRunningBroker } from "../broker/jvm-provider.js";
import type { RunningBroker } from "../broker/types.js";
import type { CourseContext } from "../testkit/provided.js";

/** What hidden checks are given about a running broker: its address and, if any, its fault-injection listener. */
export function contextFor(broker: RunningBroker): CourseContext {
  const proxied = (broker as Partial<JvmRunningBroker>).proxied;
  return { connection: broker.connection, ...(proxied && { proxied }) };
}

/** A broker someone else runs, as the session sees it: the project's tests hand theirs in this way. */
export function brokerFromContext(ctx: CourseContext): RunningBroker & { proxied?: CourseContext["proxied"] } {
  return {
    provider: "env",
    description: `the test suite's broker at ${ctx.connection.brokers.join(",")}`,
    connection: ctx.connection,
    startMs: 0,
    ...(ctx.proxied && { proxied: ctx.proxied }),
    stop: async () => {},
  };
}
